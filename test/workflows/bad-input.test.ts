// A migration of hostile CSV drops: unreadable records are rejected with reasons, invalid fields emptied with
// warnings, everything else lands intact (accents, scripts, emoji), the migration completes and counts add up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2';
import { parseSourceArg } from '../../activities/export/source-spec';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { MigrationInput, migrationWorkflow } from '../../workflows/migration';
import { activityDeps, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';

let db: TestDatabase;
let deps: ReturnType<typeof activityDeps>;
let dir: string;

before(async () => {
  db = await createTestDatabase('badinput');
  deps = activityDeps(db);
  dir = mkdtempSync(path.join(os.tmpdir(), 'cc-bad-'));
});
after(async () => {
  await deps.close();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('hostile CSV and Latin-1 drops migrate completely with every row accounted for', { timeout: 180_000 }, async () => {
  const header = 'record_id,email,phone,first_name,last_name,address,city,state,zip,date_of_birth,updated_at';
  const lines = [
    header,
    '1, Ann@Example.COM ,(415) 555-0132,Ann,Lee,"1 Main St, Apt 2",San Francisco,CA,94105,1980-02-03,2024-01-01T10:00:00Z',
    '2,not-an-email,12345,Bob,Stone,,Boston,MA,02110,31/02/1980,2024-01-01T10:00:00Z',
    '3,short@example.com,2125550100,Too,Few,Columns',
    `4,"robert'); DROP TABLE contacts;--@example.com",+1 212 555 0101,"Robert'); DROP TABLE contacts;--",O'Brien,,New York,NY,10001,,2024-01-01`,
    '5,emoji@example.com,212.555.0102,Zoë 😀,محمد,,,,,,2024-01-01T10:00:00Z',
    `6,big@example.com,,Big,${'X'.repeat(10 * 1024 * 1024)},,,,,,2024-01-01`,
    '7,"broken@example.com,2125550103,Unclosed,Quote,,,,,,2024-01-01',
    '8,after@example.com,2125550104,Still,Here,"line one',
    'line two",Austin,TX,73301,1990-12-31,2024-03-01T00:00:00-05:00',
    '9,multi@example.com,2125550105,Multi,"Line, ""Quoted""",,,,,,2024-01-01',
  ];
  const csv = path.join(dir, 'hostile.csv');
  writeFileSync(csv, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]));
  const latin1 = path.join(dir, 'latin1.csv');
  writeFileSync(latin1, Buffer.from(`${header}\n1,francois@example.com,4155550133,François,Müller,,Québec,,,,2024-01-01\n`, 'latin1'));

  const taskQueue = uniqueName('bad');
  const worker = await startWorker(deps, taskQueue, db.config);
  const { client, close } = await temporalClient();
  try {
    const name = uniqueName('bad');
    const input: MigrationInput = { name, sources: [{ spec: parseSourceArg(`csv:${csv}`) }, { spec: parseSourceArg(`csv:${latin1}`) }], batchSize: 4, window: 2 };
    const summary = await client.workflow.execute<typeof migrationWorkflow>(WORKFLOW_TYPES.migration, { taskQueue, workflowId: WORKFLOW_IDS.migration(name), args: [input] });
    assert.equal(summary.status, 'ok');
    const hostile = summary.sources.find((s) => s.sourceName.endsWith('hostile.csv'))!;
    assert.equal(hostile.declaredRows, 9, 'nine data records: the quoted newline joins two physical lines');
    assert.equal(hostile.rowsRead, 9);
    assert.equal(hostile.inserted + hostile.updated + hostile.unchanged + hostile.rejected, 9);

    const [rejects] = await db.pool.query<RowDataPacket[]>(
      "SELECT source_row_no AS r, reason_code AS c FROM batch_errors WHERE severity = 'reject' ORDER BY source_row_no",
    );
    const byRow = new Map(rejects.map((x) => [Number(x.r), String(x.c)]));
    assert.equal(byRow.get(3), 'COLUMN_COUNT');
    assert.equal(byRow.get(6), 'FIELD_TOO_LONG');
    assert.equal(byRow.get(7), 'UNCLOSED_QUOTE');
    assert.equal(rejects.length, 3, `only unreadable records are rejected: ${JSON.stringify(rejects)}`);

    const [warnings] = await db.pool.query<RowDataPacket[]>("SELECT reason_code AS c FROM batch_errors WHERE severity = 'warning'");
    const codes = warnings.map((w) => String(w.c));
    for (const c of ['INVALID_EMAIL', 'INVALID_PHONE', 'INVALID_DATE']) assert.ok(codes.includes(c), `${c} warning kept`);

    const one = async (sql: string, args: unknown[]) => (await db.pool.query<RowDataPacket[]>(sql, args))[0][0];
    assert.deepEqual({ ...(await one('SELECT phone_e164, address_line FROM contacts WHERE email = ?', ['ann@example.com'])) }, { phone_e164: '+14155550132', address_line: '1 Main St, Apt 2' });
    assert.equal((await one("SELECT email FROM contacts WHERE first_name = 'Bob'", []))!.email, null, 'an invalid email is stored empty, the row kept');
    const injected = await one('SELECT email, first_name, last_name FROM contacts WHERE phone_e164 = ?', ['+12125550101']);
    assert.deepEqual({ ...injected }, { email: null, first_name: "Robert'); DROP TABLE contacts;--", last_name: "O'Brien" }, 'injection text is data; the invalid email is emptied');
    assert.deepEqual({ ...(await one('SELECT first_name, last_name FROM contacts WHERE email = ?', ['emoji@example.com'])) }, { first_name: 'Zoë 😀', last_name: 'محمد' });
    assert.equal((await one('SELECT address_line FROM contacts WHERE email = ?', ['after@example.com']))!.address_line, 'line one line two');
    assert.equal((await one('SELECT last_name FROM contacts WHERE email = ?', ['multi@example.com']))!.last_name, 'Line, "Quoted"');
    assert.deepEqual({ ...(await one('SELECT first_name, last_name, city FROM contacts WHERE email = ?', ['francois@example.com'])) }, { first_name: 'François', last_name: 'Müller', city: 'Québec' });
  } finally {
    await close();
    await worker.stop();
  }
});
