// The replay half of RECOVERY.md, on its own: into a recovered store (a restored local server, or in AWS a cluster
// restored from an Aurora snapshot), every raw-zone batch it has not committed and every journal entry from `since`.
// Both halves are idempotent, so replaying from a little before the snapshot's consistency point is safe, and a
// replay interrupted half-way is simply run again.
import type { AppConfig } from '../../config/env';
import { createDbPool, type DatabaseConnectionConfig } from '../../workers/clients';
import type { S3 } from '../deps';
import { type ReplayBatchesResult, replayBatches } from './replay-batches';
import { type JournalReplayer, type ReplayJournalResult, replayJournal } from './replay-journal';
import type { JournalStream } from '../journal';
import { mysqlTarget } from '../snapshots/physical-backup';

export interface ReplayAfterOptions {
  /** The recovered store: its URL as DATABASE_URL, with the TLS and sign-in settings it needs (IAM tokens in AWS). */
  target: DatabaseConnectionConfig;
  /** Journal entries from this time are replayed (the snapshot's consistency point, or a little before it). */
  since: Date;
  replayers?: Partial<Record<JournalStream, JournalReplayer>>;
  progress?: (step: string, data?: Record<string, unknown>) => void;
}

export interface ReplayAfterResult {
  batches: ReplayBatchesResult;
  journal: ReplayJournalResult;
  replaySec: number;
  /** What could not be replayed, by source or stream; empty when the store is complete. */
  problems: string[];
}

/** Whether `url` names the live database (DATABASE_URL's host, port and database), which a replay must not target unasked. */
export function isLiveDatabase(config: Pick<AppConfig, 'DATABASE_URL'>, url: string): boolean {
  const live = mysqlTarget(config.DATABASE_URL);
  const t = mysqlTarget(url);
  return t.host === live.host && t.port === live.port && t.database === live.database;
}

export async function replayAfter(config: AppConfig, s3: S3, opts: ReplayAfterOptions): Promise<ReplayAfterResult> {
  const say = opts.progress ?? (() => {});
  const t0 = Date.now();
  const pool = createDbPool(opts.target, { connectionLimit: 2 });
  try {
    say('replaying raw-zone batches after the snapshot');
    const batches = await replayBatches({
      pool, s3, buckets: { raw: config.S3_RAW_BUCKET }, defaultPhoneRegion: config.DEFAULT_PHONE_REGION,
      progress: (p) => say('replayed batch', p),
    });
    say('replaying the journal', { since: opts.since.toISOString() });
    const journal = await replayJournal({ pool, s3, buckets: { raw: config.S3_RAW_BUCKET } }, opts.since, opts.replayers);
    return { batches, journal, replaySec: (Date.now() - t0) / 1000, problems: [...batches.problems, ...journal.problems] };
  } finally {
    await pool.end();
  }
}
