// Import anomaly detection on real migrations: a normal run flags nothing; a later run of the same source with one
// batch whose reject rate jumps gets exactly that batch flagged in import_batches with the reason, alerted once
// through the webhook, and listed by `npm run cli -- anomalies`; a run with another batch size flags nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2';
import { parseSourceArg } from '../../activities/export/source-spec';
import { createProjectAlertSink } from '../../activities/alerts/project-alert-sink';
import type { AnomalyRow } from '../../starters/commands/anomalies';
import { activityDeps, baseConfig, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startMigration, startWorker, temporalClient } from '../support/temporal';
import { within } from '../support/wait';

const ROOT = path.resolve(__dirname, '../..');
let db: TestDatabase;
let dir: string;
let server: Server;
const received: Array<{ kind: string; key: string; workflowId?: string; summary: string }> = [];

before(async () => {
  db = await createTestDatabase('anomaly');
  dir = mkdtempSync(path.join(os.tmpdir(), 'cc-anomaly-'));
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as (typeof received)[number]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** 1,200 rows (12 batches of 100); in `brokenBatch`, 40 of its 100 rows have too few columns. */
function writeDrop(file: string, brokenBatch: number | null): void {
  const lines = ['record_id,email,phone,first_name,last_name,updated_at'];
  for (let i = 0; i < 1200; i++) {
    const broken = brokenBatch !== null && Math.floor(i / 100) + 1 === brokenBatch && i % 5 < 2;
    lines.push(broken ? `${i},only${i}@example.com` : `${i},p${i}@example.com,+1212555${String(1000 + i).slice(-4)},Pat,Lee${i},2024-01-01`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

test('a normal run flags nothing; a batch whose reject rate jumps is flagged, alerted and listed', { timeout: 240_000 }, async () => {
  const taskQueue = uniqueName('anomaly');
  const deps = activityDeps(db);
  const alerts = createProjectAlertSink({ ...baseConfig, ALERT_WEBHOOK_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }, { pool: db.pool, write: () => {} });
  const worker = await startWorker({ ...deps, alerts, temporalUiUrl: 'http://ui.test' }, taskQueue, db.config);
  const temporal = await temporalClient();
  const csv = path.join(dir, 'drop.csv');
  try {
    const run = async (name: string, batchSize = 100) => {
      const handle = await startMigration(temporal.client, taskQueue, { name, sources: [{ spec: parseSourceArg(`csv:${csv}`) }], batchSize, window: 2 });
      return within(`migration ${name}`, 120_000, handle.result());
    };
    writeDrop(csv, null);
    const normal = uniqueName('normal');
    assert.equal((await run(normal)).totals.rejected, 0);
    const [first] = await db.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n, SUM(anomaly_checked_at IS NOT NULL) AS checked, SUM(is_anomalous) AS flagged FROM import_batches');
    assert.deepEqual([Number(first[0]!.n), Number(first[0]!.checked), Number(first[0]!.flagged)], [12, 12, 0], 'every batch checked, none flagged');

    writeDrop(csv, 5);
    const jump = uniqueName('jump');
    assert.equal((await run(jump)).totals.rejected, 40);
    const [flagged] = await db.pool.query<RowDataPacket[]>(
      `SELECT ib.id, ib.batch_no, ib.anomaly_reason, ib.workflow_id FROM import_batches ib JOIN source_files sf ON sf.id = ib.source_file_id
        WHERE ib.is_anomalous = 1 ORDER BY ib.id`,
    );
    assert.deepEqual(flagged.map((r) => Number(r.batch_no)), [5], 'only the batch whose reject rate jumped');
    assert.match(String(flagged[0]!.anomaly_reason), /^rejectRate 40\.0% against a median of 0\.0% over \d+ earlier batches/);

    const alerted = received.filter((r) => r.kind === 'import-anomaly');
    assert.equal(alerted.length, 1);
    assert.equal(alerted[0]!.key, `anomaly:${flagged[0]!.id}`);
    assert.equal(alerted[0]!.workflowId, String(flagged[0]!.workflow_id));
    assert.match(alerted[0]!.summary, new RegExp(`batch 5 of csv:.*drop\\.csv \\(migration ${jump}\\) is unusual: rejectRate 40\\.0%`));

    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'starters/cli.ts', 'anomalies', '--migration', jump, '--json'], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8', timeout: 60_000,
    });
    assert.equal(cli.status, 0, cli.stderr);
    const listed = JSON.parse(cli.stdout.trim().split('\n').at(-1)!) as AnomalyRow[];
    assert.deepEqual(listed.map((a) => [a.migration, a.batchNo, a.rejected]), [[jump, 5, 40]]);
    const none = spawnSync(process.execPath, ['--import', 'tsx', 'starters/cli.ts', 'anomalies', '--migration', normal], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8', timeout: 60_000,
    });
    assert.equal(none.stdout.trim(), `no anomalous batches in migration ${normal}`);

    // The same clean file with another batch size: 30 batches of 40 rows, each shorter and quicker than the 100-row
    // history, and none of them unusual (row counts and durations compare only with batches of the same size).
    writeDrop(csv, null);
    const resized = uniqueName('resized');
    assert.equal((await run(resized, 40)).totals.rejected, 0);
    const [resizedRows] = await db.pool.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS n, SUM(ib.is_anomalous) AS flagged, MIN(ib.anomaly_reason) AS reason FROM import_batches ib
        JOIN source_files sf ON sf.id = ib.source_file_id WHERE sf.migration_name = ?`, [resized]);
    assert.deepEqual([Number(resizedRows[0]!.n), Number(resizedRows[0]!.flagged)], [30, 0], `no batch flagged: ${resizedRows[0]!.reason}`);
  } finally {
    await temporal.close();
    await worker.stop();
    await deps.close();
  }
});
