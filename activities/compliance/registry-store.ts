// The registry store: each (list, area code) version is an immutable bitmap object in the processed zone, indexed by
// registry_versions in MySQL. A check reads one byte per list with a ranged GET; a scrub partition reads whole
// bitmaps through a bounded in-process cache. Nothing lives only in Redis, so a flushed cache loses nothing.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { RowDataPacket } from 'mysql2';
import type { ActivityDeps, DbPool } from '../deps';
import { BITMAP_BYTES, bitmapOfLines, decodeLineSet, encodeLineSet, type LineSet, type SetFormat } from '../../domain/compliance/bitmap';
import type { CopyRef, Membership, RegistryFacts } from '../../domain/compliance/facts';
import type { NanpNumber } from '../../domain/compliance/nanp';
import type { RegistryLookup } from './facts-reader';
import { msOfSql } from './sql-time';

type StoreDeps = Pick<ActivityDeps, 's3' | 'buckets'>;

/** The object of one (list, area code) version; its suffix says its format (`.bitmap`, `.xlines`, or `.lines` from before xlines). */
export function setKey(list: string, npa: string, copyId: number, format: SetFormat): string {
  return `registry/${list.replace(':', '-')}/${npa}/copy-${copyId}.${format}`;
}

export function formatOf(key: string): SetFormat {
  return key.endsWith('.xlines') ? 'xlines' : key.endsWith('.lines') ? 'lines' : 'bitmap';
}

async function getBytes(deps: StoreDeps, key: string): Promise<Uint8Array> {
  const out = await deps.s3.send(new GetObjectCommand({ Bucket: deps.buckets.processed, Key: key }));
  return out.Body!.transformToByteArray();
}

/** Stores an area code's bitmap in its smaller format; returns the key. */
export async function putLineSet(deps: StoreDeps, list: string, npa: string, copyId: number, bitmap: Uint8Array, count: number): Promise<string> {
  const { format, bytes } = encodeLineSet(bitmap, count);
  return putEncodedSet(deps, list, npa, copyId, format, bytes);
}

/** Stores an area code's set already in its stored format (a LineSetBuilder's); returns the key. */
export async function putEncodedSet(deps: StoreDeps, list: string, npa: string, copyId: number, format: SetFormat, bytes: Uint8Array): Promise<string> {
  const key = setKey(list, npa, copyId, format);
  await deps.s3.send(new PutObjectCommand({ Bucket: deps.buckets.processed, Key: key, Body: bytes, ContentType: 'application/octet-stream' }));
  return key;
}

export async function getLineSet(deps: StoreDeps, key: string): Promise<LineSet> {
  return decodeLineSet(formatOf(key), await getBytes(deps, key));
}

/** A stored set as a bitmap (a change list is applied to it). */
export async function getAsBitmap(deps: StoreDeps, key: string): Promise<Buffer> {
  return bitmapOfLines(formatOf(key), await getBytes(deps, key));
}

/** Parks a bitmap (a loader's eviction) and takes it back. */
export async function putBitmap(deps: StoreDeps, key: string, bitmap: Uint8Array): Promise<void> {
  await deps.s3.send(new PutObjectCommand({ Bucket: deps.buckets.processed, Key: key, Body: bitmap, ContentType: 'application/octet-stream' }));
}

export async function getBitmap(deps: StoreDeps, key: string): Promise<Buffer> {
  const bytes = Buffer.from(await getBytes(deps, key));
  if (bytes.length !== BITMAP_BYTES) throw new Error(`registry bitmap ${key} has ${bytes.length} bytes, expected ${BITMAP_BYTES}`);
  return bytes;
}

/** Whether a line is in a stored set: a bitmap with a one-byte ranged GET (a check's lookup), a line list whole. */
export async function getLineBit(deps: StoreDeps, key: string, line7: number): Promise<boolean> {
  if (formatOf(key) !== 'bitmap') return (await getLineSet(deps, key)).has(line7);
  const byte = line7 >>> 3;
  const out = await deps.s3.send(new GetObjectCommand({ Bucket: deps.buckets.processed, Key: key, Range: `bytes=${byte}-${byte}` }));
  const b = await out.Body!.transformToByteArray();
  return (b[0]! & (0x80 >>> (line7 & 7))) !== 0;
}

