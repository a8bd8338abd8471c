// The snapshot part of `health`: the newest snapshot, whether its validation passed, and how old it may be. A hook
// from the disaster-recovery engine's snapshots table (db/migrations/040_snapshots.sql).
import type { RowDataPacket } from 'mysql2';
import type { DbPool } from '../../activities/deps';

/** A snapshot older than a day means the daily snapshot did not happen. */
export const SNAPSHOT_MAX_AGE_SEC = 86_400;

export interface SnapshotState {
  id: string;
  takenAt: Date;
  /** true: validated; false: validation failed; null: not validated yet. */
  validated: boolean | null;
}

/** The newest snapshot that was taken (by its consistency point), with its validation outcome; null when there is none. */
export async function newestSnapshot(pool: DbPool): Promise<SnapshotState | null> {
  const [tables] = await pool.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'snapshots'");
  if (Number(tables[0]!.n) === 0) return null;
  const [rows] = await pool.query<RowDataPacket[]>(
    "SELECT id, consistent_at, validation FROM snapshots WHERE status = 'taken' ORDER BY consistent_at DESC, id DESC LIMIT 1",
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: String(r.id),
    takenAt: new Date(`${String(r.consistent_at).replace(' ', 'T')}Z`),
    validated: r.validation === 'passed' ? true : r.validation === 'failed' ? false : null,
  };
}
