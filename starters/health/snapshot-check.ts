// The snapshot part of `health`: the newest snapshot, whether its validation passed, and how old it may be. A hook
// for the disaster-recovery engine (#14): until its snapshots table exists there is no snapshot to check.
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

/**
 * The newest snapshot, or null when there is none yet. #14: replace the body with a query of your snapshots table
 * (newest by time, with its validation outcome); `health` and the metrics (recordSnapshot) read it from here.
 */
export async function newestSnapshot(pool: DbPool): Promise<SnapshotState | null> {
  const [tables] = await pool.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'snapshots'");
  if (Number(tables[0]!.n) === 0) return null;
  return null;
}
