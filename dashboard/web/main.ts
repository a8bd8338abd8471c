// The dashboard page: asks who is signed in, then shows the view the URL's hash names (#/overview, ...).
import { api, getSession, type SessionInfo } from './api';
import { destroyCharts } from './charts';
import { h } from './dom';
import { renderOverview } from './views/overview';
import { renderList } from './views/list';
import { renderRecord } from './views/record';
import { renderReview } from './views/review';
import { renderSearch } from './views/search';
import { renderSignIn } from './views/sign-in';

interface Route { path: string; title: string; need: string; hidden?: boolean; render(root: HTMLElement): Promise<void> }

const ROUTES: Route[] = [
  { path: '#/overview', title: 'Overview', need: 'overview', render: renderOverview },
  { path: '#/lists', title: 'Priority list', need: 'lists', render: (root) => renderList(root) },
  { path: '#/search', title: 'Search', need: 'overview', render: (root) => renderSearch(root, /^#\/search\/similar\/(\d+)$/.exec(location.hash)?.[1]) },
  { path: '#/review', title: 'Review queue', need: 'review', render: renderReview },
  { path: '#/golden/', title: 'Record', need: 'overview', hidden: true, render: (root) => renderRecord(root, location.hash.slice('#/golden/'.length)) },
];

let session: SessionInfo;

function renderChrome(current: Route | undefined): void {
  const nav = document.getElementById('nav')!;
  const caps = session.user?.capabilities ?? [];
  nav.replaceChildren(...ROUTES.filter((r) => !r.hidden && caps.includes(r.need)).map((r) => h('a', { href: r.path, class: r === current ? 'active' : '' }, r.title)));
  const who = document.getElementById('whoami')!;
  who.replaceChildren(...(session.user ? [
    `${session.user.username} (${session.user.roles.join(', ')})`,
    session.auth === 'local' ? h('button', { id: 'signout', onclick: () => void api.del('/api/session').then(start) }, 'Sign out') : null,
  ].filter((x) => x !== null) : []));
}

async function show(): Promise<void> {
  const root = document.getElementById('view')!;
  destroyCharts();
  if (!session.user) {
    renderChrome(undefined);
    renderSignIn(root, session, () => void start());
    return;
  }
  const route = ROUTES.find((r) => location.hash.startsWith(r.path)) ?? ROUTES[0]!;
  renderChrome(route);
  delete root.dataset.view;
  root.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  try {
    await route.render(root);
  } catch (err) {
    root.replaceChildren(h('p', { class: 'error' }, `Could not load ${route.title}: ${(err as Error).message}`));
  }
}

async function start(): Promise<void> {
  session = await getSession();
  await show();
}

window.addEventListener('hashchange', () => void show());
void start();
