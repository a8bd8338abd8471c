// The priority list: filters (campaign, state, stored compliance tag, source, score range, updated since, sort), the ranked records callable
// now for the campaign (what was left out at this time, and why, above the table), keyset paging forward and back, a page jump, and the CSV
// export of the whole filtered list.
import { api, ApiError } from '../api';
import { fmt, h, table } from '../dom';

interface Row { goldenId: number; score: number; firstName: string | null; lastName: string | null; email: string | null; phone: string | null; state: string; source: string; tag: string; members: number; attempts: number; updatedAt: string }
interface ListAnswer {
  rows: Row[]; next: string | null; prev: string | null; plan: string; total: number | null; size: number;
  campaign: { channel: string; brand: string; dialMode: string };
  evaluated: {
    at: string; rulesVersion: string; class: string; outsideWindowJurisdictions: number; registryStaleAreaCodes: string[]; frequencyCapped: number; exemptionsLapsed: number; optedOutSinceRefresh: number;
  };
}

const FILTERS = ['channel', 'brand', 'dialMode', 'state', 'tag', 'source', 'scoreMin', 'scoreMax', 'updatedSince', 'sort'] as const;

/** The stored compliance tags the API filters on (dashboard/routes/list-routes.ts LIST_TAGS); '' is any. */
const TAGS = ['', 'CALLABLE', 'INVALID_PHONE', 'OPTED_OUT', 'LITIGATOR', 'DNC_FEDERAL', 'DNC_STATE', 'WIRELESS_RESTRICTED', 'UNSCRUBBED'];

let filters: Record<string, string> = {};
let pageNo = 1;

function query(extra: Record<string, string | number> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return q.toString();
}

const input = (name: string, attrs: Record<string, string> = {}) => h('input', { name, id: `f-${name}`, value: filters[name] ?? '', ...attrs });
const select = (name: string, options: string[]) => {
  const el = h('select', { name, id: `f-${name}` }, ...options.map((o) => h('option', { value: o }, o || 'any')));
  el.value = filters[name] ?? options[0] ?? '';
  return el;
};

export async function renderList(root: HTMLElement, move: { after?: string; before?: string; page?: number } = {}): Promise<void> {
  const extra: Record<string, string | number> = {};
  if (move.after) extra.after = move.after;
  if (move.before) extra.before = move.before;
  if (move.page && move.page > 1) extra.page = move.page;
  const error = h('p', { class: 'error', id: 'list-error' });
  let answer: ListAnswer | null = null;
  try {
    answer = await api.get<ListAnswer>(`/api/lists?${query(extra)}`);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 400) throw err;
    error.textContent = err.parameter ? `${err.parameter}: ${err.message}` : err.message;
  }
  const form = h('form', { id: 'list-filters', class: 'filters' },
    h('label', {}, 'Channel ', select('channel', ['', 'VOICE', 'SMS', 'EMAIL'])),
    h('label', {}, 'Brand ', input('brand', { size: '10' })),
    h('label', {}, 'Dialling ', select('dialMode', ['', 'manual', 'automated'])),
    h('label', {}, 'State ', input('state', { size: '8', placeholder: 'CA,NY' })),
    h('label', { title: 'the status tag the last scrub stored (VOICE, automated dialling, no brand); the list holds only records callable for its campaign, so a tag that blocks it is refused' }, 'Compliance tag ', select('tag', TAGS)),
    h('label', {}, 'Source ', select('source', ['', 'mysql', 'sqlite', 'csv'])),
    h('label', {}, 'Score ', input('scoreMin', { size: '4', placeholder: 'min' }), '–', input('scoreMax', { size: '4', placeholder: 'max' })),
    h('label', {}, 'Updated since ', input('updatedSince', { size: '10', placeholder: 'YYYY-MM-DD' })),
    h('label', {}, 'Sort ', select('sort', ['score', 'updated', 'name'])),
    h('button', { class: 'primary', type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    filters = Object.fromEntries(FILTERS.map((k) => [k, String(data.get(k) ?? '').trim()]).filter(([, v]) => v));
    pageNo = 1;
    void renderList(root);
  });
  const rows = answer?.rows ?? [];
  const jump = h('input', { id: 'page-jump', size: '6', placeholder: 'page' });
  const pager = h('div', { class: 'pager' },
    h('button', { id: 'prev', disabled: !answer?.prev, onclick: () => { pageNo = Math.max(1, pageNo - 1); void renderList(root, { before: answer!.prev! }); } }, '‹ Previous'),
    h('span', { id: 'page-no' }, `page ${pageNo}`),
    h('button', { id: 'next', disabled: !answer?.next, onclick: () => { pageNo += 1; void renderList(root, { after: answer!.next! }); } }, 'Next ›'),
    jump,
    h('button', { id: 'go', onclick: () => { const n = Number(jump.value); if (Number.isInteger(n) && n >= 1) { pageNo = n; void renderList(root, { page: n }); } } }, 'Go'),
    h('a', { id: 'export', href: `/api/lists/export.csv?${query()}` }, 'Export CSV'));
  const ev = answer?.evaluated;
  root.replaceChildren(
    h('h1', {}, 'Priority list'),
    form, error,
    ...(answer ? [h('p', { class: 'muted', id: 'list-meta' },
      `${answer.campaign.channel} · ${answer.campaign.brand} · ${answer.campaign.dialMode} — callable at ${ev!.at.slice(0, 16)} UTC (rules ${ev!.rulesVersion}); `,
      `${ev!.outsideWindowJurisdictions} jurisdictions outside their calling window, `,
      `${ev!.registryStaleAreaCodes.length ? `area codes ${ev!.registryStaleAreaCodes.join(', ')} left out (federal registry copy older than 31 days)` : 'no stale registry copy'}, `,
      `${ev!.frequencyCapped} numbers frequency-capped, ${ev!.exemptionsLapsed} exemptions lapsed and ${ev!.optedOutSinceRefresh} records opted out since the refresh`,
      answer.total !== null ? ` — ${fmt(answer.total)} records` : '')] : []),
    table<Row>([
      { title: 'score', num: true, cell: (r) => r.score },
      { title: 'name', cell: (r) => h('a', { href: `#/golden/${r.goldenId}` }, [r.firstName, r.lastName].filter(Boolean).join(' ') || `#${r.goldenId}`) },
      { title: 'phone', cell: (r) => r.phone ?? '' },
      { title: 'e-mail', cell: (r) => r.email ?? '' },
      { title: 'state', cell: (r) => r.state },
      { title: 'source', cell: (r) => r.source },
      { title: 'compliance tag', cell: (r) => r.tag },
      { title: 'members', num: true, cell: (r) => r.members },
      { title: 'attempts (30 d)', num: true, cell: (r) => r.attempts },
      { title: 'updated (UTC)', cell: (r) => r.updatedAt.slice(0, 10) },
    ], rows, { id: 'list' }),
    pager,
  );
  root.dataset.view = 'lists';
}