export interface VersionRow {
  id: number;
  list: string;
  npa: string;
  copyId: number;
  asOf: string;
  numbers: number;
  objectKey: string | null;
}

function versionOf(r: RowDataPacket): VersionRow {
  return { id: Number(r.id), list: r.list, npa: r.npa, copyId: Number(r.copy_id), asOf: new Date(msOfSql(r.as_of)).toISOString(), numbers: Number(r.numbers), objectKey: r.object_key ?? null };
}

/** The current version of every list for each area code in `npas` (as of versions created up to `maxVersionId`). */
export async function currentVersions(pool: Pick<DbPool, 'query'>, npas: string[], maxVersionId = Number.MAX_SAFE_INTEGER): Promise<VersionRow[]> {
  if (npas.length === 0) return [];
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT v.* FROM registry_versions v JOIN (
       SELECT list, npa, MAX(id) AS id FROM registry_versions WHERE npa IN (?) AND id <= ? GROUP BY list, npa
     ) m ON m.id = v.id ORDER BY v.npa, v.list`, [npas, maxVersionId],
  );
  return rows.map(versionOf);
}

export function copyRefOf(v: VersionRow): CopyRef {
  return { list: v.list, copyId: v.copyId, versionId: v.id, asOf: v.asOf };
}

/** Registry facts from a set of current versions and a membership test per version. */
export async function registryFactsOf(versions: VersionRow[], listed: (v: VersionRow) => Promise<boolean> | boolean): Promise<RegistryFacts> {
  const facts: RegistryFacts = { federal: null, states: [], litigator: null, wireless: null };
  for (const v of versions) {
    const m: Membership = { copy: copyRefOf(v), listed: v.objectKey !== null && (await listed(v)) };
    if (v.list === 'federal') facts.federal = m;
    else if (v.list === 'litigator') facts.litigator = m;
    else if (v.list === 'wireless') facts.wireless = m;
    else if (v.list.startsWith('state:') && m.listed) facts.states.push({ ...m, state: v.list.slice(6) });
  }
  return facts;
}

/** The lookup `check` uses: current versions from MySQL, one ranged GET per list that has a bitmap. */
export function createRegistryLookup(deps: StoreDeps & { pool: Pick<DbPool, 'query'> }): RegistryLookup {
  return {
    async registryFacts(number: NanpNumber): Promise<RegistryFacts> {
      const versions = await currentVersions(deps.pool, [number.npa]);
      return registryFactsOf(versions, (v) => getLineBit(deps, v.objectKey!, number.line7));
    },
  };
}

/**
 * A cache of whole sets for scrubs, bounded by bytes (least recently used out first). A full scrub's partitions each
 * touch every area code, so the default holds a whole dense federal list (330 US area codes x 1.25 MB = 412 MB) with
 * room for the thin lists; sets are read from the object store once per worker process and scrub.
 */
export class LineSetCache {
  private readonly entries = new Map<string, { set: Promise<LineSet>; bytes: number }>();
  private bytes = 0;
  constructor(private readonly deps: StoreDeps, private readonly maxBytes = 768 << 20) {}

  get(key: string): Promise<LineSet> {
    let hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.set;
    }
    const entry = { set: getLineSet(this.deps, key), bytes: 0 };
    hit = entry;
    this.entries.set(key, entry);
    entry.set.then((s) => {
      if (this.entries.get(key) !== entry) return;
      entry.bytes = s.bytes;
      this.bytes += s.bytes;
      for (const [k, e] of this.entries) {
        if (this.bytes <= this.maxBytes || k === key) break;
        this.entries.delete(k);
        this.bytes -= e.bytes;
      }
    }, () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.set;
  }
}
