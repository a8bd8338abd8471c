// The overview: headline figures, charts (contacts by state, ingestion rate, compliance status by tag as the last
// scrub stored it, reject rate per source), migrations
// with their per-source reconciliation, and the most recent batches with their rejects.
import { api } from '../api';
import { chartCard } from '../charts';
import { fmt, h, pct, table } from '../dom';

interface Overview {
  counts: Record<string, number>;
  states: Array<{ state: string; contacts: number }>;
  refresh: { generation: number; finishedAt: string | null; durationMs: number | null };
}
interface Source {
  sourceName: string; sourceKind: string; status: string; declaredRows: number | null; exportedRows: number | null; batchCount: number | null;
  batchesIngested: number; rowsRead: number; inserted: number; updated: number; unchanged: number; rejected: number; warnings: number;
  rejectRate: number; problems: string[];
}
interface Migration { name: string; startedAt: string; reportStatus: 'ok' | 'mismatch' | null; sources: Source[] }
interface Batch { id: number; migration: string; source: string; batchNo: number; rowsRead: number; inserted: number; updated: number; unchanged: number; rejected: number; warnings: number; importedAt: string; durationMs: number; rowsPerSec: number }

interface Tags { scrub: { id: number; kind: string; finishedAt: string } | null; byStatus: Array<{ status: string; contacts: number }> }

const card = (label: string, value: string, id: string) => h('div', { class: 'card', 'data-metric': id }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
const opt = (counts: Record<string, number>, key: string) => (key in counts ? fmt(counts[key]) : 'not yet');

export async function renderOverview(root: HTMLElement): Promise<void> {
  const [overview, { migrations }, { batches }, tags] = await Promise.all([
    api.get<Overview>('/api/overview'),
    api.get<{ migrations: Migration[] }>('/api/migrations?limit=10'),
    api.get<{ batches: Batch[] }>('/api/batches?limit=100'),
    api.get<Tags>('/api/compliance/tags'),
  ]);
  const c = overview.counts;
  const sources = migrations.flatMap((m) => m.sources.map((s) => ({ ...s, migration: m.name })));
  const chronological = [...batches].reverse();
  root.replaceChildren(
    h('h1', {}, 'Overview'),
    h('div', { class: 'cards' },
      card('Contacts', fmt(c.contacts ?? 0), 'contacts'),
      card('Golden records', opt(c, 'golden_records'), 'golden_records'),
      card('Duplicates merged', opt(c, 'duplicates_merged'), 'duplicates_merged'),
      card('Review queue', opt(c, 'review_queue'), 'review_queue'),
      card('Without e-mail or phone', fmt(c.contacts_without_key ?? 0), 'contacts_without_key'),
      card('Rows rejected', fmt(c.rows_rejected ?? 0), 'rows_rejected'),
      card('Last refresh (UTC)', overview.refresh.finishedAt ? overview.refresh.finishedAt.slice(0, 16) : 'never', 'last_refresh'),
    ),
    h('div', { class: 'charts' },
      chartCard('Contacts by state (top 20)', 'chart-states', 'bar', overview.states.slice(0, 20).map((s) => s.state || '?'), [{ label: 'contacts', data: overview.states.slice(0, 20).map((s) => s.contacts) }]),
      chartCard('Ingestion rate (rows/s per batch)', 'chart-ingest', 'line', chronological.map((b) => b.importedAt.slice(5, 16)), [{ label: 'rows/s', data: chronological.map((b) => b.rowsPerSec) }]),
      tags.scrub
        ? chartCard(`Compliance status by tag (${tags.scrub.kind} scrub ${tags.scrub.id}, ${tags.scrub.finishedAt.slice(0, 16)} UTC)`, 'chart-tags', 'bar',
          tags.byStatus.map((t) => t.status), [{ label: 'contacts', data: tags.byStatus.map((t) => t.contacts) }])
        : h('div', { class: 'chart', 'data-chart': 'chart-tags' }, h('h3', {}, 'Compliance status by tag'), h('p', { class: 'muted' }, 'No scrub has finished yet.')),
      chartCard('Reject rate per source', 'chart-rejects', 'bar', sources.map((s) => `${s.migration}: ${s.sourceKind}`), [{ label: 'rejected / read', data: sources.map((s) => s.rejectRate) }], { percent: true }),
    ),
    h('h2', {}, 'Migrations and their reconciliation'),
    migrations.length === 0 ? h('p', { class: 'muted' }, 'No migration yet.') : table<Source & { migration: string; report: string | null }>([
      { title: 'migration', cell: (s) => s.migration },
      { title: 'source', cell: (s) => s.sourceName },
      { title: 'status', cell: (s) => s.status },
      { title: 'declared', num: true, cell: (s) => fmt(s.declaredRows) },
      { title: 'exported', num: true, cell: (s) => fmt(s.exportedRows) },
      { title: 'read', num: true, cell: (s) => fmt(s.rowsRead) },
      { title: 'inserted', num: true, cell: (s) => fmt(s.inserted) },
      { title: 'updated', num: true, cell: (s) => fmt(s.updated) },
      { title: 'unchanged', num: true, cell: (s) => fmt(s.unchanged) },
      { title: 'rejected', num: true, cell: (s) => fmt(s.rejected) },
      { title: 'batches', num: true, cell: (s) => `${s.batchesIngested}/${s.batchCount ?? '?'}` },
      { title: 'check', cell: (s) => (s.problems.length ? h('span', { class: 'tag bad', title: s.problems.join('; ') }, 'mismatch') : h('span', { class: 'tag ok' }, 'adds up')) },
      { title: 'report', cell: (s) => (s.report ? h('span', { class: `tag ${s.report === 'ok' ? 'ok' : 'bad'}` }, s.report) : h('span', { class: 'muted' }, 'pending')) },
    ], migrations.flatMap((m) => m.sources.map((s) => ({ ...s, migration: m.name, report: m.reportStatus }))), { id: 'migrations' }),
    h('h2', {}, 'Recent batches'),
    table<Batch>([
      { title: 'batch', cell: (b) => `${b.migration} · ${b.source.split(/[/:]/).pop()} #${b.batchNo}` },
      { title: 'imported (UTC)', cell: (b) => b.importedAt.slice(0, 19) },
      { title: 'read', num: true, cell: (b) => fmt(b.rowsRead) },
      { title: 'inserted', num: true, cell: (b) => fmt(b.inserted) },
      { title: 'updated', num: true, cell: (b) => fmt(b.updated) },
      { title: 'rejected', num: true, cell: (b) => (b.rejected ? h('span', { class: 'tag warn' }, `${fmt(b.rejected)} (${pct(b.rejected / Math.max(1, b.rowsRead))})`) : '0') },
      { title: 'warnings', num: true, cell: (b) => fmt(b.warnings) },
      { title: 'rows/s', num: true, cell: (b) => fmt(b.rowsPerSec) },
    ], batches.slice(0, 20), { id: 'batches' }),
  );
  root.dataset.view = 'overview';
}
