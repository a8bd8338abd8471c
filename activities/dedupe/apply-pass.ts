// Applies a pass's staged clusters, set-based and only where something changes (a pass over unchanged data writes
// nothing): golden records (change_history for every field that changes, retired ids pointing at their survivor),
// then per contact id range the contacts' golden_id / is_original / is_duplicate / merged_into_id with a dedupe_log row
// per move, and a golden record of its own for every contact still without one.
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import { GOLDEN_COLUMNS } from '../../domain/dedupe/golden';
import type { DbPool } from '../deps';
import { withDeadlockRetry } from '../deadlock-retry';
import type { IdRange } from './pass-lifecycle';

export interface ApplyInput {
  passId: number;
  actor: string;
}

export interface ApplyGoldenResult {
  created: number;
  updated: number;
  retired: number;
  fieldChanges: number;
}

export interface ApplyContactsResult {
  moved: number;
  singletonsCreated: number;
  singletonsRefreshed: number;
}

const VALUE_COLUMNS = GOLDEN_COLUMNS.map(([c]) => c);
const same = (a: string, b: string) => VALUE_COLUMNS.map((c) => `${a}.${c} <=> ${b}.${c}`).join(' AND ');

async function inTransaction<T>(pool: DbPool, fn: (db: Pick<DbPool, 'query'>) => Promise<T>, opts: { readCommitted?: boolean } = {}): Promise<T> {
  const conn = await pool.getConnection();
  try {
    if (opts.readCommitted) await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    await conn.beginTransaction();
    const out = await fn(conn);
    await conn.commit();
    return out;
  } catch (err) {
    await conn.rollback().catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
}

const affected = (r: unknown) => (r as [ResultSetHeader])[0].affectedRows;

/** Golden records from the stage: history first (old → new per changed field), then the upsert, then retirements. */
export async function applyGoldens(pool: DbPool, input: ApplyInput): Promise<ApplyGoldenResult> {
  return inTransaction(pool, async (db) => {
    const history = VALUE_COLUMNS.map((c) =>
      `SELECT s.golden_id, '${c}' AS field, CAST(g.${c} AS CHAR) AS old_value, CAST(s.${c} AS CHAR) AS new_value FROM dedupe_golden_stage s
       JOIN golden_records g ON g.id = s.golden_id WHERE s.pass_id = ? AND s.status = 'active' AND NOT (g.${c} <=> s.${c})`).join(' UNION ALL ');
    const fieldChanges = affected(await db.query(
      `INSERT INTO change_history (golden_id, field, old_value, new_value, reason, pass_id, actor)
       SELECT h.golden_id, h.field, LEFT(h.old_value, 254), LEFT(h.new_value, 254), 'survivorship', ?, ? FROM (${history}) h`,
      [input.passId, input.actor, ...VALUE_COLUMNS.map(() => input.passId)],
    ));
    const created = affected(await db.query(
      `INSERT INTO golden_records (id, status, representative_id, member_count, ${VALUE_COLUMNS.join(', ')}, source_updated_at, created_pass_id, updated_pass_id)
       SELECT s.golden_id, 'active', s.representative_id, s.member_count, ${VALUE_COLUMNS.map((c) => `s.${c}`).join(', ')}, s.source_updated_at, ?, ?
       FROM dedupe_golden_stage s LEFT JOIN golden_records g ON g.id = s.golden_id WHERE s.pass_id = ? AND s.status = 'active' AND g.id IS NULL`,
      [input.passId, input.passId, input.passId],
    ));
    const updated = affected(await db.query(
      `UPDATE golden_records g JOIN dedupe_golden_stage s ON s.golden_id = g.id AND s.pass_id = ? AND s.status = 'active'
       SET ${VALUE_COLUMNS.map((c) => `g.${c} = s.${c}`).join(', ')}, g.status = 'active', g.retired_into_id = NULL,
           g.representative_id = s.representative_id, g.member_count = s.member_count, g.source_updated_at = s.source_updated_at, g.updated_pass_id = ?
       WHERE NOT (${same('g', 's')} AND g.status = 'active' AND g.representative_id = s.representative_id AND g.member_count = s.member_count)`,
      [input.passId, input.passId],
    ));
    await db.query(
      `INSERT INTO dedupe_log (pass_id, action, contact_id, golden_id, previous_golden_id, actor)
       SELECT ?, 'retire', g.representative_id, s.retired_into_id, g.id, ? FROM dedupe_golden_stage s JOIN golden_records g ON g.id = s.golden_id
       WHERE s.pass_id = ? AND s.status = 'retired' AND g.status = 'active'`,
      [input.passId, input.actor, input.passId],
    );
    const retired = affected(await db.query(
      `UPDATE golden_records g JOIN dedupe_golden_stage s ON s.golden_id = g.id AND s.pass_id = ? AND s.status = 'retired'
       SET g.status = 'retired', g.retired_into_id = s.retired_into_id, g.member_count = 0, g.updated_pass_id = ? WHERE g.status = 'active'`,
      [input.passId, input.passId],
    ));
    return { created, updated: updated - 0, retired, fieldChanges };
  });
}

/** Contacts per apply transaction. */
const APPLY_CHUNK = 10_000;

/**
 * Contacts of one id range: moves (logged), then golden records of their own for contacts that have none. In
 * transactions of at most APPLY_CHUNK contacts, each run again if InnoDB picks it as a deadlock victim; each logs and
 * moves only what still differs, so a chunk committed before a retry is not applied twice.
 */
export async function applyContacts(pool: DbPool, input: ApplyInput, range: IdRange): Promise<ApplyContactsResult> {
  const total: ApplyContactsResult = { moved: 0, singletonsCreated: 0, singletonsRefreshed: 0 };
  for (let from = range.from; from <= range.to;) {
    const [ends] = await pool.query<RowDataPacket[]>('SELECT id FROM contacts WHERE id >= ? AND id <= ? ORDER BY id LIMIT 1 OFFSET ?', [from, range.to, APPLY_CHUNK - 1]);
    const to = ends[0] ? Number(ends[0].id) : range.to;
    const r = await withDeadlockRetry(() => applyContactsChunk(pool, input, { from, to }));
    total.moved += r.moved;
    total.singletonsCreated += r.singletonsCreated;
    total.singletonsRefreshed += r.singletonsRefreshed;
    from = to + 1;
  }
  return total;
}

async function applyContactsChunk(pool: DbPool, input: ApplyInput, range: IdRange): Promise<ApplyContactsResult> {
  return inTransaction(pool, async (db) => {
    // fk_contacts_merged_into's check share-locks each member's representative, which often lies in another range
    // that a concurrent activity is updating: ranges deadlocked on it over and over (a 1M pass: 12 failed attempts
    // with one transaction per range, 3 with transactions of 10,000 contacts, each after 8 reruns in place). The
    // representative is a member of the same cluster (dedupe_assign.representative_id, a contact id), so the check
    // is off for this transaction's statements and back on before the connection returns to the pool. Under READ
    // COMMITTED the log's INSERT ... SELECT reads contacts without share locks (under REPEATABLE READ it took them,
    // and the UPDATE's upgrade deadlocked with a neighbour), and range scans lock no gap past the chunk.
    await db.query('SET SESSION foreign_key_checks = 0');
    try {
      return await applyChunkStatements(db, input, range);
    } finally {
      await db.query('SET SESSION foreign_key_checks = 1');
    }
  }, { readCommitted: true });
}

async function applyChunkStatements(db: Pick<DbPool, 'query'>, input: ApplyInput, range: IdRange): Promise<ApplyContactsResult> {
  await db.query(
    `INSERT INTO dedupe_log (pass_id, action, contact_id, other_contact_id, golden_id, previous_golden_id, rule, score, evidence, actor)
     SELECT a.pass_id, IF(a.via_contact_id IS NULL, 'split', 'merge'), c.id, a.via_contact_id, a.golden_id, c.golden_id, a.via_rule, a.via_score, a.via_evidence, ?
     FROM dedupe_assign a JOIN contacts c ON c.id = a.contact_id
     WHERE a.pass_id = ? AND a.contact_id BETWEEN ? AND ? AND NOT (c.golden_id <=> a.golden_id)
       AND (a.via_contact_id IS NOT NULL OR c.golden_id IS NOT NULL)`,
    [input.actor, input.passId, range.from, range.to],
  );
  const moved = affected(await db.query(
    `UPDATE contacts c JOIN dedupe_assign a ON a.pass_id = ? AND a.contact_id = c.id
     SET c.golden_id = a.golden_id, c.is_original = (a.representative_id = c.id), c.is_duplicate = (a.representative_id <> c.id),
         c.merged_into_id = IF(a.representative_id = c.id, NULL, a.representative_id)
     WHERE c.id BETWEEN ? AND ? AND NOT (c.golden_id <=> a.golden_id AND c.is_original = (a.representative_id = c.id)
       AND c.merged_into_id <=> IF(a.representative_id = c.id, NULL, a.representative_id))`,
    [input.passId, range.from, range.to],
  ));
  const singletonsCreated = affected(await db.query(
    `INSERT INTO golden_records (id, status, representative_id, member_count, ${VALUE_COLUMNS.join(', ')}, source_updated_at, created_pass_id, updated_pass_id)
     SELECT c.id, 'active', c.id, 1, ${VALUE_COLUMNS.map((col) => `c.${col}`).join(', ')}, c.source_updated_at, ?, ?
     FROM contacts c FORCE INDEX (PRIMARY) WHERE c.id BETWEEN ? AND ? AND c.golden_id IS NULL`,
    [input.passId, input.passId, range.from, range.to],
  ));
  // The id range, forced: through ix_contacts_golden (golden_id IS NULL) the scan locked contacts of other ranges.
  await db.query('UPDATE contacts FORCE INDEX (PRIMARY) SET golden_id = id, is_original = 1, is_duplicate = 0, merged_into_id = NULL WHERE id BETWEEN ? AND ? AND golden_id IS NULL', [range.from, range.to]);
  // A single-member golden record follows its contact's values (a changed contact nobody links to).
  const singletonsRefreshed = affected(await db.query(
    `UPDATE golden_records g JOIN contacts c ON c.id = g.representative_id
     SET ${VALUE_COLUMNS.map((col) => `g.${col} = c.${col}`).join(', ')}, g.source_updated_at = c.source_updated_at, g.updated_pass_id = ?
     WHERE g.representative_id BETWEEN ? AND ? AND g.status = 'active' AND g.member_count = 1 AND NOT (${same('g', 'c')})`,
    [input.passId, range.from, range.to],
  ));
  return { moved, singletonsCreated, singletonsRefreshed };
}

