// Export of a legacy SQLite file against the real MariaDB and S3: the only table picked by default, epoch
// timestamps and 64-bit rowids as exact text, unreadable values rejected per row, rowid high-water mark.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ApplicationFailure } from '@temporalio/common';
import { parseSourceArg } from '../../activities/export/source-spec';
import { COL, createExportTestEnv, type ExportTestEnv } from './export-test-env';

let env: ExportTestEnv;
let dir: string;
let file: string;
const ROWS = 40;

before(async () => {
  env = await createExportTestEnv('sqliteexp');
  dir = mkdtempSync(path.join(tmpdir(), 'sqlite-export-'));
  file = path.join(dir, 'legacy.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, phone TEXT, given_name TEXT, surname TEXT, updated INTEGER, score REAL, avatar BLOB)');
  const insert = db.prepare('INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (let i = 1; i <= ROWS; i++) {
    const id = i === ROWS ? 9223372036854775807n : BigInt(i);
    const surname: unknown = i === 5 ? Buffer.from([0xc3, 0x28]) : i === 6 ? 'nul\0inside' : i === 7 ? Buffer.from('ok-as-utf8 é') : `Surname${i}`;
    insert.run(id, `p${i}@example.org`, `020 7946 ${String(i).padStart(4, '0')}`, i === 3 ? '😀 نور' : `Given${i}`, surname, 1_600_000_000 + i, i + 0.5, Buffer.from([i]));
  }
  db.close();
});

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await env.close();
});

test('the only table is exported in rowid order with epoch timestamps and big rowids as exact text', async () => {
  const source = parseSourceArg(`sqlite:${file}`);
  const inspected = await env.activities.inspectSource({ migrationName: env.migrationName, source, batchSize: 7 });
  assert.equal(inspected.source.name, `sqlite:${file}#contacts`);
  assert.equal(inspected.declaredRows, ROWS);
  assert.deepEqual(JSON.parse(inspected.snapshotMarker!), { table: 'contacts', rowid: 'rowid', hwm: '9223372036854775807' });
  assert.deepEqual(inspected.mapping, { record_id: 'id', email: 'email', phone: 'phone', first_name: 'given_name', last_name: 'surname', updated_at: 'updated' });
  const full = await env.exportAll(source, 7, 2);
  assert.equal(full.rows.length, ROWS);
  assert.deepEqual(full.chunks.map((c) => c.batches.length), [2, 2, 2]);
  const byRow = (n: number) => full.rows[n - 1]!;
  assert.equal(byRow(1)[COL.updated_at], '1600000001');
  assert.equal(byRow(3)[COL.first_name], '😀 نور');
  assert.deepEqual([byRow(5)[COL.reject_code], byRow(5)[COL.reject_detail]], ['INVALID_ENCODING', 'column "surname" holds binary data that is not valid UTF-8']);
  assert.deepEqual([byRow(6)[COL.reject_code], byRow(6)[COL.reject_detail]], ['NUL_CHARACTER', 'column "surname" contains a NUL character']);
  assert.equal(byRow(7)[COL.last_name], 'ok-as-utf8 é');
  assert.equal(byRow(ROWS)[COL.record_id], '9223372036854775807');
  assert.deepEqual(full.rows.map((r) => r[COL.row_no]), Array.from({ length: ROWS }, (_, i) => String(i + 1)));
  const finished = await env.activities.finishExport({ sourceFileId: inspected.sourceFileId });
  assert.equal(finished.exportedRows, ROWS);
  assert.equal(finished.batchCount, 6);
});

test('a high-water mark excludes rows inserted after inspection', async () => {
  const hwmFile = path.join(dir, 'hwm.sqlite');
  const db = new Database(hwmFile);
  db.exec('CREATE TABLE people (email TEXT, first_name TEXT)');
  for (let i = 1; i <= 10; i++) db.prepare('INSERT INTO people VALUES (?, ?)').run(`a${i}@x.org`, `N${i}`);
  const source = parseSourceArg(`sqlite:${hwmFile}?table=people`);
  const migrationName = `${env.migrationName}-hwm`;
  const inspected = await env.activities.inspectSource({ migrationName, source, batchSize: 4 });
  for (let i = 11; i <= 15; i++) db.prepare('INSERT INTO people VALUES (?, ?)').run(`late${i}@x.org`, `L${i}`);
  db.close();
  const chunk = await env.activities.exportChunk({ migrationName, sourceFileId: inspected.sourceFileId, source, batchSize: 4, firstBatchNo: 1, maxBatches: 10, cursor: null });
  assert.equal(chunk.done, true);
  assert.deepEqual(chunk.batches.map((b) => b.rows), [4, 4, 2]);
  assert.equal((await env.activities.finishExport({ sourceFileId: inspected.sourceFileId })).exportedRows, 10);
});

test('inspectSource names the choices when the file has several tables, and rejects WITHOUT ROWID tables', async () => {
  const multi = path.join(dir, 'multi.sqlite');
  const db = new Database(multi);
  db.exec('CREATE TABLE b_people (email TEXT); CREATE TABLE a_people (email TEXT); CREATE TABLE keyed (email TEXT PRIMARY KEY) WITHOUT ROWID');
  db.close();
  const inspect = (arg: string) => env.activities.inspectSource({ migrationName: env.migrationName, batchSize: 7, source: parseSourceArg(arg) });
  await assert.rejects(inspect(`sqlite:${multi}`), (err: unknown) =>
    err instanceof ApplicationFailure && err.type === 'SourceSchemaError' && err.message === `source sqlite:${multi}: names no table and the file has 3: a_people, b_people, keyed; add ?table=NAME`);
  await assert.rejects(inspect(`sqlite:${multi}?table=keyed`), /keyed: is a WITHOUT ROWID table/);
  await assert.rejects(inspect(`sqlite:${path.join(dir, 'absent.sqlite')}`), (err: unknown) => err instanceof ApplicationFailure && err.type === 'SourceNotFoundError');
});
