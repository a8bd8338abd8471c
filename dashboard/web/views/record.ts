// A record's detail: its values, members and their sources, previous versions, the dedupe evidence, and the
// compliance decision for the default campaign explained tag by tag.
import { api } from '../api';
import { h, table } from '../dom';

type Row = Record<string, unknown>;
interface Detail {
  id: number; kind: string; values: Row; members: Row[]; versions: Row[]; evidence: Row[]; changes: Row[];
  compliance: { campaign: { channel: string; brand: string; dialMode: string }; reported: string; callable: boolean; at: string; rules: { version: string }; tags: Array<{ tag: string; blocks: boolean; reason: string }> };
}

const s = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export async function renderRecord(root: HTMLElement, id: string): Promise<void> {
  const d = await api.get<Detail>(`/api/records/${encodeURIComponent(id)}`);
  const v = d.values;
  const c = d.compliance;
  root.replaceChildren(
    h('h1', {}, `${s(v.first_name)} ${s(v.last_name)}`.trim() || `Record ${d.id}`, h('span', { class: 'muted' }, `  ${d.kind} record #${d.id}`)),
    h('p', {}, `${s(v.email)} · ${s(v.phone_e164)} · ${s(v.city)} ${s(v.state)} ${s(v.postal_code)}`),
    h('h2', {}, `Compliance: ${c.campaign.channel} · ${c.campaign.brand} · ${c.campaign.dialMode} at ${c.at.slice(0, 16)} UTC (rules ${c.rules.version})`),
    h('p', { id: 'decision' }, h('span', { class: `tag ${c.callable ? 'ok' : 'bad'}` }, c.reported)),
    table<Detail['compliance']['tags'][number]>([
      { title: 'tag', cell: (t) => h('span', { class: `tag ${t.blocks ? 'bad' : 'ok'}` }, t.tag) },
      { title: 'effect', cell: (t) => (t.blocks ? 'blocks' : 'exempts') },
      { title: 'why', cell: (t) => t.reason },
    ], c.tags, { id: 'tags' }),
    h('h2', {}, `Members (${d.members.length})`),
    table<Row>([
      { title: 'contact', cell: (m) => s(m.id) },
      { title: 'name', cell: (m) => `${s(m.first_name)} ${s(m.last_name)}` },
      { title: 'e-mail', cell: (m) => s(m.email) },
      { title: 'phone', cell: (m) => s(m.phone_e164) },
      { title: 'source', cell: (m) => `${s(m.source_name)} (${s(m.migration_name)}) #${s(m.source_record_id)}` },
      { title: 'role', cell: (m) => (Number(m.is_duplicate) ? `duplicate of ${s(m.merged_into_id)}` : 'representative') },
      { title: 'updated', cell: (m) => s(m.source_updated_at).slice(0, 10) },
    ], d.members, { id: 'members' }),
    h('h2', {}, 'Dedupe evidence'),
    d.evidence.length ? table<Row>([
      { title: 'when', cell: (e) => s(e.created_at).slice(0, 19) },
      { title: 'action', cell: (e) => s(e.action) },
      { title: 'contacts', cell: (e) => `${s(e.contact_id)} ↔ ${s(e.other_contact_id)}` },
      { title: 'rule', cell: (e) => s(e.rule) },
      { title: 'score', num: true, cell: (e) => s(e.score) },
      { title: 'evidence', cell: (e) => s(e.evidence) },
      { title: 'by', cell: (e) => s(e.actor) },
    ], d.evidence, { id: 'evidence' }) : h('p', { class: 'muted', id: 'evidence' }, 'No dedupe decision involves these contacts.'),
    h('h2', {}, 'Previous versions'),
    d.versions.length ? table<Row>([
      { title: 'contact', cell: (x) => s(x.contact_id) },
      { title: 'version', num: true, cell: (x) => s(x.version) },
      { title: 'recorded', cell: (x) => s(x.recorded_at).slice(0, 19) },
      { title: 'previous values', cell: (x) => s(x.previous_values) },
    ], d.versions) : h('p', { class: 'muted' }, 'No earlier version.'),
  );
  root.dataset.view = 'record';
}
