// Export of CSV drops against the real MariaDB and S3: BOM + CRLF, quoted newlines, broken records rejected
// without losing later ones, Latin-1, huge fields, byte-exact Unicode, s3:// sources resumed by byte offset.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ApplicationFailure } from '@temporalio/common';
import type { CsvCursor } from '../../activities/export/export-contract';
import { parseSourceArg } from '../../activities/export/source-spec';
import { RAW_KEYS } from '../../config/constants';
import { COL, createExportTestEnv, type ExportTestEnv } from './export-test-env';

let env: ExportTestEnv;
let dir: string;
const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

/** 30 data records (plus a blank line): records 5, 6 and 8 are broken, record 9 has a 10 MB city. */
function dropCsv(): Buffer {
  const lines = [
    'id,email,phone,first_name,last_name,city,notes',
    '1,a@x.org,555-0001,Ann,Lee,Paris,plain',
    '2,b@x.org,555-0002,"Smith, Jr.","O""Brien","New\r\nYork",x',
    `3,c@x.org,,"Robert'); DROP TABLE contacts;--",Tables,Rome,y`,
    '4,d@x.org,,😀 Zoë,مريم,القاهرة,z',
    '5,"e@x.org,broken,Eve,Open,Lyon,q',
    '6,f@x.org,555-0006,Fay,Ng,Oslo,a,extra',
    '7,"g@x.org",555-0007,Gus,Ho,Bern,"multi ""quoted"""',
    '8,h@x.org,555-0008,Hal,Yu,Rome',
    '',
    `9,i@x.org,555-0009,Ivy,Bo,${TEN_MB},big`,
  ];
  for (let i = 10; i <= 30; i++) lines.push(`${i},u${i}@x.org,555-00${i},"Name ${i}",Last${i},City${i},n${i}`);
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n'))]);
}

before(async () => {
  env = await createExportTestEnv('csvexp');
  dir = mkdtempSync(path.join(tmpdir(), 'csv-export-'));
});

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await env.close();
});

test('BOM, CRLF, quoting, broken records and a 10 MB field: every record exactly once, later records intact', async () => {
  const file = path.join(dir, 'drop.csv');
  writeFileSync(file, dropCsv());
  const source = parseSourceArg(`csv:${file}`);
  const full = await env.exportAll(source, 7, 2);
  assert.equal(full.inspected.declaredRows, 30);
  assert.equal(full.inspected.columns[0], 'id', 'the BOM is not part of the first header');
  assert.equal(JSON.parse(full.inspected.snapshotMarker!).encoding, 'utf-8');
  assert.equal(full.rows.length, 30);
  assert.deepEqual(full.rows.map((r) => r[COL.row_no]), Array.from({ length: 30 }, (_, i) => String(i + 1)));
  const row = (n: number) => full.rows[n - 1]!;
  const pick = (n: number, ...cols: Array<keyof typeof COL>) => cols.map((c) => row(n)[COL[c]]);
  assert.deepEqual(pick(2, 'first_name', 'last_name', 'city'), ['Smith, Jr.', 'O"Brien', 'New\r\nYork']);
  assert.deepEqual(pick(3, 'first_name'), ["Robert'); DROP TABLE contacts;--"]);
  assert.deepEqual(pick(4, 'first_name', 'last_name', 'city'), ['😀 Zoë', 'مريم', 'القاهرة']);
  assert.deepEqual(pick(5, 'record_id', 'email', 'reject_code', 'reject_detail'),
    ['5', '', 'UNCLOSED_QUOTE', `unclosed quote in field 2 (line at byte ${dropCsv().indexOf('5,"e@x.org')})`]);
  assert.deepEqual(pick(6, 'reject_code', 'reject_detail'), ['COLUMN_COUNT', 'expected 7 fields, got 8']);
  assert.deepEqual(pick(7, 'email', 'reject_code'), ['g@x.org', '']);
  assert.deepEqual(pick(8, 'reject_code', 'reject_detail'), ['COLUMN_COUNT', 'expected 7 fields, got 6']);
  assert.equal(row(9)[COL.city], TEN_MB, 'a field over 1 MB is still emitted (ingest rejects it)');
  assert.deepEqual(pick(30, 'record_id', 'email', 'first_name', 'reject_code'), ['30', 'u30@x.org', 'Name 30', '']);
  const finished = await env.activities.finishExport({ sourceFileId: full.inspected.sourceFileId });
  assert.equal(finished.exportedRows, finished.declaredRows);
  assert.equal(finished.batchCount, 5);
});

