// The change feed incremental passes read: a pass claims the committed import batches its consumer has not taken yet
// (a consistent cut, even while a migration writes), works on the contacts whose last_batch_id is in that cut, and
// marks the cut consumed when its results commit. Only ingestion writes last_batch_id, and only on a content change.
import type { RowDataPacket } from 'mysql2';
import type { DbPool } from './deps';

/** Who reads the feed; each consumer keeps its own position. */
export type ChangeConsumer = 'dedupe' | 'scrub' | 'refresh';

export interface ChangeCut {
  consumer: ChangeConsumer;
  passId: string;
  /** Import batches in the cut. */
  batches: number;
  /** Lowest and highest batch id in the cut (null when empty): a cheap pre-filter before the join. */
  minBatchId: number | null;
  maxBatchId: number | null;
}

type Executor = Pick<DbPool, 'query'>;

async function describeCut(db: Executor, consumer: ChangeConsumer, passId: string): Promise<ChangeCut> {
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n, MIN(import_batch_id) AS lo, MAX(import_batch_id) AS hi FROM change_feed WHERE consumer = ? AND pass_id = ?',
    [consumer, passId],
  );
  const r = rows[0]!;
  return { consumer, passId, batches: Number(r.n), minBatchId: r.lo === null ? null : Number(r.lo), maxBatchId: r.hi === null ? null : Number(r.hi) };
}

/**
 * Claims the cut of pass `passId`: every committed import batch the consumer has not consumed, including batches an
 * earlier pass claimed but never consumed (it failed or was abandoned). Idempotent: a retried call returns the cut the
 * first call claimed. One pass per consumer runs at a time (its workflow id is a business key).
 */
export async function claimChangeCut(pool: DbPool, consumer: ChangeConsumer, passId: string): Promise<ChangeCut> {
  const existing = await describeCut(pool, consumer, passId);
  if (existing.batches > 0) return existing;
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query('UPDATE change_feed SET pass_id = ?, claimed_at = CURRENT_TIMESTAMP(3) WHERE consumer = ? AND consumed_at IS NULL', [passId, consumer]);
    await conn.query(
      `INSERT INTO change_feed (consumer, import_batch_id, pass_id)
       SELECT ?, b.id, ? FROM import_batches b
       WHERE NOT EXISTS (SELECT 1 FROM change_feed f WHERE f.consumer = ? AND f.import_batch_id = b.id)`,
      [consumer, passId, consumer],
    );
    await conn.commit();
  } catch (err) {
    await conn.rollback().catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
  return describeCut(pool, consumer, passId);
}

/**
 * SQL fragment and parameters that restrict contacts (alias `alias`) to those changed in the pass's cut, for use in a
 * WHERE clause: `... WHERE ${sql}` with `params` bound in order.
 */
export function changedInCut(cut: ChangeCut, alias = 'c'): { sql: string; params: Array<string | number> } {
  if (cut.minBatchId === null || cut.maxBatchId === null) return { sql: '1 = 0', params: [] };
  return {
    sql: `${alias}.last_batch_id BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM change_feed f WHERE f.consumer = ? AND f.pass_id = ? AND f.import_batch_id = ${alias}.last_batch_id)`,
    params: [cut.minBatchId, cut.maxBatchId, cut.consumer, cut.passId],
  };
}

/** Marks the pass's cut consumed; call it in the transaction that commits the pass's results (idempotent). */
export async function consumeChangeCut(db: Executor, consumer: ChangeConsumer, passId: string): Promise<void> {
  await db.query('UPDATE change_feed SET consumed_at = CURRENT_TIMESTAMP(3) WHERE consumer = ? AND pass_id = ? AND consumed_at IS NULL', [consumer, passId]);
}

/** Committed import batches the consumer has not consumed yet (what the next pass would take). */
export async function pendingChangeBatches(pool: Executor, consumer: ChangeConsumer): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n FROM import_batches b
     WHERE NOT EXISTS (SELECT 1 FROM change_feed f WHERE f.consumer = ? AND f.import_batch_id = b.id AND f.consumed_at IS NOT NULL)`,
    [consumer],
  );
  return Number(rows[0]!.n);
}
