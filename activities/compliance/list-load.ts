// Loads a number list file (federal full list or change list, state, litigator, wireless) from the raw zone into
// per-area-code set versions, streaming: at most MAX_OPEN area codes' sets (each at most a 1.25 MB bitmap) are in
// memory at once (an evicted one is written out as its final set and taken back if its area code comes again), so a
// 250M-number file never holds its numbers in one process. Malformed lines are counted and stored with their line numbers; they never abort.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { ActivityDeps } from '../deps';
import { LineSetBuilder } from '../../domain/compliance/bitmap';
import { RegistryLineParser } from '../../domain/compliance/registry-lines';
import { heartbeatDetails } from '../keep-alive';
import { currentVersions, getAsBitmap, putEncodedSet, type VersionRow } from './registry-store';
import { sqlOfMs } from './sql-time';
import { ErrorRecorder, RegistryChecksumError, type CopyRecord } from './copy-records';
import { HashThread } from './hash-thread';
import { knownAreaCodes } from '../../domain/compliance/area-codes';
import { e164Of } from '../../domain/compliance/nanp';

const MAX_OPEN = 64;
/** Area codes' sets being written to the object store at once (each holds its 1.25 MB bitmap until written). */
const MAX_UPLOADS = 16;

export interface ListLoadOutcome {
  linesRead: number;
  numbers: number;
  malformed: number;
  areaCodes: string[];
  /** The byte offset this attempt began parsing at (0, or a previous attempt's checkpoint). */
  resumedAt: number;
}

/**
 * Where an interrupted load resumes: every line before `offset` is applied and its area codes' sets are written (the
 * sets in `written`), its malformed lines counted and stored. Sent as the activity's heartbeat details, so a retried
 * attempt (another worker, after a crash) starts there instead of at the first byte.
 */
export interface LoadCheckpoint {
  copyId: number;
  offset: number;
  lineNo: number;
  malformed: number;
  written: Array<[npa: string, key: string | null, numbers: number]>;
}

export function isLoadCheckpoint(x: unknown, copyId: number): x is LoadCheckpoint {
  const c = x as Partial<LoadCheckpoint> | null;
  return !!c && c.copyId === copyId && Number.isInteger(c.offset) && Number.isInteger(c.lineNo) && Number.isInteger(c.malformed) && Array.isArray(c.written);
}

export interface ListLoadOptions {
  /** A previous attempt's checkpoint (its heartbeat details); anything else, or another copy's, is ignored. */
  resume?: unknown;
  /** Input bytes between checkpoints (default 256 MB: one extra write and read of the open area codes each). */
  checkpointBytes?: number;
  onCheckpoint?: (c: LoadCheckpoint) => void;
}

function listOf(copy: CopyRecord): string {
  if (copy.kind === 'state') return `state:${copy.state}`;
  return copy.kind.startsWith('federal') ? 'federal' : copy.kind;
}

async function hashObject(deps: Pick<ActivityDeps, 's3' | 'buckets'>, key: string): Promise<string> {
  const hash = new HashThread();
  try {
    const out = await deps.s3.send(new GetObjectCommand({ Bucket: deps.buckets.raw, Key: key }));
    for await (const chunk of out.Body as AsyncIterable<Uint8Array>) await hash.update(chunk);
    return await hash.digest();
  } finally {
    await hash.close();
  }
}

