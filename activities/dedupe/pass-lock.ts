// The dedupe pass lock: one pass at a time, whatever started it. Two passes at once would claim each other's
// change-feed cut and stage clusters over each other, so a pass takes the single lock row before it does anything,
// waits (heartbeating who it waits for) or is refused with the holder's name, renews the lock from every activity it
// runs, and releases it when it commits or fails. A holder silent for longer than the lease (a terminated workflow)
// is taken over, and the takeover is logged; the old holder, should it wake up, finds the lock gone and stops.
import type { RowDataPacket } from 'mysql2';
import { logWarn } from '../export/activity-progress';
import type { DbPool } from '../deps';
import { heartbeatDetails, throwIfCancelled } from '../keep-alive';

/** A holder that has not renewed the lock for this long is presumed dead (its activities renew every minute). */
export const PASS_LOCK_LEASE_SEC = 600;
const RENEW_EVERY_MS = 60_000;

export type IfBusy = 'wait' | 'refuse';

export interface PassLockHolder {
  workflowId: string;
  passId: number | null;
  acquiredAt: string;
  renewedAt: string;
}

/** Another pass holds the lock and this one was asked not to wait. */
export class DedupePassBusyError extends Error {
  override readonly name = 'DedupePassBusyError';
  constructor(readonly workflowId: string, readonly holder: PassLockHolder) {
    super(`dedupe pass ${workflowId} refused: pass ${holder.passId ?? '?'} (workflow ${holder.workflowId}) holds the dedupe pass lock since `
      + `${holder.acquiredAt}; only one pass runs at a time — wait for it or start this one without --no-wait`);
  }
}

/** A pass whose lock was taken over (it was silent past the lease): it must not write any more. */
export class DedupePassLockLostError extends Error {
  override readonly name = 'DedupePassLockLostError';
  constructor(readonly passId: number, readonly holder: PassLockHolder | null) {
    super(`dedupe pass ${passId} no longer holds the dedupe pass lock (now ${holder ? `workflow ${holder.workflowId}` : 'free'}): `
      + `it was silent for more than ${PASS_LOCK_LEASE_SEC}s and another pass took over; this pass stops, the next one redoes its work`);
  }
}

function holderOf(r: RowDataPacket | undefined): PassLockHolder | null {
  if (!r || r.workflow_id === null) return null;
  return { workflowId: String(r.workflow_id), passId: r.pass_id === null ? null : Number(r.pass_id), acquiredAt: String(r.acquired_at), renewedAt: String(r.renewed_at) };
}

export async function lockHolder(pool: Pick<DbPool, 'query'>): Promise<PassLockHolder | null> {
  const [rows] = await pool.query<RowDataPacket[]>(
    "SELECT workflow_id, pass_id, DATE_FORMAT(acquired_at, '%Y-%m-%dT%H:%i:%s') AS acquired_at, DATE_FORMAT(renewed_at, '%Y-%m-%dT%H:%i:%s') AS renewed_at FROM dedupe_pass_lock WHERE name = 'pass'");
  return holderOf(rows[0]);
}

/**
 * One attempt at the lock for `workflowId`: taken when free, already ours (a retried begin), or held by a holder
 * silent past the lease. Returns null when taken, else the holder it is waiting for.
 */
export async function tryAcquirePassLock(pool: DbPool, workflowId: string, leaseSec = PASS_LOCK_LEASE_SEC): Promise<PassLockHolder | null> {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const [rows] = await conn.query<RowDataPacket[]>(
      `SELECT workflow_id, pass_id, DATE_FORMAT(acquired_at, '%Y-%m-%dT%H:%i:%s') AS acquired_at, DATE_FORMAT(renewed_at, '%Y-%m-%dT%H:%i:%s') AS renewed_at,
         renewed_at < CURRENT_TIMESTAMP(3) - INTERVAL ? SECOND AS stale FROM dedupe_pass_lock WHERE name = 'pass' FOR UPDATE`, [leaseSec]);
    if (rows.length === 0) await conn.query("INSERT IGNORE INTO dedupe_pass_lock (name) VALUES ('pass')");
    const holder = holderOf(rows[0]);
    if (holder && holder.workflowId !== workflowId && !Number(rows[0]!.stale)) {
      await conn.rollback();
      return holder;
    }
    if (holder && holder.workflowId !== workflowId) logWarn('dedupe pass lock taken over from a silent holder', { workflowId, previous: holder, leaseSec });
    await conn.query(
      `UPDATE dedupe_pass_lock SET pass_id = IF(workflow_id <=> ?, pass_id, NULL), acquired_at = IF(workflow_id <=> ?, acquired_at, CURRENT_TIMESTAMP(3)),
         workflow_id = ?, renewed_at = CURRENT_TIMESTAMP(3) WHERE name = 'pass'`, [workflowId, workflowId, workflowId]);
    await conn.commit();
    return null;
  } catch (err) {
    await conn.rollback().catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
}

/** Takes the lock, waiting while another pass holds it (heartbeating whom it waits for), or refuses. */
export async function acquirePassLock(pool: DbPool, workflowId: string, ifBusy: IfBusy, pollMs = 2000): Promise<void> {
  for (;;) {
    const holder = await tryAcquirePassLock(pool, workflowId);
    if (!holder) return;
    if (ifBusy === 'refuse') throw new DedupePassBusyError(workflowId, holder);
    heartbeatDetails({ waitingForPassLock: holder });
    throwIfCancelled();
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Records the holder's pass id once its row exists (renewals and releases go by pass id). */
export async function bindPassLock(pool: DbPool, workflowId: string, passId: number): Promise<void> {
  await pool.query("UPDATE dedupe_pass_lock SET pass_id = ?, renewed_at = CURRENT_TIMESTAMP(3) WHERE name = 'pass' AND workflow_id = ?", [passId, workflowId]);
  await assertHolds(pool, passId);
}

/** Renews the lease; throws DedupePassLockLostError when another pass holds the lock now. */
export async function assertHolds(pool: Pick<DbPool, 'query'>, passId: number): Promise<void> {
  await pool.query("UPDATE dedupe_pass_lock SET renewed_at = CURRENT_TIMESTAMP(3) WHERE name = 'pass' AND pass_id = ?", [passId]);
  const holder = await lockHolder(pool);
  if (holder?.passId !== passId) throw new DedupePassLockLostError(passId, holder);
}

/** Runs one activity of pass `passId` under its lock: checked first, renewed every minute while it runs. */
export async function underPassLock<T>(pool: DbPool, passId: number, fn: () => Promise<T>): Promise<T> {
  await assertHolds(pool, passId);
  const timer = setInterval(() => {
    pool.query("UPDATE dedupe_pass_lock SET renewed_at = CURRENT_TIMESTAMP(3) WHERE name = 'pass' AND pass_id = ?", [passId]).catch(() => {});
  }, RENEW_EVERY_MS);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

/** Frees the lock if pass `passId` (or, before its row existed, workflow `workflowId`) holds it. Idempotent. */
export async function releasePassLock(db: Pick<DbPool, 'query'>, passId: number | null, workflowId: string): Promise<void> {
  await db.query(
    "UPDATE dedupe_pass_lock SET workflow_id = NULL, pass_id = NULL, acquired_at = NULL, renewed_at = NULL WHERE name = 'pass' AND (pass_id = ? OR workflow_id = ?)",
    [passId, workflowId]);
}
