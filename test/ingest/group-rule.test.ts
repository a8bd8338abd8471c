// The per-group rule has one definition (domain/group-rule.ts) and two paths: the TypeScript fold and the SQL
// merge generated from it. Random batches, applied in both orders through both paths, must give one result.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import { ingestBatch } from '../../activities/ingest/ingest-batch';
import { CONTACT_META, FIELD_GROUPS, valueIndex } from '../../domain/contact-schema';
import type { RawRow } from '../../domain/fields';
import { BatchFolder, groupTs, type FoldedCandidate } from '../../domain/fold-batch';
import { matchKey } from '../../domain/match-key';
import { contactValue, normalizeRow, type NormalizedContact } from '../../domain/normalize-row';
import { seededRandom } from '../domain/raw-row-fixture';
import { putBatch } from '../support/batch-objects';
import { activityDeps, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';

const SOURCE = 'csv:/group-rule.csv';
const NOW = Date.parse('2026-01-01T00:00:00Z');
/** Repeated timestamps and an undated row, so ties (broken by value) are common. */
const STAMPS = ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-06-01T12:00:00Z', ''];
/** Values whose order differs between UTF-16 units and code points (U+FF21 vs an astral emoji), and empties. */
const NAMES = ['Ann', 'Anne', 'Ａnn', '😀nn', 'ann', ''];
const CITIES = ['Austin', 'Boston', ''];

interface Db {
  db: TestDatabase;
  deps: ReturnType<typeof activityDeps>;
  sourceFileId: number;
  run: string;
  batchNo: number;
}

async function open(prefix: string): Promise<Db> {
  const db = await createTestDatabase(prefix);
  const deps = activityDeps(db);
  const run = uniqueName(prefix);
  const [res] = await db.pool.execute<ResultSetHeader>(
    "INSERT INTO source_files (migration_name, source_name, source_kind, location, batch_size) VALUES (?, ?, 'csv', '/group-rule.csv', 100)",
    [run, SOURCE],
  );
  return { db, deps, sourceFileId: res.insertId, run, batchNo: 0 };
}

async function ingest(ctx: Db, rows: Array<Partial<RawRow>>): Promise<void> {
  ctx.batchNo += 1;
  const key = `test/${ctx.run}/batch-${ctx.batchNo}.csv`;
  const sha = await putBatch(ctx.deps.s3, ctx.deps.buckets.raw, key, rows);
  await ingestBatch(
    { pool: ctx.deps.pool, s3: ctx.deps.s3, buckets: ctx.deps.buckets, defaultPhoneRegion: 'US', now: () => NOW },
    { sourceFileId: ctx.sourceFileId, sourceName: SOURCE, batchNo: ctx.batchNo, objectKey: key, objectSha256: sha },
  );
}

/** Per email: every group's columns and timestamp, and the newest timestamp, as text. */
type Outcome = Record<string, Record<string, string | null>>;

const GROUP_COLUMNS = FIELD_GROUPS.flatMap((g) => [...g.columns, g.tsColumn]);

async function sqlOutcome(ctx: Db, emails: string[]): Promise<Outcome> {
  const cols = [...GROUP_COLUMNS, CONTACT_META.sourceUpdatedAt];
  const [rows] = await ctx.db.pool.query<RowDataPacket[]>(
    `SELECT email, ${cols.map((c) => `CAST(${c} AS CHAR) AS ${c}`).join(', ')} FROM contacts WHERE email IN (?)`,
    [emails],
  );
  return Object.fromEntries(rows.map((r) => [String(r.email), Object.fromEntries(cols.map((c) => [c, r[c] === null ? null : String(r[c])]))]));
}

function foldOutcome(batches: Array<Array<Partial<RawRow>>>): Outcome {
  const folder = new BatchFolder<NormalizedContact>();
  let rowNo = 0;
  for (const batch of batches) {
    for (const partial of batch) {
      const r = normalizeRow({ ...emptyRow(++rowNo), ...partial }, { defaultRegion: 'US', now: NOW });
      if (r.kind !== 'ok') throw new Error(`row rejected: ${r.detail}`);
      folder.add(r.contact, matchKey(r.contact, SOURCE));
    }
  }
  const out: Outcome = {};
  for (const c of folder.candidates.values()) out[contactValue(c.lead, 'email')!] = describe(c);
  return out;
}

function describe(c: FoldedCandidate<NormalizedContact>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  FIELD_GROUPS.forEach((g, i) => {
    const winner = c.winners[i] ?? null;
    for (const col of g.columns) out[col] = winner ? winner.values[valueIndex(col)] ?? null : null;
    out[g.tsColumn] = winner ? groupTs(winner) : null;
  });
  out[CONTACT_META.sourceUpdatedAt] = c.ts;
  return out;
}

function emptyRow(rowNo: number): RawRow {
  return { row_no: String(rowNo), record_id: '', email: '', phone: '', first_name: '', last_name: '', address_line: '', city: '', state: '',
    postal_code: '', country: '', dob: '', updated_at: '', reject_code: '', reject_detail: '' };
}

function randomBatch(rnd: () => number, emails: string[], size: number, tag: string): Array<Partial<RawRow>> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  return Array.from({ length: size }, (_, i) => ({
    record_id: `${tag}-${i}`,
    email: pick(emails),
    phone: rnd() < 0.5 ? `(415) 555-0132 x${pick(['1', '2', '12'])}` : '(415) 555-0132',
    first_name: pick(NAMES),
    last_name: pick(['Lee', 'Li', '']),
    city: pick(CITIES),
    state: rnd() < 0.5 ? 'TX' : '',
    dob: pick(['1980-01-02', '1981-03-04', '']),
    updated_at: pick(STAMPS),
  }));
}

