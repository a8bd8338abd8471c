// Computes the blocking keys of the contacts in one id range (a full pass) or of the pass's scope in it (an
// incremental pass) and brings dedupe_keys in line: only keys that changed are deleted or inserted, so a pass over
// unchanged contacts writes nothing. Pages by id and heartbeats the last id done: a retry resumes after it.
import type { RowDataPacket } from 'mysql2';
import { blockKeys } from '../../domain/dedupe/blocking';
import { featuresOf } from '../../domain/dedupe/features';
import type { DbPool } from '../deps';
import { heartbeatDetails } from '../keep-alive';
import { insertRows, recordsInRange, scopeRecordsInRange } from './dedupe-records';
import type { IdRange, PassKind } from './pass-lifecycle';

export interface BlockKeysInput {
  passId: number;
  kind: PassKind;
  range: IdRange;
}

export interface BlockKeysResult {
  contacts: number;
  keysInserted: number;
  keysDeleted: number;
}

const PAGE = 5000;

export async function computeBlockKeys(pool: DbPool, input: BlockKeysInput, resumeAfter: number | null): Promise<BlockKeysResult> {
  const result: BlockKeysResult = { contacts: 0, keysInserted: 0, keysDeleted: 0 };
  let from = resumeAfter === null ? input.range.from : resumeAfter + 1;
  // One page's writes stay in flight while the next page is read and its keys computed (pages hold disjoint
  // contacts); the heartbeat reports a page's last id only once its writes are done, so a retry resumes after it.
  let writing: Promise<void> | null = null;
  while (from <= input.range.to) {
    const records = input.kind === 'full'
      ? await recordsInRange(pool, from, input.range.to, PAGE)
      : await scopeRecordsInRange(pool, input.passId, from, input.range.to, PAGE);
    if (records.length === 0) break;
    const last = records[records.length - 1]!.id;
    const ids = records.map((r) => r.id);
    // Per contact, its distinct keys: numbers (a bkey is 53 bits), compared per contact, no string per key.
    const wanted = new Map<number, number[]>();
    for (const r of records) wanted.set(r.id, [...new Set(blockKeys(featuresOf(r)))]);
    const [existing] = await pool.query<RowDataPacket[]>('SELECT bkey, contact_id FROM dedupe_keys WHERE contact_id IN (?)', [ids]);
    const have = new Map<number, number[]>();
    for (const e of existing) {
      const id = Number(e.contact_id);
      const keys = have.get(id);
      if (keys) keys.push(Number(e.bkey));
      else have.set(id, [Number(e.bkey)]);
    }
    const stale: number[][] = [];
    for (const [id, keys] of have) for (const k of keys) if (!wanted.get(id)?.includes(k)) stale.push([k, id]);
    const fresh: number[][] = [];
    for (const [id, keys] of wanted) for (const k of keys) if (!have.get(id)?.includes(k)) fresh.push([k, id]);
    fresh.sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]!);
    if (writing) await writing;
    writing = (async () => {
      for (let i = 0; i < stale.length; i += 1000) {
        await pool.query('DELETE FROM dedupe_keys WHERE (bkey, contact_id) IN (?)', [stale.slice(i, i + 1000)]);
      }
      await insertRows(pool, 'INSERT IGNORE INTO dedupe_keys (bkey, contact_id)', fresh, '', 5000, true);
      result.contacts += records.length;
      result.keysInserted += fresh.length;
      result.keysDeleted += stale.length;
      heartbeatDetails({ lastId: last, ...result });
    })();
    // A failed write fails the activity at the next await; until then keep it from being an unhandled rejection.
    writing.catch(() => {});
    from = last + 1;
  }
  if (writing) await writing;
  return result;
}