test('a rejected record keeps its source record id whenever the id column reads; all-empty records stay empty for ingest to reject', async () => {
  const file = path.join(dir, 'ids.csv');
  writeFileSync(file, [
    'email,id,first_name,city',
    'a@x.org,1001,Ann,Paris',
    'b@x.org,1002,Bob,Paris,extra',
    'c@x.org,1003,Cy',
    'd@x.org,1004,"Dee"x,Rome',
    'e@x.org,1005,"Eve,Rome',
    'f@x.org,1008,F\u0000y,Oslo',
    ',,,',
    '"","","",""',
    '"g@x.org,1009,Gus,Bern',
    'h@x.org,,Hal,Rome',
  ].join('\n'));
  const full = await env.exportAll(parseSourceArg(`csv:${file}`), 100, 1);
  assert.deepEqual(full.rows.map((r) => [r[COL.row_no], r[COL.record_id], r[COL.reject_code]]), [
    ['1', '1001', ''],
    ['2', '1002', 'COLUMN_COUNT'],
    ['3', '1003', 'COLUMN_COUNT'],
    ['4', '1004', 'MALFORMED_QUOTE'],
    ['5', '1005', 'UNCLOSED_QUOTE'],
    ['6', '1008', 'NUL_CHARACTER'],
    ['7', '', ''],
    ['8', '', ''],
    ['9', '', 'UNCLOSED_QUOTE'],
    ['10', '', ''],
  ]);
  assert.ok(full.rows.slice(6, 8).every((r) => r.every((v, i) => i === COL.row_no || v === '')), 'the empty records are empty, record id included');
});

test('a Latin-1 (windows-1252) drop is detected and decoded: é survives as é', async () => {
  const file = path.join(dir, 'latin1.csv');
  const text = 'email,first_name,last_name\r\njose@x.org,José,Müller\r\nzoe@x.org,Zoë,';
  writeFileSync(file, Buffer.concat([Buffer.from(text, 'latin1'), Buffer.from([0x8c, 0x75, 0x76, 0x72, 0x65, 0x20, 0x80, 0x0d, 0x0a])]));
  const full = await env.exportAll(parseSourceArg(`csv:${file}`), 100, 1);
  assert.equal(JSON.parse(full.inspected.snapshotMarker!).encoding, 'windows-1252');
  assert.deepEqual(full.rows.map((r) => [r[COL.first_name], r[COL.last_name]]), [['José', 'Müller'], ['Zoë', 'Œuvre €']]);
});

test('an s3:// drop resumes each chunk with a ranged read from the cursor byte offset, matching the local export', async () => {
  const key = RAW_KEYS.upload(`${env.migrationName}/drop.csv`);
  await env.s3.send(new PutObjectCommand({ Bucket: env.buckets.raw, Key: key, Body: dropCsv() }));
  try {
    const local = path.join(dir, 'same.csv');
    writeFileSync(local, dropCsv());
    const fromFile = await env.exportAll(parseSourceArg(`csv:${local}`), 7, 5);
    const fromS3 = await env.exportAll(parseSourceArg(`csv:s3://${env.buckets.raw}/${key}`), 7, 1);
    assert.equal(fromS3.inspected.source.name, `csv:s3://${env.buckets.raw}/${key}`);
    assert.equal(fromS3.chunks.length, 5);
    const offsets = fromS3.chunks.slice(0, -1).map((c) => (c.cursor as CsvCursor).byteOffset);
    assert.deepEqual([...offsets].sort((a, b) => a - b), offsets);
    assert.deepEqual(fromS3.chunks.flatMap((c) => c.batches.map((b) => b.sha256)), fromFile.chunks.flatMap((c) => c.batches.map((b) => b.sha256)));
    // A retried chunk from the same cursor rewrites the same bytes.
    const second = fromS3.chunks[1]!;
    const retry = await env.activities.exportChunk({
      migrationName: env.migrationName, sourceFileId: fromS3.inspected.sourceFileId, source: fromS3.inspected.source, batchSize: 7,
      firstBatchNo: 2, maxBatches: 1, cursor: fromS3.chunks[0]!.cursor,
    });
    assert.deepEqual(retry, second);
  } finally {
    await env.s3.send(new DeleteObjectCommand({ Bucket: env.buckets.raw, Key: key }));
  }
});

