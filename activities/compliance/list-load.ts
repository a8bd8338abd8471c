// Loads a number list file (federal full list or change list, state, litigator, wireless) from the raw zone into
// per-area-code bitmap versions, streaming: at most MAX_OPEN area codes' bitmaps are in memory at once (an evicted
// one is written out as its final set and taken back if its area code comes again), so a 250M-number file never holds
// its numbers in one process. Malformed lines are counted and stored with their line numbers; they never abort.
import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { ActivityDeps } from '../deps';
import { clearLine, countLines, newBitmap, setLine } from '../../domain/compliance/bitmap';
import { RegistryLineParser } from '../../domain/compliance/registry-lines';
import { heartbeatDetails } from '../keep-alive';
import { currentVersions, getAsBitmap, putLineSet, type VersionRow } from './registry-store';
import { sqlOfMs } from './sql-time';
import { ErrorRecorder, RegistryChecksumError, type CopyRecord } from './copy-records';
import { knownAreaCodes } from '../../domain/compliance/area-codes';
import { e164Of } from '../../domain/compliance/nanp';

const MAX_OPEN = 64;

export interface ListLoadOutcome {
  linesRead: number;
  numbers: number;
  malformed: number;
  areaCodes: string[];
}

function listOf(copy: CopyRecord): string {
  if (copy.kind === 'state') return `state:${copy.state}`;
  return copy.kind.startsWith('federal') ? 'federal' : copy.kind;
}

export async function loadListFile(deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets'>, copy: CopyRecord): Promise<ListLoadOutcome> {
  const list = listOf(copy);
  const isDelta = copy.kind === 'federal-additions' || copy.kind === 'federal-deletions';
  const current = new Map<string, VersionRow>();
  const allCurrent = await currentVersions(deps.pool, knownAreaCodes());
  for (const v of allCurrent) if (v.list === list) current.set(v.npa, v);
  const open = new Map<string, Buffer>();
  /** Area codes written out when evicted: their stored set is final unless the area code comes again. */
  const written = new Map<string, { key: string | null; numbers: number }>();
  const errors = new ErrorRecorder(deps.pool, copy.id);
  const writeOut = async (npa: string, bits: Buffer) => {
    const n = countLines(bits);
    written.set(npa, { key: n > 0 ? await putLineSet(deps, list, npa, copy.id, bits, n) : null, numbers: n });
  };

  // Lines are collected per chunk and applied in order; opening an area code may need a read (its written set when
  // it comes again, or the current version for a change list).
  const npas: number[] = [];
  const lines: number[] = [];
  const parser = new RegistryLineParser({
    number: (npa, line7) => {
      npas.push(npa);
      lines.push(line7);
    },
    malformed: (lineNo, reason, text) => errors.add(lineNo, reason, text),
  });
  const bitmapFor = async (npa: string): Promise<Buffer> => {
    let b = open.get(npa);
    if (b) {
      open.delete(npa);
      open.set(npa, b);
      return b;
    }
    const done = written.get(npa);
    if (done) b = done.key ? await getAsBitmap(deps, done.key) : newBitmap();
    else if (isDelta && current.get(npa)?.objectKey) b = await getAsBitmap(deps, current.get(npa)!.objectKey!);
    else b = newBitmap();
    written.delete(npa);
    open.set(npa, b);
    if (open.size > MAX_OPEN) {
      const [oldest, bits] = open.entries().next().value as [string, Buffer];
      open.delete(oldest);
      await writeOut(oldest, bits);
    }
    return b;
  };
  const apply = copy.kind === 'federal-deletions' ? clearLine : setLine;
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
    let bits: Buffer | undefined;
    for (let i = 0; i < npas.length; i += 1) {
      if (npas[i] !== lastNpa) {
        lastNpa = npas[i]!;
        bits = await bitmapFor(String(lastNpa));
      }
      apply(bits!, lines[i]!);
      if (isDelta) changes.push([copy.id, String(lastNpa), e164Of(lastNpa, lines[i]!)]);
    }
    if (changes.length >= 5000) await flushChanges();
    npas.length = 0;
    lines.length = 0;
  };

  const hash = createHash('sha256');
  const out = await deps.s3.send(new GetObjectCommand({ Bucket: deps.buckets.raw, Key: copy.rawKey }));
  let sinceBeat = 0;
  for await (const chunk of out.Body as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    parser.push(chunk);
    await drain();
    sinceBeat += chunk.length;
    if (sinceBeat > 64 << 20) {
      sinceBeat = 0;
      heartbeatDetails({ copyId: copy.id, lineNo: parser.lineNo });
    }
  }
  parser.end();
  await drain();
  await errors.flush();
  const sha = hash.digest('hex');
  if (sha !== copy.sha256) throw new RegistryChecksumError(copy.rawKey, copy.sha256, sha);

  for (const [npa, bits] of open) await writeOut(npa, bits);
  open.clear();
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
  return { linesRead: parser.lineNo, numbers, malformed: errors.count, areaCodes: [...covered].sort() };
}
