// Replays people's decisions journaled after the snapshot (activities/journal.ts) into a restored store, stream by
// stream, oldest first. Each engine registers the replayer of its stream in JOURNAL_REPLAYERS; a stream with entries
// but no replayer is reported, and the restore fails on it: a restored system must never call someone who opted
// out after the snapshot because nothing re-applied the opt-out.
import { JOURNAL_STREAMS, type JournalEntry, type JournalStream, readJournal } from '../journal';
import type { DbPool, S3, Buckets } from '../deps';
import { createAttemptActivities, type RecordAttemptsInput } from '../compliance/attempt-activities';
import { createSuppressionActivities, type SuppressionRequest } from '../compliance/suppression-activities';

/** Applies one journaled decision to the restored store; must be idempotent (an entry may be replayed twice). */
export type JournalReplayer = (deps: ReplayDeps, entry: JournalEntry) => Promise<void>;

type ReplayDeps = { pool: DbPool; s3: S3; buckets: Pick<Buckets, 'raw' | 'processed'> };

/**
 * The replayer of each stream (#11 adds review decisions and merges when it journals them). Opt-outs and contact
 * attempts replay through the very activities that recorded them: both are idempotent (a suppression by its request
 * key, an attempt by number, time and channel) and their journal write lands on the same key with the same body.
 */
export const JOURNAL_REPLAYERS: Partial<Record<JournalStream, JournalReplayer>> = {
  'opt-outs': async (deps, entry) => {
    await createSuppressionActivities(deps).recordSuppression({ requestId: entry.id, request: entry.payload as unknown as SuppressionRequest });
  },
  attempts: async (deps, entry) => {
    const payload = entry.payload as { source: string; attempts: RecordAttemptsInput['attempts'] };
    await createAttemptActivities(deps).recordAttempts({ requestId: entry.id, actor: entry.actor, at: entry.at, source: payload.source, attempts: payload.attempts });
  },
};

export interface ReplayJournalResult {
  streams: Array<{ stream: JournalStream; replayed: number; withoutReplayer: number }>;
  /** Streams that had entries after the snapshot and no replayer. */
  problems: string[];
}

/** Replays every stream from `since` (the snapshot's consistency point; entries are idempotent, so earlier is safe). */
export async function replayJournal(
  deps: { pool: DbPool; s3: S3; buckets: Pick<Buckets, 'raw'> }, since: Date, replayers: Partial<Record<JournalStream, JournalReplayer>> = JOURNAL_REPLAYERS,
): Promise<ReplayJournalResult> {
  const result: ReplayJournalResult = { streams: [], problems: [] };
  for (const stream of JOURNAL_STREAMS) {
    const replay = replayers[stream];
    let replayed = 0;
    let withoutReplayer = 0;
    for await (const entry of readJournal({ s3: deps.s3, buckets: { raw: deps.buckets.raw, processed: '' } }, stream, since)) {
      if (replay) {
        await replay({ pool: deps.pool, s3: deps.s3, buckets: { raw: deps.buckets.raw, processed: '' } }, entry);
        replayed += 1;
      } else {
        withoutReplayer += 1;
      }
    }
    result.streams.push({ stream, replayed, withoutReplayer });
    if (withoutReplayer > 0) result.problems.push(`journal stream ${stream}: ${withoutReplayer} entries after the snapshot and no replayer (its engine has not registered one): apply them before pointing the system at the restored store`);
  }
  return result;
}
