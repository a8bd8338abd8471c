// Search: exact e-mail or phone, and "possible duplicates" of a contact (its dedupe blocks' other contacts ranked by
// fuzzy name match, fuse.js on the server). An admin can merge a possible duplicate from here (the CLI's workflow).
import { api, ApiError, can } from '../api';
import { h, table } from '../dom';
import { writeButton } from '../write';

interface Exact { record_id: number; contact_id: number; first_name: string | null; last_name: string | null; email: string | null; phone_e164: string | null; state: string | null; source_name: string }
interface Similar {
  contact: { contactId: number; goldenId: number | null; name: string }; candidates: number; truncated: boolean; note?: string;
  results: Array<{ contactId: number; goldenId: number | null; firstName: string | null; lastName: string | null; email: string | null; phone: string | null; city: string | null; state: string | null; source: string; nameScore: number; sharedBlocks: string[] }>;
}

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const recordLink = (id: number | null, label: string) => (id === null ? label : h('a', { href: `#/golden/${id}` }, label));

export async function renderSearch(root: HTMLElement, similarOf?: string): Promise<void> {
  const exactInput = h('input', { id: 's-exact', placeholder: 'e-mail or +1 phone (E.164)', size: '32' });
  const exactOut = h('div', { id: 'exact-results' });
  const contactInput = h('input', { id: 's-contact', placeholder: 'contact id', inputmode: 'numeric', value: similarOf ?? '' });
  const similarOut = h('div', { id: 'similar-results' });
  const fail = (out: HTMLElement, err: unknown) => out.replaceChildren(h('p', { class: 'error' }, err instanceof ApiError ? `${err.parameter ? `${err.parameter}: ` : ''}${err.message}` : String(err)));

  const runExact = async () => {
    const v = exactInput.value.trim();
    const q = v.includes('@') ? `email=${encodeURIComponent(v)}` : `phone=${encodeURIComponent(v)}`;
    try {
      const { results } = await api.get<{ results: Exact[] }>(`/api/search?${q}`);
      exactOut.replaceChildren(results.length ? table<Exact>([
        { title: 'record', cell: (r) => recordLink(r.record_id, `#${r.record_id}`) },
        { title: 'contact', cell: (r) => s(r.contact_id) },
        { title: 'name', cell: (r) => `${s(r.first_name)} ${s(r.last_name)}` },
        { title: 'e-mail', cell: (r) => s(r.email) },
        { title: 'phone', cell: (r) => s(r.phone_e164) },
        { title: 'state', cell: (r) => s(r.state) },
        { title: 'source', cell: (r) => r.source_name },
      ], results) : h('p', { class: 'muted' }, 'No contact has it.'));
    } catch (err) {
      fail(exactOut, err);
    }
  };
  const status = h('p', { id: 'similar-status', class: 'muted' });
  const runSimilar = async () => {
    try {
      const a = await api.get<Similar>(`/api/search/similar?contact=${encodeURIComponent(contactInput.value.trim())}`);
      const admin = can('merge');
      similarOut.replaceChildren(
        h('p', { class: 'muted', id: 'similar-meta' }, `${a.contact.name || 'no name'} (contact ${a.contact.contactId}${a.contact.goldenId ? `, record #${a.contact.goldenId}` : ''}): `
          + `${a.results.length} possible duplicate(s) among ${a.candidates}${a.truncated ? '+' : ''} contact(s) sharing a block${a.note ? ` — ${a.note}` : ''}`),
        a.results.length ? table<Similar['results'][number]>([
          { title: 'contact', cell: (r) => recordLink(r.goldenId ?? r.contactId, `#${r.contactId}`) },
          { title: 'name', cell: (r) => `${s(r.firstName)} ${s(r.lastName)}` },
          { title: 'name match', num: true, cell: (r) => `${Math.round((1 - r.nameScore) * 100)}%` },
          { title: 'shared blocks', cell: (r) => r.sharedBlocks.join(', ') },
          { title: 'e-mail', cell: (r) => s(r.email) },
          { title: 'phone', cell: (r) => s(r.phone) },
          { title: 'place', cell: (r) => `${s(r.city)} ${s(r.state)}` },
          { title: 'source', cell: (r) => r.source },
          ...(admin ? [{ title: '', cell: (r: Similar['results'][number]) => writeButton('Merge', { class: 'merge-similar', 'data-contact': String(r.contactId) }, '/api/dedupe/merge',
            () => ({ contactA: a.contact.contactId, contactB: r.contactId }), status, () => runSimilar()) }] : []),
        ], a.results, { id: 'similar' }) : '',
        status,
      );
    } catch (err) {
      fail(similarOut, err);
    }
  };
  const form = (id: string, children: Array<Node | string>, run: () => Promise<void>) => {
    const f = h('form', { class: 'filters', id }, ...children, h('button', { type: 'submit', class: 'primary' }, 'Search'));
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      void run();
    });
    return f;
  };
  root.replaceChildren(
    h('h1', {}, 'Search'),
    h('h2', {}, 'Exact e-mail or phone'),
    form('exact-form', [exactInput], runExact),
    exactOut,
    h('h2', {}, 'Possible duplicates of a contact'),
    h('p', { class: 'muted' }, 'Contacts that share one of its dedupe blocks (e-mail, phone, name and postal code, birth date, street, names and state), outside its record, closest names first.'),
    form('similar-form', [contactInput], runSimilar),
    similarOut,
  );
  if (similarOf) await runSimilar();
  root.dataset.view = 'search';
}
