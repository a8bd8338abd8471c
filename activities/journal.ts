// The journal: every decision a person makes (opt-out, re-opt-in, contact attempt, review / merge / unmerge) is also
// written to the object store's raw zone as it happens, one object per event, named by time. After a restore, disaster
// recovery replays the journal from the snapshot's time, so nothing decided after the snapshot is lost (a restored
// system must never call someone who opted out after it was taken).
import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { ActivityDeps } from './deps';

export const JOURNAL_STREAMS = ['opt-outs', 'attempts', 'review-decisions', 'merges'] as const;
export type JournalStream = (typeof JOURNAL_STREAMS)[number];

export interface JournalEntry {
  stream: JournalStream;
  /** Idempotency key of the event (e.g. the workflow id that applied it): writing it twice leaves one object. */
  id: string;
  /** When the decision took effect, ISO 8601 UTC; must be deterministic for a retried write (pass the workflow's time). */
  at: string;
  /** Who asked (starters/actor.ts). */
  actor: string;
  /** What to replay: the decision's typed input. A bulk decision references its raw-zone file instead of inlining rows. */
  payload: Record<string, unknown>;
}

type JournalDeps = Pick<ActivityDeps, 's3' | 'buckets'>;

/** An entry that cannot be journaled as given (a code defect in its caller, not an outage). */
export class JournalEntryError extends Error {
  override name = 'JournalEntryError';
  constructor(readonly entryId: string, readonly field: string, message: string) {
    super(`journal entry ${entryId}: ${field} ${message}`);
  }
}

const PREFIX = 'journal';

/** `journal/<stream>/<YYYY-MM-DD>/<YYYYMMDDTHHMMSSmmmZ>-<hash of id>.json`: lexicographic order is time order. */
export function journalKey(entry: Pick<JournalEntry, 'stream' | 'id' | 'at'>): string {
  const at = new Date(entry.at);
  if (Number.isNaN(at.getTime())) throw new JournalEntryError(entry.id, 'at', `is not a timestamp (${JSON.stringify(entry.at)})`);
  const iso = at.toISOString();
  const compact = iso.replace(/[-:.]/g, '');
  const hash = createHash('sha256').update(entry.id).digest('hex').slice(0, 16);
  return `${PREFIX}/${entry.stream}/${iso.slice(0, 10)}/${compact}-${hash}.json`;
}

/** Writes the entry (idempotent: the same entry always lands on the same key with the same body). */
export async function appendJournal(deps: JournalDeps, entry: JournalEntry): Promise<{ key: string }> {
  const key = journalKey(entry);
  const body = JSON.stringify({ ...entry, at: new Date(entry.at).toISOString() });
  await deps.s3.send(new PutObjectCommand({ Bucket: deps.buckets.raw, Key: key, Body: body, ContentType: 'application/json' }));
  return { key };
}

/** The stream's entries at or after `since`, oldest first, read page by page (never the whole journal at once). */
export async function* readJournal(deps: JournalDeps, stream: JournalStream, since: Date): AsyncGenerator<JournalEntry & { key: string }> {
  const sinceIso = since.toISOString();
  // Keys sort by time: start listing just before the first key of `since`'s day.
  let startAfter: string | undefined = `${PREFIX}/${stream}/${sinceIso.slice(0, 10)}/`;
  let token: string | undefined;
  for (;;) {
    const page = await deps.s3.send(new ListObjectsV2Command({
      Bucket: deps.buckets.raw, Prefix: `${PREFIX}/${stream}/`, ...(token ? { ContinuationToken: token } : { StartAfter: startAfter }),
    }));
    for (const obj of page.Contents ?? []) {
      const out = await deps.s3.send(new GetObjectCommand({ Bucket: deps.buckets.raw, Key: obj.Key! }));
      const entry = JSON.parse(await out.Body!.transformToString('utf8')) as JournalEntry;
      if (entry.at >= sinceIso) yield { ...entry, key: obj.Key! };
    }
    if (!page.IsTruncated) return;
    token = page.NextContinuationToken;
    startAfter = undefined;
  }
}
