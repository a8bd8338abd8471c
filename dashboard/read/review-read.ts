// The review queue as people decide it: open pairs (scored between the review and match thresholds, left apart by
// the pass), strongest first, each contact's fields side by side; and the checks a decision's contacts must pass
// before a workflow is started for them (so a bad id is a 400 naming it, not a failed workflow).
import { selectRows, type ReadPool, type RequestTimings } from './read-pool';

export interface ReviewContact {
  id: number; goldenId: number | null; firstName: string | null; lastName: string | null; email: string | null; phone: string | null;
  address: string | null; city: string | null; state: string | null; postalCode: string | null; dob: string | null; source: string;
}

export interface ReviewPair { id: number; score: number; evidence: string; createdAt: string; a: ReviewContact; b: ReviewContact }

/** One side's columns: contact alias c<p>, its source file alias s<p>, output columns <p>_<field>. */
const SIDE = (p: 'a' | 'b') => `c${p}.id AS ${p}_id, c${p}.golden_id AS ${p}_golden, c${p}.first_name AS ${p}_first, c${p}.last_name AS ${p}_last,
  c${p}.email AS ${p}_email, c${p}.phone_e164 AS ${p}_phone, c${p}.address_line AS ${p}_address, c${p}.city AS ${p}_city, c${p}.state AS ${p}_state,
  c${p}.postal_code AS ${p}_zip, DATE_FORMAT(c${p}.dob, '%Y-%m-%d') AS ${p}_dob, s${p}.source_name AS ${p}_source`;

function side(r: Record<string, unknown>, p: 'a' | 'b'): ReviewContact {
  const v = (k: string) => (r[`${p}_${k}`] === null || r[`${p}_${k}`] === undefined ? null : String(r[`${p}_${k}`]));
  return {
    id: Number(r[`${p}_id`]), goldenId: r[`${p}_golden`] === null ? null : Number(r[`${p}_golden`]), firstName: v('first'), lastName: v('last'),
    email: v('email'), phone: v('phone'), address: v('address'), city: v('city'), state: v('state'), postalCode: v('zip'), dob: v('dob'), source: String(r[`${p}_source`]),
  };
}

async function hasDedupe(pool: ReadPool, t?: RequestTimings): Promise<boolean> {
  return (await selectRows(pool, "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'review_queue'", [], t)).length > 0;
}

/** Open pairs, strongest first (the (status, score) index), with the number still open. */
export async function readReviewQueue(pool: ReadPool, limit: number, t?: RequestTimings): Promise<{ open: number; pairs: ReviewPair[] }> {
  if (!(await hasDedupe(pool, t))) return { open: 0, pairs: [] };
  const [count, rows] = await Promise.all([
    selectRows<{ n: number }>(pool, "SELECT COUNT(*) AS n FROM review_queue WHERE status = 'open'", [], t),
    selectRows<Record<string, unknown>>(pool, `SELECT q.id, q.score, q.evidence, q.created_at, ${SIDE('a')}, ${SIDE('b')}
      FROM review_queue q JOIN contacts ca ON ca.id = q.contact_a JOIN contacts cb ON cb.id = q.contact_b
      JOIN source_files sa ON sa.id = ca.source_file_id JOIN source_files sb ON sb.id = cb.source_file_id
      WHERE q.status = 'open' ORDER BY q.score DESC, q.id LIMIT ?`, [limit], t),
  ]);
  return {
    open: Number(count[0]?.n ?? 0),
    pairs: rows.map((r) => ({ id: Number(r.id), score: Number(r.score), evidence: String(r.evidence), createdAt: String(r.created_at), a: side(r, 'a'), b: side(r, 'b') })),
  };
}

/** The golden record of each of these contacts (null: not yet deduplicated); a contact that does not exist is absent. */
export async function goldenOfContacts(pool: ReadPool, ids: number[], t?: RequestTimings): Promise<Map<number, number | null>> {
  const dedupe = await hasDedupe(pool, t);
  const rows = await selectRows<{ id: number; golden_id: number | null }>(pool, `SELECT id, ${dedupe ? 'golden_id' : 'NULL AS golden_id'} FROM contacts WHERE id IN (?)`, [ids], t);
  return new Map(rows.map((r) => [Number(r.id), r.golden_id === null ? null : Number(r.golden_id)]));
}

/** Members of a golden record other than this contact (how many), to refuse an unmerge of a lone contact. */
export async function otherMembers(pool: ReadPool, goldenId: number, contactId: number, t?: RequestTimings): Promise<number> {
  const rows = await selectRows<{ n: number }>(pool, 'SELECT COUNT(*) AS n FROM contacts WHERE golden_id = ? AND id <> ?', [goldenId, contactId], t);
  return Number(rows[0]?.n ?? 0);
}

/** Whether the pair (either order) is open in the review queue. */
export async function isOpenReviewPair(pool: ReadPool, a: number, b: number, t?: RequestTimings): Promise<boolean> {
  if (!(await hasDedupe(pool, t))) return false;
  const rows = await selectRows(pool, "SELECT 1 FROM review_queue WHERE contact_a = ? AND contact_b = ? AND status = 'open'", [Math.min(a, b), Math.max(a, b)], t);
  return rows.length > 0;
}
