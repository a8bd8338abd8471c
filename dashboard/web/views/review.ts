// The review queue: pairs the dedupe pass scored in the review band, strongest first, the two contacts side by side
// (fields that differ highlighted) with Merge and Keep apart; each starts the CLI's DedupeDecisionWorkflow with the
// reviewer as actor, and the pair leaves the queue.
import { api } from '../api';
import { fmt, h } from '../dom';
import { writeButton } from '../write';

interface Side { id: number; goldenId: number | null; firstName: string | null; lastName: string | null; email: string | null; phone: string | null; address: string | null; city: string | null; state: string | null; postalCode: string | null; dob: string | null; source: string }
interface Pair { id: number; score: number; evidence: string; createdAt: string; a: Side; b: Side }

const FIELDS: Array<[string, (s: Side) => string | null]> = [
  ['contact', (s) => `#${s.id}`], ['golden record', (s) => (s.goldenId === null ? null : `#${s.goldenId}`)],
  ['first name', (s) => s.firstName], ['last name', (s) => s.lastName], ['e-mail', (s) => s.email], ['phone', (s) => s.phone],
  ['address', (s) => s.address], ['city', (s) => s.city], ['state', (s) => s.state], ['postal code', (s) => s.postalCode], ['birth date', (s) => s.dob], ['source', (s) => s.source],
];

function pairCard(p: Pair, onDecided: () => Promise<void>): HTMLElement {
  const status = h('span', { class: 'muted' });
  const rows = FIELDS.map(([label, get]) => {
    const a = get(p.a) ?? '';
    const b = get(p.b) ?? '';
    const differs = label !== 'contact' && label !== 'golden record' && label !== 'source' && a.toLowerCase() !== b.toLowerCase();
    return h('tr', {}, h('th', {}, label), h('td', differs ? { class: 'differs' } : {}, a), h('td', differs ? { class: 'differs' } : {}, b));
  });
  const body = (decision: string) => () => ({ contactA: p.a.id, contactB: p.b.id, decision });
  return h('div', { class: 'pair', 'data-pair': `${p.a.id}-${p.b.id}` },
    h('h3', {}, `Score ${p.score.toFixed(2)} `, h('span', { class: 'muted' }, p.evidence)),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'A'), h('th', {}, 'B'))), h('tbody', {}, ...rows)),
    h('div', { class: 'actions' },
      writeButton('Merge', { class: 'primary decide-merge' }, '/api/review/decisions', body('merge'), status, onDecided),
      writeButton('Keep apart', { class: 'decide-keep-apart' }, '/api/review/decisions', body('keep-apart'), status, onDecided),
      status));
}

export async function renderReview(root: HTMLElement): Promise<void> {
  const q = await api.get<{ open: number; pairs: Pair[] }>('/api/review?limit=20');
  const reload = async () => {
    // Leave the answer on screen a moment, then show the queue without the decided pair.
    await new Promise((r) => setTimeout(r, 600));
    await renderReview(root);
  };
  root.replaceChildren(
    h('h1', {}, 'Review queue'),
    h('p', { id: 'review-meta', class: 'muted' }, `${fmt(q.open)} open pair(s)${q.pairs.length < q.open ? `, the ${q.pairs.length} strongest` : ''}: decide each; no later pass overrides a decision.`),
    q.pairs.length ? h('div', { id: 'review' }, ...q.pairs.map((p) => pairCard(p, reload))) : h('p', { class: 'muted', id: 'review' }, 'Nothing to review.'),
  );
  root.dataset.view = 'review';
}
