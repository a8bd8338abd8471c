// Export of a legacy MySQL table against the real MariaDB and S3: keyset chunks, exact resumption, high-water
// mark, byte-exact text, BIGINT keys, finishExport totals, and schema errors raised before any batch runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger } from '@temporalio/worker';
import { MockActivityEnvironment } from '@temporalio/testing';
import mysql from 'mysql2/promise';
import type { ExportChunkResult, ExportCursor } from '../../activities/export/export-contract';
import { parseSourceArg, type SourceSpec } from '../../activities/export/source-spec';
import { COL, ROOT_URL, createExportTestEnv, parseBatch, uniqueName, type ExportTestEnv } from './export-test-env';

let env: ExportTestEnv;
let legacyDb: string;
let source: SourceSpec;
const ROWS = 53;
const specials = [
  "Robert'); DROP TABLE customers;--",
  '😀 Zoë "Zed", Jr.',
  'مريم العربي',
  'line one\nline two, with comma',
  '  padded  ',
];

before(async () => {
  env = await createExportTestEnv('mysqlexp');
  legacyDb = uniqueName('legacy');
  const q = (sql: string, values?: unknown[]) => env.pool.query(sql, values);
  await q(`CREATE DATABASE ${mysql.escapeId(legacyDb)} CHARACTER SET utf8mb4`);
  await q(`CREATE TABLE ${legacyDb}.customers (
    id BIGINT NOT NULL PRIMARY KEY, email VARCHAR(200), phone VARCHAR(40), first_name VARCHAR(100), last_name VARCHAR(100),
    address VARCHAR(300), dob DATE, updated_at DATETIME, photo BLOB) CHARACTER SET utf8mb4`);
  const rows: unknown[][] = [];
  for (let i = 1; i <= ROWS; i++) {
    // The last two keys differ only beyond double precision: a string-compared keyset would skip one.
    const id = i === ROWS - 1 ? '9007199254740992' : i === ROWS ? '9007199254740993' : String(i * 10);
    rows.push([id, `user${i}@example.com`, `+1 555 01${String(i).padStart(2, '0')}`, specials[i % specials.length], `Last${i}`,
      i % 7 === 0 ? null : `${i} Main St`, `1980-01-${String((i % 28) + 1).padStart(2, '0')}`, `2021-06-01 12:00:${String(i % 60).padStart(2, '0')}`, Buffer.from([0xff, 0x00])]);
  }
  await q(`INSERT INTO ${legacyDb}.customers VALUES ?`, [rows]);
  source = parseSourceArg(`mysql:${ROOT_URL}/${legacyDb}?table=customers`);
});

