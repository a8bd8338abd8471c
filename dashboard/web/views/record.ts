// A record's detail: its values, members and their sources, previous versions, the dedupe evidence and field changes
// (the audit), and the compliance decision for the default campaign explained tag by tag. An admin can unmerge a
// member or merge another contact in: each starts the CLI's DedupeDecisionWorkflow with the admin as actor.
import { api, can } from '../api';
import { h, table } from '../dom';
import { writeButton } from '../write';

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
  const admin = can('merge');
  const status = h('p', { id: 'write-status', class: 'muted' });
  const reload = () => renderRecord(root, id).then(() => {
    document.getElementById('write-status')?.replaceWith(status);
  });
  const reasonInput = h('input', { id: 'merge-reason', placeholder: 'reason (optional)', maxlength: '200' });
  const reason = () => (reasonInput.value.trim() ? { reason: reasonInput.value.trim() } : {});
  const representative = Number(v.representative_id ?? d.id);
  const mergeWith = h('input', { id: 'merge-with', inputmode: 'numeric', placeholder: 'contact id' });
  const actions = admin ? h('div', { class: 'actions', id: 'merge-actions' },
    'Merge contact #', mergeWith, 'into this record',
    writeButton('Merge', { id: 'merge', class: 'primary' }, '/api/dedupe/merge', () => {
      const other = Number(mergeWith.value.trim());
      if (!Number.isSafeInteger(other) || other < 1) {
        status.className = 'error';
        status.textContent = 'Merge refused: the contact id must be a positive whole number';
        return null;
      }
      return { contactA: representative, contactB: other, ...reason() };
    }, status, reload),
    reasonInput) : '';
  const optOut = can('compliance') && (v.phone_e164 || v.email) ? optOutForm(v, status, reload) : '';
  root.replaceChildren(
    h('h1', {}, `${s(v.first_name)} ${s(v.last_name)}`.trim() || `Record ${d.id}`, h('span', { class: 'muted' }, `  ${d.kind} record #${d.id}`)),
    h('p', {}, `${s(v.email)} · ${s(v.phone_e164)} · ${s(v.city)} ${s(v.state)} ${s(v.postal_code)}`),
    h('h2', {}, `Compliance: ${c.campaign.channel} · ${c.campaign.brand} · ${c.campaign.dialMode} at ${c.at.slice(0, 16)} UTC (rules ${c.rules.version})`),
    h('p', { id: 'decision' }, h('span', { class: `tag ${c.callable ? 'ok' : 'bad'}` }, c.reported)),
    optOut,
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
      ...(admin && d.members.length > 1 ? [{
        title: '', cell: (m: Row) => writeButton('Unmerge', { class: 'unmerge', 'data-contact': s(m.id) }, '/api/dedupe/unmerge', () => ({ contactId: Number(m.id), ...reason() }), status, reload),
      }] : []),
    ], d.members, { id: 'members' }),
    h('p', {}, h('a', { id: 'find-similar', href: `#/search/similar/${representative}` }, 'Possible duplicates of this record…')),
    actions,
    status,
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
    h('h2', {}, 'Field changes'),
    d.changes.length ? table<Row>([
      { title: 'when', cell: (x) => s(x.changed_at).slice(0, 19) },
      { title: 'field', cell: (x) => s(x.field) },
      { title: 'old', cell: (x) => s(x.old_value) },
      { title: 'new', cell: (x) => s(x.new_value) },
      { title: 'why', cell: (x) => s(x.reason) },
      { title: 'by', cell: (x) => s(x.actor) },
    ], d.changes, { id: 'changes' }) : h('p', { class: 'muted', id: 'changes' }, 'No field change recorded.'),
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

/** A compliance officer's opt-out of this record's phone or e-mail (OptOutWorkflow, as the CLI's opt-out). */
function optOutForm(v: Row, status: HTMLElement, reload: () => Promise<void>): HTMLElement {
  const options = (values: string[]) => values.map((x) => h('option', { value: x }, x));
  const target = h('select', { id: 'optout-target' }, ...[v.phone_e164 ? h('option', { value: 'phone' }, `phone ${s(v.phone_e164)}`) : null, v.email ? h('option', { value: 'email' }, `e-mail ${s(v.email)}`) : null].filter((x) => x !== null));
  const method = h('select', { id: 'optout-method' }, ...options(['AGENT', 'SMS_STOP', 'IVR', 'WEB', 'EMAIL', 'UNSUBSCRIBE', 'LETTER']));
  const channel = h('select', { id: 'optout-channel' }, ...options(['ALL', 'VOICE', 'SMS', 'EMAIL']));
  const evidence = h('input', { id: 'optout-evidence', placeholder: 'evidence (call id, message ref)', maxlength: '255' });
  return h('div', { class: 'actions', id: 'opt-out' }, 'Opt out', target, 'received by', method, 'for', channel, evidence,
    writeButton('Opt out', { id: 'optout', class: 'primary' }, '/api/compliance/opt-outs', () => ({
      ...(target.value === 'phone' ? { phone: s(v.phone_e164) } : { email: s(v.email) }), method: method.value, channel: channel.value,
      ...(evidence.value.trim() ? { evidence: evidence.value.trim() } : {}),
    }), status, reload));
}
