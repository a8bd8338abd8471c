// The stack's real Prometheus scrapes a real worker process found through file-based discovery: after a small
// migration its HTTP API answers the README's queries with the right values, and the worker unregisters on exit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2';
import { parseSourceArg } from '../../activities/export/source-spec';
import type { AppConfig } from '../../config/env';
import { freePort, targetsDir } from '../../metrics/publish-metrics';
import { createContext, silentProgress } from '../../stack/context';
import { isAlive } from '../../stack/pid-files';
import { prometheusFiles, prometheusPart } from '../../stack/prometheus';
import { stackDown } from '../../stack/stack';
import { baseConfig, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startMigration, temporalClient } from '../support/temporal';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { waitFor, within } from '../support/wait';

let db: TestDatabase;
let dataDir: string;
let config: AppConfig;
let worker: WorkerProcess | undefined;

before(async () => {
  db = await createTestDatabase('prom');
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'cc-prom-'));
  config = { ...baseConfig, DATA_DIR: dataDir, PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}`, PROMETHEUS_SCRAPE_INTERVAL_SEC: 1 };
});
after(async () => {
  await worker?.kill();
  await stackDown(config, { progress: silentProgress, graceMs: 5000 });
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One instant-vector query through Prometheus's HTTP API: label set -> value. */
async function query(promql: string): Promise<Array<{ metric: Record<string, string>; value: number }>> {
  const res = await fetch(`${config.PROMETHEUS_URL}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  assert.equal(body.status, 'success', `query ${promql}`);
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

test('Prometheus finds the worker and answers the README queries after a small migration', { timeout: 240_000 }, async () => {
  const ctx = createContext(config, { withMetrics: true, progress: silentProgress, timeoutMs: 60_000 });
  const up = await within('the stack\'s Prometheus to start', 180_000, prometheusPart.up(ctx));
  assert.equal(up.action, 'started');
  const pid = up.pid!;

  const taskQueue = uniqueName('prom');
  worker = await spawnWorker({ DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, DATA_DIR: dataDir, METRICS_EXPORTER: 'prometheus' });
  const registered = readdirSync(targetsDir(config));
  assert.deepEqual(registered, [`worker-${worker.child.pid}.json`], 'the worker registered one target file');

  // 250 rows in batches of 100, 5 of them unreadable (too few columns): 3 batches, 245 stored, 5 rejected.
  const header = 'record_id,email,phone,first_name,last_name,updated_at';
  const rows = Array.from({ length: 250 }, (_, i) => (i % 50 === 7 ? `${i},broken${i}@example.com` : `${i},p${i}@example.com,21255501${String(i % 100).padStart(2, '0')},Pat,Lee${i},2024-01-01`));
  const csv = path.join(dataDir, 'drop.csv');
  writeFileSync(csv, `${header}\n${rows.join('\n')}\n`);
  const name = uniqueName('prom');
  const temporal = await temporalClient();
  try {
    const handle = await startMigration(temporal.client, taskQueue, { name, sources: [{ spec: parseSourceArg(`csv:${csv}`) }], batchSize: 100 });
    const summary = await within(`migration ${name}`, 120_000, handle.result());
    assert.equal(summary.totals.rowsRead, 250);
  } finally {
    await temporal.close();
  }
  const [rejects] = await db.pool.query<RowDataPacket[]>("SELECT reason_code, COUNT(*) AS n FROM batch_errors WHERE severity = 'reject' GROUP BY reason_code");
  assert.equal(rejects.reduce((a, r) => a + Number(r.n), 0), 5);

  // "How fast is this migration going" and "what was rejected", as the README writes them.
  const sel = `migration="${name}"`;
  const read = await waitFor('Prometheus to have scraped all 250 rows', async () => {
    const r = await query(`sum(contacts_rows_read_total{${sel}})`);
    return r[0]?.value === 250 ? r : false;
  }, { timeoutMs: 30_000, intervalMs: 500 });
  assert.equal(read[0]!.value, 250);
  const byReason = await query(`sum by (reason) (contacts_rows_rejected_total{${sel}, reason!="none"})`);
  assert.deepEqual(
    Object.fromEntries(byReason.map((r) => [r.metric.reason, r.value])),
    Object.fromEntries(rejects.map((r) => [String(r.reason_code), Number(r.n)])),
  );
  const outcomes = await query(`sum by (outcome) (contacts_rows_ingested_total{${sel}})`);
  assert.equal(outcomes.reduce((a, r) => a + r.value, 0), 245, 'inserted + updated + unchanged = read - rejected');
  assert.equal((await query(`sum(contacts_batches_total{${sel}})`))[0]!.value, 3);
  assert.equal((await query(`sum(contacts_batch_duration_seconds_count{component="worker"})`))[0]!.value, 3);
  // The Temporal SDK's own metrics come through the same target.
  assert.ok((await query(`temporal_num_pollers{task_queue="${taskQueue}"}`)).length > 0, 'SDK metrics are scraped');
  assert.deepEqual((await query(`up{component="worker", pid="${worker.child.pid}"}`)).map((r) => r.value), [1]);

  // A stopped worker removes its target file; Prometheus drops the target.
  await worker.kill('SIGTERM');
  assert.deepEqual(readdirSync(targetsDir(config)), []);
  worker = undefined;
  await waitFor('Prometheus to drop the stopped worker', async () => (await query('up{component="worker"}')).length === 0, { timeoutMs: 30_000, intervalMs: 500 });

  // The stack stops what it started.
  const stopped = await stackDown(config, { progress: silentProgress, graceMs: 10_000 });
  assert.deepEqual(stopped.map((s) => [s.name, s.outcome]), [['prometheus', 'stopped']]);
  assert.equal(isAlive(pid), false);
  assert.equal(existsSync(prometheusFiles(ctx).pidFile), false);
});
