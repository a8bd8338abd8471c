// Replays people's decisions journaled after the snapshot (activities/journal.ts) into a restored store, every stream
// together in time order (a merge and a later keep-apart of the same pair must land in that order: the latest decision
// per pair is the one in force). Each engine registers the replayer of its stream in JOURNAL_REPLAYERS; a stream with entries
// but no replayer is reported, and the restore fails on it: a restored system must never call someone who opted
// out after the snapshot because nothing re-applied the opt-out.
import { JOURNAL_STREAMS, type JournalEntry, type JournalStream, readJournal } from '../journal';
import type { DbPool, S3, Buckets } from '../deps';
import { createAttemptActivities, type RecordAttemptsInput } from '../compliance/attempt-activities';
import { createSuppressionActivities, type SuppressionRequest } from '../compliance/suppression-activities';
import { replayDedupeDecision } from './replay-dedupe-decision';

/**
 * Applies one journaled decision to the restored store; must be idempotent (an entry may be replayed twice). Returns
 * 'skipped' when the restored store already holds the decision's effect.
 */
export type JournalReplayer = (deps: ReplayDeps, entry: JournalEntry) => Promise<void | 'replayed' | 'skipped'>;

type ReplayDeps = { pool: DbPool; s3: S3; buckets: Pick<Buckets, 'raw' | 'processed'> };

/**
 * The replayer of each stream. Opt-outs and contact attempts replay through the very activities that recorded them:
 * both are idempotent (a suppression by its request key, an attempt by number, time and channel) and their journal
 * write lands on the same key with the same body. Review decisions (keep-apart) and merge / unmerge decisions replay
 * through what DedupeDecisionWorkflow runs (replay-dedupe-decision.ts), skipping those the restored store holds.
 */
export const JOURNAL_REPLAYERS: Partial<Record<JournalStream, JournalReplayer>> = {
  'opt-outs': async (deps, entry) => {
    await createSuppressionActivities(deps).recordSuppression({ requestId: entry.id, request: entry.payload as unknown as SuppressionRequest });
  },
  attempts: async (deps, entry) => {
    const payload = entry.payload as { source: string; attempts: RecordAttemptsInput['attempts'] };
    await createAttemptActivities(deps).recordAttempts({ requestId: entry.id, actor: entry.actor, at: entry.at, source: payload.source, attempts: payload.attempts });
  },
  'review-decisions': replayDedupeDecision,
  merges: replayDedupeDecision,
};

export interface ReplayJournalResult {
  /** Per stream: entries applied, entries whose effect the restored store already held, entries with no replayer. */
  streams: Array<{ stream: JournalStream; replayed: number; skipped: number; withoutReplayer: number }>;
  /** Streams that had entries after the snapshot and no replayer. */
  problems: string[];
}

type Keyed = JournalEntry & { key: string };

/** Every stream's entries from `since`, merged into one sequence ordered by time (then stream order), read lazily. */
async function* inTimeOrder(deps: { s3: S3; buckets: Pick<Buckets, 'raw'> }, since: Date): AsyncGenerator<Keyed> {
  const readers = JOURNAL_STREAMS.map((stream) => readJournal({ s3: deps.s3, buckets: { raw: deps.buckets.raw, processed: '' } }, stream, since));
  const heads: Array<Keyed | undefined> = [];
  for (const r of readers) heads.push((await r.next()).value ?? undefined);
  for (;;) {
    let pick = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h && (pick < 0 || new Date(h.at).getTime() < new Date(heads[pick]!.at).getTime())) pick = i;
    }
    if (pick < 0) return;
    yield heads[pick]!;
    heads[pick] = (await readers[pick]!.next()).value ?? undefined;
  }
}

/** Replays every stream from `since` (the snapshot's consistency point; entries are idempotent, so earlier is safe). */
export async function replayJournal(
  deps: { pool: DbPool; s3: S3; buckets: Pick<Buckets, 'raw'> }, since: Date, replayers: Partial<Record<JournalStream, JournalReplayer>> = JOURNAL_REPLAYERS,
): Promise<ReplayJournalResult> {
  const byStream = new Map(JOURNAL_STREAMS.map((stream) => [stream, { stream, replayed: 0, skipped: 0, withoutReplayer: 0 }]));
  for await (const entry of inTimeOrder(deps, since)) {
    const counts = byStream.get(entry.stream)!;
    const replay = replayers[entry.stream];
    if (!replay) {
      counts.withoutReplayer += 1;
      continue;
    }
    const outcome = await replay({ pool: deps.pool, s3: deps.s3, buckets: { raw: deps.buckets.raw, processed: '' } }, entry);
    if (outcome === 'skipped') counts.skipped += 1;
    else counts.replayed += 1;
  }
  const result: ReplayJournalResult = { streams: [...byStream.values()], problems: [] };
  for (const s of result.streams) {
    if (s.withoutReplayer > 0) result.problems.push(`journal stream ${s.stream}: ${s.withoutReplayer} entries after the snapshot and no replayer (its engine has not registered one): apply them before pointing the system at the restored store`);
  }
  return result;
}