test('a record over the 16 MB cap is rejected as RECORD_TOO_LARGE without losing its neighbours', async () => {
  const file = path.join(dir, 'huge.csv');
  writeFileSync(file, `email,first_name\na@x.org,A\nb@x.org,"${'y'.repeat(17 * 1024 * 1024)}"\nc@x.org,C\n`);
  const full = await env.exportAll(parseSourceArg(`csv:${file}`), 100, 1);
  assert.deepEqual(full.rows.map((r) => [r[COL.email], r[COL.reject_code]]), [['a@x.org', ''], ['', 'RECORD_TOO_LARGE'], ['c@x.org', '']]);
});

test('a drop changed after inspection is refused rather than exported inconsistently', async () => {
  const file = path.join(dir, 'changing.csv');
  writeFileSync(file, 'email\na@x.org\n');
  const source = parseSourceArg(`csv:${file}`);
  const migrationName = `${env.migrationName}-chg`;
  const { sourceFileId } = await env.activities.inspectSource({ migrationName, source, batchSize: 10 });
  appendFileSync(file, 'b@x.org\n');
  await assert.rejects(env.activities.exportChunk({ migrationName, sourceFileId, source, batchSize: 10, firstBatchNo: 1, maxBatches: 1, cursor: null }),
    (err: unknown) => err instanceof ApplicationFailure && err.type === 'SourceChangedError' && err.nonRetryable && err.message.startsWith(`source csv:${file}: changed since`));
});

test('inspectSource fails fast naming the source and the missing column', async () => {
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return parseSourceArg(`csv:${file}`);
  };
  const inspect = (source: ReturnType<typeof write>, mappingJson?: string) =>
    env.activities.inspectSource({ migrationName: env.migrationName, source, batchSize: 10, mappingJson });
  const fails = async (p: Promise<unknown>, type: string, message: RegExp) => {
    await assert.rejects(p, (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure, String(err));
      assert.deepEqual([err.type, err.nonRetryable], [type, true]);
      assert.match(err.message, message);
      return true;
    });
  };
  const noKeys = write('nokeys.csv', 'foo,bar\n1,2\n');
  await fails(inspect(noKeys), 'SourceSchemaError', new RegExp(`^source csv:${noKeys.location}: mapping: no email or phone column .*\\[foo, bar\\]`));
  await fails(inspect(write('ok.csv', 'email,name\na@x.org,A\n'), '{"email":"courriel"}'), 'SourceSchemaError', /ok\.csv: mapping for email: header "courriel" does not exist in the source/);
  await fails(inspect(write('ok2.csv', 'email\n'), '{not json'), 'MappingError', /mapping file: not valid JSON/);
  await fails(inspect(write('empty.csv', '')), 'SourceSchemaError', /empty\.csv: has no header line/);
  await fails(inspect(write('utf16.csv', Buffer.from([0xff, 0xfe, 0x65, 0x00]))), 'SourceSchemaError', /utf16\.csv: is UTF-16 encoded/);
  await fails(inspect(write('badheader.csv', 'email,"first\n')), 'SourceSchemaError', /badheader\.csv: header line is malformed: unclosed quote/);
  await fails(inspect(parseSourceArg(`csv:${path.join(dir, 'absent.csv')}`)), 'SourceNotFoundError', /absent\.csv: file or object does not exist/);
});
