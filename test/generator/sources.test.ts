// The three legacy sources have their documented schemas, the manifest's row counts, and the promised kinds of mess.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import type { RowDataPacket } from 'mysql2/promise';
import type { Manifest } from '../../generator/manifest';
import { CSV_COLUMNS } from '../../generator/sinks/csv-sink';
import { openTestServer, parseCsv, readAllSources, removeDir, runGenerator, type SourceRecord, tempDir } from './generated-data';

const server = openTestServer('sources');
let dir = '';
let manifest: Manifest;
let records: SourceRecord[];

before(async () => {
  dir = await tempDir();
  // Run twice: the second run must replace, not append to, the MySQL table.
  await runGenerator(server, dir, { seed: 3, rows: 1_000 });
  manifest = await runGenerator(server, dir, { seed: 21, rows: 3_000, split: { mysql: 40, sqlite: 35, csv: 25 } });
  records = await readAllSources(server, manifest);
});

after(async () => {
  await server.close();
  await removeDir(dir);
});

const of = (source: string) => records.filter((r) => r.source === source);

test('row counts per source match the manifest and the split', () => {
  assert.deepEqual(manifest.rowsPerSource, { mysql: 1_200, sqlite: 1_050, csv: 750 });
  for (const source of ['mysql', 'sqlite', 'csv'] as const) assert.equal(of(source).length, manifest.rowsPerSource[source], source);
});

test('MySQL customers has the legacy schema in utf8mb4', async () => {
  const [cols] = await server.pool.query<RowDataPacket[]>(
    'SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [server.database, 'customers'],
  );
  assert.deepEqual(cols.map((c) => `${String(c['COLUMN_NAME'])} ${String(c['COLUMN_TYPE'])} ${String(c['IS_NULLABLE'])}`), [
    'cust_id int(10) unsigned NO', 'EMAIL_ADDRESS varchar(255) YES', 'Phone_Number varchar(40) YES', 'FirstName varchar(100) YES',
    'Surname varchar(100) YES', 'Street varchar(200) YES', 'City varchar(100) YES', 'State char(2) YES', 'Zip varchar(10) YES',
    'birth_date date YES', 'last_modified datetime NO',
  ]);
  const text = cols.filter((c) => /char/.test(String(c['COLUMN_TYPE'])));
  assert.ok(text.length > 0, 'the table has text columns');
  assert.deepEqual(text.filter((c) => c['CHARACTER_SET_NAME'] !== 'utf8mb4').map((c) => `${String(c['COLUMN_NAME'])} ${String(c['CHARACTER_SET_NAME'])}`), [], 'every text column is utf8mb4');
  const [[range]] = await server.pool.query<RowDataPacket[]>(`SELECT MIN(last_modified) AS lo, MAX(last_modified) AS hi FROM \`${server.database}\`.customers`);
  assert.ok(String(range?.['lo']) >= '2008-01-01' && String(range?.['hi']) < '2025-01-01', `timestamps ${String(range?.['lo'])}..${String(range?.['hi'])}`);
});

test('SQLite contacts has the legacy schema and epoch-second timestamps', () => {
  const db = new Database(manifest.sqlite.path, { readonly: true });
  try {
    const cols = db.prepare("SELECT name, type FROM pragma_table_info('contacts')").all() as { name: string; type: string }[];
    assert.deepEqual(cols.map((c) => `${c.name} ${c.type}`), [
      'id INTEGER', 'e_mail TEXT', 'mobile TEXT', 'given_name TEXT', 'family_name TEXT', 'address_1 TEXT', 'suburb TEXT', 'state TEXT', 'postcode TEXT', 'dob TEXT', 'modified INTEGER',
    ]);
    const range = db.prepare("SELECT MIN(modified) lo, MAX(modified) hi, SUM(typeof(modified) <> 'integer') bad FROM contacts").get() as { lo: number; hi: number; bad: number };
    assert.equal(range.bad, 0);
    assert.ok(range.lo >= Date.UTC(2008, 0, 1) / 1000 && range.hi < Date.UTC(2025, 0, 1) / 1000);
  } finally {
    db.close();
  }
});

test('drop.csv has the header and 11 columns on every row, with ISO 8601 offsets and some Z', async () => {
  const [header, ...rows] = await parseCsv(await readFile(manifest.csv.path, 'utf8'));
  assert.deepEqual(header, [...CSV_COLUMNS]);
  assert.equal(rows.length, manifest.rowsPerSource.csv);
  for (const row of rows) assert.equal(row.length, 11, JSON.stringify(row));
  const stamps = rows.map((r) => r[10] ?? '');
  for (const s of stamps) assert.match(s, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/);
  assert.ok(stamps.some((s) => s.endsWith('Z')) && stamps.some((s) => /-0[4-8]:00$/.test(s)));
});

test('the promised mess is present', () => {
  const has = (what: string, pred: (r: SourceRecord) => boolean, pool: SourceRecord[] = records) => assert.ok(pool.some(pred), `expected some ${what}`);
  has('upper/mixed-case emails', (r) => /[A-Z]/.test(r.email));
  has('padded emails', (r) => r.email !== '' && r.email !== r.email.trim());
  has('(415) 555-0132 phones', (r) => /^\(\d{3}\) \d{3}-\d{4}$/.test(r.phone));
  has('415.555.0132 phones', (r) => /^\d{3}\.\d{3}\.\d{4}$/.test(r.phone));
  has('+1 415 555 0132 phones', (r) => /^\+1 \d{3} \d{3} \d{4}$/.test(r.phone));
  has('4155550132 phones', (r) => /^\d{10}$/.test(r.phone));
  has('1-415-555-0132 phones', (r) => /^1-\d{3}-\d{3}-\d{4}$/.test(r.phone));
  has('phone extensions', (r) => /(x|ext\.?) ?\d+$/i.test(r.phone));
  has('invalid phones', (r) => ['555-1234', '000-000-0000', 'n/a', '12345', 'N/A', 'none', '999-999-9999', '867-5309', 'TBD'].includes(r.phone));
  has('rows with neither email nor phone', (r) => r.email === '' && r.phone === '');
  has('accented names', (r) => /[éëñúüçøłáíóô]/i.test(r.first + r.last));
  for (const [script, re] of Object.entries({ Han: /\p{Script=Han}/u, Cyrillic: /\p{Script=Cyrillic}/u, Arabic: /\p{Script=Arabic}/u, Greek: /\p{Script=Greek}/u })) {
    has(`${script} names`, (r) => re.test(r.first + r.last));
  }
  has('ZIP+4 codes', (r) => /^\d{5}-\d{4}$/.test(r.zip));
  const sqlite = of('sqlite');
  has('ISO dob in SQLite', (r) => /^\d{4}-\d{2}-\d{2}$/.test(r.dob), sqlite);
  has('MM/DD/YYYY dob in SQLite', (r) => /^\d{2}\/\d{2}\/\d{4}$/.test(r.dob), sqlite);
  has('YYYYMMDD dob in SQLite', (r) => /^\d{8}$/.test(r.dob), sqlite);
  has('garbage dob in SQLite', (r) => r.dob !== '' && !/^\d{4}-\d{2}-\d{2}$|^\d{1,2}\/\d{1,2}\/\d{4}$|^\d{8}$/.test(r.dob) || /^(29|30|31)\/02\//.test(r.dob), sqlite);
  has('full state names in SQLite', (r) => r.state.length > 2, sqlite);
});