let ab: Db;
let ba: Db;
let single: Db;
before(async () => {
  [ab, ba, single] = [await open('rule-ab'), await open('rule-ba'), await open('rule-one')];
});
after(async () => {
  for (const c of [ab, ba, single]) {
    await c.deps.close();
    await c.db.drop();
  }
});

test('a tie between U+FF21 and an astral character goes the same way in the fold and in SQL (code point order)', async () => {
  const rows: Array<Partial<RawRow>> = [
    { record_id: 'x1', email: 'tie@example.com', first_name: '\u{1F600}nn', updated_at: '2024-01-01T00:00:00Z' },
    { record_id: 'x2', email: 'tie@example.com', first_name: '\uFF21nn', updated_at: '2024-01-01T00:00:00Z' },
  ];
  for (const r of rows) await ingest(single, [r]);
  const sql = await sqlOutcome(single, ['tie@example.com']);
  assert.equal(sql['tie@example.com']!.first_name, '\u{1F600}nn', 'utf8mb4_bin: U+1F600 sorts after U+FF21');
  assert.deepEqual(foldOutcome([rows]), sql);
  assert.deepEqual(foldOutcome([rows.slice().reverse()]), sql);
});

test('random batches give one result in both orders, folded in TypeScript, merged by SQL row by row, or both', async () => {
  const rnd = seededRandom(20261201);
  for (let trial = 0; trial < 10; trial++) {
    const emails = [0, 1, 2].map((k) => `t${trial}k${k}@example.com`);
    const a = randomBatch(rnd, emails, 3 + Math.floor(rnd() * 4), `a${trial}`);
    const b = randomBatch(rnd, emails, 3 + Math.floor(rnd() * 4), `b${trial}`);
    await ingest(ab, a);
    await ingest(ab, b);
    await ingest(ba, b);
    await ingest(ba, a);
    // Pure SQL: every row its own batch (nothing to fold), in a shuffled order.
    const rows = [...a, ...b].map((r) => ({ r, k: rnd() }));
    for (const { r } of rows.sort((x, y) => x.k - y.k)) await ingest(single, [r]);
    const sqlAb = await sqlOutcome(ab, emails);
    const context = `trial ${trial}: ${JSON.stringify({ a, b })}`;
    assert.deepEqual(await sqlOutcome(ba, emails), sqlAb, `SQL, both orders; ${context}`);
    assert.deepEqual(await sqlOutcome(single, emails), sqlAb, `SQL row by row; ${context}`);
    assert.deepEqual(foldOutcome([a, b]), sqlAb, `fold A,B vs SQL; ${context}`);
    assert.deepEqual(foldOutcome([b, a]), sqlAb, `fold B,A vs SQL; ${context}`);
  }
});
