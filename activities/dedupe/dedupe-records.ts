// Reads what dedupe needs of contacts, by id list or id range, in bounded pages; and writes rows in multi-row
// statements. Never a whole table: callers page by id (keyset) and hand over at most a few thousand ids at a time.
import type { RowDataPacket } from 'mysql2';
import type { DedupeRecord } from '../../domain/dedupe/features';
import type { MemberRecord } from '../../domain/dedupe/golden';
import type { DbPool } from '../deps';
import { withDeadlockRetry } from '../deadlock-retry';

type Executor = Pick<DbPool, 'query'>;

const RECORD_COLUMNS = 'c.id, c.email, c.phone_e164, c.first_name, c.last_name, c.address_line, c.city, c.state, c.postal_code, c.dob';
const MEMBER_COLUMNS = `${RECORD_COLUMNS}, c.golden_id, c.phone_ext, c.name_key, c.country, c.source_updated_at, c.name_updated_at,
  c.address_updated_at, c.dob_updated_at, sf.source_name`;

/** Ids per IN list: keeps statements small and plans index lookups. */
export const ID_CHUNK = 2000;

function toRecord(r: RowDataPacket): DedupeRecord {
  return {
    id: Number(r.id), email: r.email ?? null, phone: r.phone_e164 ?? null, firstName: r.first_name ?? null, lastName: r.last_name ?? null,
    addressLine: r.address_line ?? null, city: r.city ?? null, state: r.state ?? null, postalCode: r.postal_code ?? null, dob: r.dob ?? null,
  };
}

/** Contacts with ids in [from, to], ascending, at most `limit`. */
export async function recordsInRange(db: Executor, from: number, to: number, limit: number): Promise<DedupeRecord[]> {
  const [rows] = await db.query<RowDataPacket[]>(`SELECT ${RECORD_COLUMNS} FROM contacts c WHERE c.id BETWEEN ? AND ? ORDER BY c.id LIMIT ?`, [from, to, limit]);
  return rows.map(toRecord);
}

/** Contacts of a pass's scope with ids in [from, to], ascending, at most `limit`. */
export async function scopeRecordsInRange(db: Executor, passId: number, from: number, to: number, limit: number): Promise<DedupeRecord[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT ${RECORD_COLUMNS} FROM dedupe_scope s JOIN contacts c ON c.id = s.contact_id
     WHERE s.pass_id = ? AND s.contact_id BETWEEN ? AND ? ORDER BY s.contact_id LIMIT ?`,
    [passId, from, to, limit],
  );
  return rows.map(toRecord);
}

/** Contacts by id (any order in, map out), fetched in chunks. */
export async function recordsById(db: Executor, ids: readonly number[]): Promise<Map<number, DedupeRecord>> {
  const out = new Map<number, DedupeRecord>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    const [rows] = await db.query<RowDataPacket[]>(`SELECT ${RECORD_COLUMNS} FROM contacts c WHERE c.id IN (?)`, [chunk]);
    for (const r of rows) out.set(Number(r.id), toRecord(r));
  }
  return out;
}

/** Members with what survivorship and stable ids need, fetched in chunks; `rankOf` ranks a source name. */
export async function membersById(db: Executor, ids: readonly number[], rankOf: (sourceName: string) => number): Promise<Map<number, MemberRecord & { record: DedupeRecord }>> {
  const out = new Map<number, MemberRecord & { record: DedupeRecord }>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    const [rows] = await db.query<RowDataPacket[]>(
      `SELECT ${MEMBER_COLUMNS} FROM contacts c JOIN source_files sf ON sf.id = c.source_file_id WHERE c.id IN (?)`, [chunk],
    );
    for (const r of rows) {
      out.set(Number(r.id), {
        id: Number(r.id), goldenId: r.golden_id === null ? null : Number(r.golden_id), email: r.email ?? null, phoneE164: r.phone_e164 ?? null,
        phoneExt: r.phone_ext ?? null, firstName: r.first_name ?? null, lastName: r.last_name ?? null, nameKey: r.name_key ?? null,
        addressLine: r.address_line ?? null, city: r.city ?? null, state: r.state ?? null, postalCode: r.postal_code ?? null,
        country: r.country ?? null, dob: r.dob ?? null, sourceUpdatedAt: String(r.source_updated_at), nameUpdatedAt: r.name_updated_at ?? null,
        addressUpdatedAt: r.address_updated_at ?? null, dobUpdatedAt: r.dob_updated_at ?? null, sourceRank: rankOf(String(r.source_name)),
        record: toRecord(r),
      });
    }
  }
  return out;
}

/**
 * Multi-row INSERT of `rows` in statements of at most `per` rows; `tail` follows VALUES (e.g. ON DUPLICATE KEY
 * UPDATE). Outside a transaction a statement chosen as a deadlock victim is run again.
 */
export async function insertRows(db: Executor, head: string, rows: readonly unknown[][], tail = '', per = 2000, retry = false): Promise<void> {
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    if (retry) await withDeadlockRetry(() => db.query(`${head} VALUES ? ${tail}`, [chunk]));
    else await db.query(`${head} VALUES ? ${tail}`, [chunk]);
  }
}
