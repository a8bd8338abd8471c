// "Possible duplicates" of a contact: the contacts that share one of its dedupe blocks (dedupe_keys: e-mail, phone,
// name + postal code, birth date, street, names + state), outside its own golden record, ranked by how close their
// name is to its name with fuse.js (Bitap fuzzy matching). Bounded: at most MAX_CANDIDATES block mates are read, so
// an oversized block (an office phone) costs the same as any other.
import Fuse from 'fuse.js';
import { ruleOfKey } from '../../domain/dedupe/blocking';
import { selectRows, type ReadPool, type RequestTimings } from './read-pool';

export const MAX_CANDIDATES = 2000;

export interface SimilarContact {
  contactId: number; goldenId: number | null; firstName: string | null; lastName: string | null; email: string | null; phone: string | null;
  city: string | null; state: string | null; postalCode: string | null; source: string;
  /** fuse.js score: 0 is the same name, 1 nothing alike. */
  nameScore: number;
  /** The blocking rules it shares with the contact (why it is a candidate at all). */
  sharedBlocks: string[];
}

export interface SimilarAnswer {
  contact: { contactId: number; goldenId: number | null; name: string };
  /** Block mates read (at most MAX_CANDIDATES), before the name match. */
  candidates: number;
  truncated: boolean;
  results: SimilarContact[];
  /** Why there is nothing to compare (no dedupe pass yet, no name). */
  note?: string;
}

const COLUMNS = `c.id, c.golden_id, c.first_name, c.last_name, c.email, c.phone_e164, c.city, c.state, c.postal_code, s.source_name`;

export async function findSimilarNames(pool: ReadPool, contactId: number, opts: { limit: number; threshold: number }, t?: RequestTimings): Promise<SimilarAnswer | null> {
  const dedupe = (await selectRows(pool, "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'dedupe_keys'", [], t)).length > 0;
  const [me] = await selectRows<Record<string, unknown>>(pool, `SELECT ${dedupe ? COLUMNS : COLUMNS.replace('c.golden_id', 'NULL AS golden_id')}
    FROM contacts c JOIN source_files s ON s.id = c.source_file_id WHERE c.id = ?`, [contactId], t);
  if (!me) return null;
  const name = [me.first_name, me.last_name].filter((x) => typeof x === 'string' && x.trim() !== '').join(' ');
  const golden = me.golden_id === null || me.golden_id === undefined ? null : Number(me.golden_id);
  const answer: SimilarAnswer = { contact: { contactId, goldenId: golden, name }, candidates: 0, truncated: false, results: [] };
  if (!dedupe) return { ...answer, note: 'no dedupe pass has run yet: contacts have no blocks' };
  if (name === '') return { ...answer, note: 'this contact has no name to compare' };
  // Block mates through the contact's keys (ix_dedupe_keys_contact, then the (bkey, contact_id) primary key).
  const mates = await selectRows<{ contact_id: number; bkey: number }>(pool, `SELECT k2.contact_id, k2.bkey FROM dedupe_keys k1
    JOIN dedupe_keys k2 ON k2.bkey = k1.bkey AND k2.contact_id <> k1.contact_id WHERE k1.contact_id = ? LIMIT ?`, [contactId, MAX_CANDIDATES * 3], t);
  const blocksOf = new Map<number, Set<string>>();
  for (const m of mates) {
    const id = Number(m.contact_id);
    if (!blocksOf.has(id) && blocksOf.size >= MAX_CANDIDATES) continue;
    (blocksOf.get(id) ?? blocksOf.set(id, new Set()).get(id)!).add(ruleOfKey(Number(m.bkey)));
  }
  if (blocksOf.size === 0) return { ...answer, note: 'no other contact shares a block with this one' };
  const rows = await selectRows<Record<string, unknown>>(pool, `SELECT ${COLUMNS} FROM contacts c JOIN source_files s ON s.id = c.source_file_id
    WHERE c.id IN (?) AND NOT (c.golden_id <=> ?)`, [[...blocksOf.keys()], golden ?? -1], t);
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const people = rows.map((r) => ({
    contactId: Number(r.id), goldenId: r.golden_id === null ? null : Number(r.golden_id), firstName: str(r.first_name), lastName: str(r.last_name),
    email: str(r.email), phone: str(r.phone_e164), city: str(r.city), state: str(r.state), postalCode: str(r.postal_code), source: String(r.source_name),
    fullName: [r.first_name, r.last_name].filter(Boolean).join(' '),
  }));
  const fuse = new Fuse(people, {
    keys: [{ name: 'fullName', weight: 2 }, 'lastName', 'firstName'], includeScore: true, ignoreLocation: true, threshold: opts.threshold, shouldSort: true,
  });
  const results = fuse.search(name, { limit: opts.limit }).map(({ item, score }) => {
    const { fullName: _f, ...rest } = item;
    return { ...rest, nameScore: Math.round((score ?? 1) * 1000) / 1000, sharedBlocks: [...(blocksOf.get(item.contactId) ?? [])].sort() };
  });
  return { ...answer, candidates: blocksOf.size, truncated: mates.length >= MAX_CANDIDATES * 3 || blocksOf.size >= MAX_CANDIDATES, results };
}