after(async () => {
  await env.pool.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(legacyDb)}`);
  await env.close();
});

test('keyset chunks export every row exactly once, byte-exact, up to the high-water mark', async () => {
  const inspected = await env.activities.inspectSource({ migrationName: env.migrationName, source, batchSize: 7 });
  assert.equal(inspected.declaredRows, ROWS);
  assert.equal(inspected.source.name, `mysql:127.0.0.1:3306/${legacyDb}.customers`);
  assert.deepEqual(JSON.parse(inspected.snapshotMarker!), { table: 'customers', pk: 'id', hwm: '9007199254740993' });
  assert.equal(inspected.mapping.record_id, 'id');
  assert.ok(inspected.unmapped.includes('photo'));
  // Rows inserted after inspection are above the high-water mark and must not be exported.
  await env.pool.query(`INSERT INTO ${legacyDb}.customers (id, email, first_name) VALUES (9007199254740994, 'late@example.com', 'Late'), (9007199254740999, 'later@example.com', 'Later')`);

  const full = await env.exportAll(source, 7, 3);
  assert.equal(full.inspected.sourceFileId, inspected.sourceFileId, 're-inspecting returns the same id');
  assert.equal(full.chunks.length, 3);
  assert.deepEqual(full.chunks.map((c) => c.batches.length), [3, 3, 2]);
  assert.equal(full.chunks.at(-1)!.cursor, null);
  assert.equal(full.rows.length, ROWS);
  assert.deepEqual(full.rows.map((r) => r[COL.row_no]), Array.from({ length: ROWS }, (_, i) => String(i + 1)));
  assert.deepEqual(full.rows.slice(-2).map((r) => r[COL.record_id]), ['9007199254740992', '9007199254740993']);
  assert.ok(!full.rows.some((r) => r[COL.email]!.startsWith('late')));
  const [db] = await env.pool.query<mysql.RowDataPacket[]>(
    `SELECT CAST(id AS CHAR) AS id, email, first_name, address, DATE_FORMAT(dob, '%Y-%m-%d') AS dob, DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s') AS updated_at
     FROM ${legacyDb}.customers c WHERE c.id <= 9007199254740993 ORDER BY c.id`,
  );
  full.rows.forEach((r, i) => {
    const d = db[i]!;
    assert.deepEqual([r[COL.record_id], r[COL.email], r[COL.first_name], r[COL.address_line], r[COL.dob], r[COL.updated_at], r[COL.reject_code]],
      [d.id, d.email, d.first_name, d.address ?? '', d.dob, d.updated_at, '']);
  });
  assert.ok(specials.every((s) => full.rows.some((r) => r[COL.first_name] === s)), 'injection strings, emoji, RTL and newlines survive');

  const finished = await env.activities.finishExport({ sourceFileId: inspected.sourceFileId });
  const shas = full.chunks.flatMap((c) => c.batches.map((b) => b.sha256));
  assert.deepEqual(finished, {
    sourceFileId: inspected.sourceFileId, status: 'exported', batchCount: 8, exportedRows: ROWS, declaredRows: ROWS,
    checksumSha256: createHash('sha256').update(shas.map((s) => `${s}\n`).join('')).digest('hex'),
  });
  assert.deepEqual(await env.activities.finishExport({ sourceFileId: inspected.sourceFileId }), finished, 'finishExport is idempotent');
  const again = await env.activities.inspectSource({ migrationName: env.migrationName, source, batchSize: 7 });
  assert.equal(again.status, 'exported', 're-inspecting does not reset a finished export');
  assert.equal(again.declaredRows, ROWS);
  assert.equal(again.snapshotMarker, inspected.snapshotMarker);
  await assert.rejects(env.activities.inspectSource({ migrationName: env.migrationName, source, batchSize: 100 }), /already exported with batchSize 7/);
});

test('a chunk resumed from a cursor, or retried from its heartbeat, writes byte-identical objects', async () => {
  const migrationName = `${env.migrationName}-resume`;
  const acts = env.activities;
  const { sourceFileId } = await acts.inspectSource({ migrationName, source, batchSize: 7 });
  // The uninterrupted reference: one chunk of every batch.
  const whole = await acts.exportChunk({ migrationName, sourceFileId, source, batchSize: 7, firstBatchNo: 1, maxBatches: 100, cursor: null });
  assert.equal(whole.done, true);
  const reference = await Promise.all(whole.batches.map((b) => env.objectBytes(b.objectKey)));
  // Interrupted: batches 1-2, then a retry of "batches 3-5 from cursor" whose first attempt died after batch 3.
  const first = await acts.exportChunk({ migrationName, sourceFileId, source, batchSize: 7, firstBatchNo: 1, maxBatches: 2, cursor: null });
  const beats: unknown[] = [];
  const attempt1 = new MockActivityEnvironment({}, { logger: new DefaultLogger('WARN') });
  attempt1.on('heartbeat', (d: unknown) => beats.push(d));
  const partial: ExportChunkResult = await attempt1.run(acts.exportChunk, { migrationName, sourceFileId, source, batchSize: 7, firstBatchNo: 3, maxBatches: 1, cursor: first.cursor });
  assert.equal(beats.length, 1);
  const retry = new MockActivityEnvironment({ heartbeatDetails: beats[0] }, { logger: new DefaultLogger('WARN') });
  // Objects are deterministic, so only the writes themselves show whether batch 3 was rewritten.
  const written: string[] = [];
  env.s3.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName === 'PutObjectCommand') written.push(String((args.input as { Key?: string }).Key));
    return next(args);
  }, { step: 'initialize', name: 'recordPuts' });
  let resumed: ExportChunkResult;
  try {
    resumed = await retry.run(acts.exportChunk, { migrationName, sourceFileId, source, batchSize: 7, firstBatchNo: 3, maxBatches: 3, cursor: first.cursor });
  } finally {
    env.s3.middlewareStack.remove('recordPuts');
  }
  assert.deepEqual(resumed.batches[0], partial.batches[0], 'the batch written before the crash is reported');
  assert.deepEqual(written, resumed.batches.slice(1).map((b) => b.objectKey), 'and not rewritten: the retry writes only batches 4 and 5');
  const rest = await acts.exportChunk({ migrationName, sourceFileId, source, batchSize: 7, firstBatchNo: 6, maxBatches: 10, cursor: resumed.cursor });
  const pieces = [...first.batches, ...resumed.batches, ...rest.batches];
  assert.deepEqual(pieces.map((b) => b.sha256), whole.batches.map((b) => b.sha256));
  for (const [i, b] of pieces.entries()) assert.ok((await env.objectBytes(b.objectKey)).equals(reference[i]!), `batch ${b.batchNo} bytes`);
  assert.deepEqual(pieces.map((b) => [b.firstRowNo, b.lastRowNo]), whole.batches.map((b) => [b.firstRowNo, b.lastRowNo]));
  assert.equal(parseBatch(reference[0]!).length, 7);
  // A cursor for the wrong kind of source is bad input, not a transient failure.
  const csvCursor: ExportCursor = { byteOffset: 0, nextRowNo: 8 };
  await assert.rejects(acts.exportChunk({ migrationName, sourceFileId, source, batchSize: 7, firstBatchNo: 2, maxBatches: 1, cursor: csvCursor }),
    (err: unknown) => err instanceof ApplicationFailure && err.nonRetryable && /does not fit a mysql source/.test(err.message));
  // A cursor that does not belong to the batch number would shift every later batch.
  await assert.rejects(acts.exportChunk({ migrationName, sourceFileId, source, batchSize: 7, firstBatchNo: 4, maxBatches: 1, cursor: first.cursor }),
    /cursor is at row 15 but batch 4 starts at row 22/);
});

test('inspectSource fails fast naming the source and the offending column', async () => {
  const q = (sql: string) => env.pool.query(sql);
  await q(`CREATE TABLE ${legacyDb}.composite (a INT, b INT, email VARCHAR(100), PRIMARY KEY (a, b))`);
  await q(`CREATE TABLE ${legacyDb}.textkey (code VARCHAR(10) PRIMARY KEY, email VARCHAR(100))`);
  await q(`CREATE TABLE ${legacyDb}.nokeys (id INT PRIMARY KEY, note VARCHAR(100))`);
  const inspect = (table: string | undefined, mappingJson?: string) => env.activities.inspectSource({
    migrationName: env.migrationName, batchSize: 7, mappingJson,
    source: parseSourceArg(`mysql:${ROOT_URL}/${legacyDb}${table ? `.${table}` : ''}`),
  });
  const fails = async (p: Promise<unknown>, type: string, message: RegExp) => {
    await assert.rejects(p, (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure, String(err));
      assert.equal(err.type, type);
      assert.equal(err.nonRetryable, true);
      assert.match(err.message, message);
      return true;
    });
  };
  await fails(inspect('composite'), 'SourceSchemaError', new RegExp(`source mysql:127.0.0.1:3306/${legacyDb}.composite: primary key must be a single integer column.*\\(a int.*, b int.*\\)`));
  await fails(inspect('textkey'), 'SourceSchemaError', /textkey: primary key must be a single integer column .*code varchar\(10\)/);
  await fails(inspect('nokeys'), 'SourceSchemaError', /nokeys: mapping: no email or phone column/);
  await fails(inspect('customers', '{"last_name":"photo"}'), 'SourceSchemaError', /customers: column photo \(mapped to last_name\) has type blob, which cannot be read as text/);
  await fails(inspect('customers', '{"email":"courriel"}'), 'SourceSchemaError', /customers: mapping for email: header "courriel" does not exist/);
  await fails(inspect('missing'), 'SourceNotFoundError', /table missing does not exist/);
  await fails(inspect(undefined), 'SourceSchemaError', new RegExp(`${legacyDb}: names no table and database ${legacyDb} has 4: composite, customers, nokeys, textkey`));
});