export async function loadListFile(deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets'>, copy: CopyRecord, opts: ListLoadOptions = {}): Promise<ListLoadOutcome> {
  const list = listOf(copy);
  const isDelta = copy.kind === 'federal-additions' || copy.kind === 'federal-deletions';
  const current = new Map<string, VersionRow>();
  const allCurrent = await currentVersions(deps.pool, knownAreaCodes());
  for (const v of allCurrent) if (v.list === list) current.set(v.npa, v);
  const open = new Map<string, LineSetBuilder>();
  /** Area codes written out when evicted: their stored set is final unless the area code comes again. */
  const written = new Map<string, { key: string | null; numbers: number }>();
  const errors = new ErrorRecorder(deps.pool, copy.id);
  // Writes run in parallel (up to MAX_UPLOADS); an area code that comes again waits for its own write first.
  const uploads = new Map<string, Promise<void>>();
  /** Lists' buffers handed back by written sets, for the next area codes. */
  const spare: Uint32Array[] = [];
  let uploadError: unknown = null;
  const writeOut = async (npa: string, set: LineSetBuilder) => {
    while (uploads.size >= MAX_UPLOADS) await Promise.race(uploads.values());
    if (uploadError) throw uploadError;
    const { format, bytes, count: n } = set.encode();
    const p = (async () => {
      written.set(npa, { key: n > 0 ? await putEncodedSet(deps, list, npa, copy.id, format, bytes) : null, numbers: n });
      set.release();
    })().catch((err: unknown) => {
      uploadError ??= err;
    }).finally(() => uploads.delete(npa));
    uploads.set(npa, p);
  };
  const allWritten = async () => {
    while (uploads.size > 0) await Promise.all(uploads.values());
    if (uploadError) throw uploadError;
  };

  // Lines are collected per chunk (parsed straight from its bytes into typed arrays) and applied in order; opening an
  // area code may need a read (its written set when it comes again, or the current version for a change list).
  let npas = new Uint16Array(1 << 14);
  let lines = new Uint32Array(1 << 14);
  let parsed = 0;
  const parser = new RegistryLineParser({
    number: (npa, line7) => {
      if (parsed === npas.length) {
        const n = new Uint16Array(parsed * 2);
        n.set(npas);
        npas = n;
        const l = new Uint32Array(parsed * 2);
        l.set(lines);
        lines = l;
      }
      npas[parsed] = npa;
      lines[parsed] = line7;
      parsed += 1;
    },
    malformed: (lineNo, reason, text) => errors.add(lineNo, reason, text),
  });
  const setFor = async (npa: string): Promise<LineSetBuilder> => {
    let b = open.get(npa);
    if (b) {
      open.delete(npa);
      open.set(npa, b);
      return b;
    }
    if (uploads.has(npa)) await uploads.get(npa);
    if (uploadError) throw uploadError;
    const done = written.get(npa);
    if (done?.key) b = new LineSetBuilder(await getAsBitmap(deps, done.key));
    else if (!done && isDelta && current.get(npa)?.objectKey) b = new LineSetBuilder(await getAsBitmap(deps, current.get(npa)!.objectKey!));
    else b = new LineSetBuilder(undefined, spare);
    written.delete(npa);
    open.set(npa, b);
    if (open.size > MAX_OPEN) {
      const [oldest, set] = open.entries().next().value as [string, LineSetBuilder];
      open.delete(oldest);
      await writeOut(oldest, set);
    }
    return b;
  };
  const deleting = copy.kind === 'federal-deletions';
  // What an incremental scrub must look at again: each number a change list touched; for a full list, whole area codes.
  let changes: Array<[number, string, string]> = [];
  const flushChanges = async () => {
    if (changes.length === 0) return;
    const rows = changes;
    changes = [];
    await deps.pool.query('INSERT IGNORE INTO registry_changes (copy_id, npa, phone_e164) VALUES ?', [rows]);
  };
  const drain = async () => {
    let lastNpa = -1;
    let set: LineSetBuilder | undefined;
    for (let i = 0; i < parsed; i += 1) {
      if (npas[i] !== lastNpa) {
        lastNpa = npas[i]!;
        set = await setFor(String(lastNpa));
      }
      if (deleting) set!.remove(lines[i]!);
      else set!.add(lines[i]!);
      if (isDelta) changes.push([copy.id, String(lastNpa), e164Of(lastNpa, lines[i]!)]);
    }
    if (changes.length >= 5000) await flushChanges();
    parsed = 0;
  };

  const resume = opts.resume && isLoadCheckpoint(opts.resume, copy.id) ? opts.resume : null;
  const resumedAt = resume?.offset ?? 0;
  if (resume) {
    for (const [npa, key, n] of resume.written) written.set(npa, { key, numbers: n });
    parser.lineNo = resume.lineNo;
    errors.count = resume.malformed;
  }
  // The checksum is taken on a worker thread while this one parses; a resumed load parses from its checkpoint and
  // checks the whole file's checksum with a second, unparsed read.
  const hash = resume ? null : new HashThread();
  const hashed = resume ? hashObject(deps, copy.rawKey) : null;
  hashed?.catch(() => undefined);
  let sha: string;
  try {
    const out = await deps.s3.send(new GetObjectCommand({ Bucket: deps.buckets.raw, Key: copy.rawKey, Range: resume ? `bytes=${resumedAt}-` : undefined }));
    const checkpointBytes = opts.checkpointBytes ?? 256 << 20;
    let sinceCheckpoint = 0;
    for await (const chunk of out.Body as AsyncIterable<Uint8Array>) {
      const hashing = hash?.update(chunk);
      parser.push(chunk);
      await drain();
      await hashing;
      sinceCheckpoint += chunk.length;
      const lineStart = parser.lineStart;
      if (sinceCheckpoint >= checkpointBytes && lineStart !== null) {
        sinceCheckpoint = 0;
        // Every line before lineStart is applied: write the open sets out, then record where to resume.
        for (const [npa, set] of open) await writeOut(npa, set);
        open.clear();
        await allWritten();
        await errors.flush();
        await flushChanges();
        const c: LoadCheckpoint = { copyId: copy.id, offset: resumedAt + lineStart, lineNo: parser.lineNo, malformed: errors.count, written: [...written].map(([npa, w]) => [npa, w.key, w.numbers]) };
        heartbeatDetails(c);
        opts.onCheckpoint?.(c);
      }
    }
    parser.end();
    await drain();
    await errors.flush();
    sha = hashed ? await hashed : await hash!.digest();
  } finally {
    await hash?.close();
  }
  if (sha !== copy.sha256) throw new RegistryChecksumError(copy.rawKey, copy.sha256, sha);

  for (const [npa, set] of open) await writeOut(npa, set);
  open.clear();
  await allWritten();
  // Which area codes this copy speaks for: those in the file, the ones it declares, and for a whole list (state,
  // litigator, wireless) every area code it listed before (now empty unless the file lists them again).
  const covered = new Set<string>(written.keys());
  for (const npa of copy.areaCodes ?? []) covered.add(npa);
  if (copy.areaCodes === null && (copy.kind === 'state' || copy.kind === 'litigator' || copy.kind === 'wireless')) for (const npa of current.keys()) covered.add(npa);
  if (copy.subscribed) for (const v of allCurrent) if (v.list === 'federal') covered.add(v.npa);
  let numbers = 0;
  const asOf = sqlOfMs(Date.parse(copy.downloadedAt));
  const versionRows: unknown[][] = [];
  for (const npa of [...covered].sort()) {
    const done = written.get(npa);
    const prior = current.get(npa);
    // A change list that does not touch a covered area code still moves its date: same set, new version.
    const v = done ?? (isDelta && prior ? { key: prior.objectKey, numbers: prior.numbers } : { key: null, numbers: 0 });
    versionRows.push([list, npa, copy.id, asOf, v.numbers, v.key]);
    numbers += v.numbers;
  }
  if (!isDelta) for (const npa of covered) changes.push([copy.id, npa, '']);
  await flushChanges();
  if (versionRows.length > 0) {
    await deps.pool.query('INSERT IGNORE INTO registry_versions (list, npa, copy_id, as_of, numbers, object_key) VALUES ?', [versionRows]);
  }
  return { linesRead: parser.lineNo, numbers, malformed: errors.count, areaCodes: [...covered].sort(), resumedAt };
}
