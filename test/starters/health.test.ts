// `npm run cli -- health` against the real stack: each part is checked and named; what is wrong (no worker, no
// monitor, a schedule not applied, Redis unreachable, a "replica" that does not replicate) fails with exit 1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { monitorTaskQueue } from '../../config/constants';
import type { CheckResult } from '../../starters/health/health-checks';
import { activityDeps, baseConfig, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';
import { describeSchedules, scheduleDeclarations } from '../../starters/schedules';
import { within } from '../support/wait';

const ROOT = path.resolve(__dirname, '../..');
let db: TestDatabase;

before(async () => {
  db = await createTestDatabase('health');
});
after(async () => db.drop());

async function health(env: Record<string, string>): Promise<{ code: number | null; ok: boolean; checks: Record<string, CheckResult> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'starters/cli.ts', 'health', '--json'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await within('the health command', 60_000, new Promise<number | null>((resolve) => child.once('exit', resolve)));
  const parsed = JSON.parse(out.trim().split('\n').at(-1) || '{}') as { ok: boolean; checks: CheckResult[] };
  assert.ok(parsed.checks, `health printed JSON (stderr: ${err})`);
  return { code, ok: parsed.ok, checks: Object.fromEntries(parsed.checks.map((c) => [c.name, c])) };
}

test('health names every broken part and exits 1', { timeout: 120_000 }, async () => {
  const queue = uniqueName('health');
  const r = await health({ TEMPORAL_TASK_QUEUE: queue, REDIS_URL: 'redis://127.0.0.1:1/0', DATABASE_REPLICA_URL: db.url });
  assert.equal(r.code, 1);
  assert.equal(r.ok, false);
  assert.equal(r.checks.temporal!.ok, true);
  assert.equal(r.checks.database!.ok, true);
  assert.equal(r.checks['object store']!.ok, true);
  assert.equal(r.checks.alerts!.ok, true);
  assert.equal(r.checks.snapshots!.skipped, true);
  assert.match(r.checks.workers!.detail, new RegExp(`no worker polls task queue ${queue} .*npm run worker`));
  assert.match(r.checks.monitor!.detail, new RegExp(`no worker polls task queue ${monitorTaskQueue(queue)} .*npm run monitor`));
  // The namespace's schedules are whatever was applied there (npm start applies them): the check must agree with it.
  const temporal = await temporalClient();
  const states = await describeSchedules(temporal.client, scheduleDeclarations(baseConfig)).finally(() => temporal.close());
  const wrong = states.filter((s) => s.declared && (!s.present || s.paused)).map((s) => s.id);
  assert.equal(r.checks.schedules!.ok, wrong.length === 0, r.checks.schedules!.detail);
  for (const id of wrong) assert.match(r.checks.schedules!.detail, new RegExp(`${id} (missing|paused)`));
  if (wrong.length) assert.match(r.checks.schedules!.detail, /run npm run cli -- schedules apply/);
  assert.equal(r.checks.redis!.ok, false);
  assert.match(r.checks.replica!.detail, /is not replicating/);
});

test('with a worker and the monitor polling, those checks pass', { timeout: 120_000 }, async () => {
  const queue = uniqueName('health');
  const deps = activityDeps(db);
  const worker = await startWorker(deps, queue, db.config);
  const monitor = await startWorker(deps, monitorTaskQueue(queue), db.config);
  try {
    const r = await health({ TEMPORAL_TASK_QUEUE: queue });
    assert.equal(r.checks.workers!.ok, true, r.checks.workers!.detail);
    assert.equal(r.checks.monitor!.ok, true, r.checks.monitor!.detail);
    assert.equal(r.checks.redis!.ok, true);
    assert.equal(r.checks.replica!.skipped, true);
    const failing = Object.values(r.checks).filter((c) => !c.ok).map((c) => c.name);
    assert.ok(failing.every((n) => n === 'schedules'), `only schedules not applied in this namespace may fail (${failing.join(', ')})`);
    assert.equal(r.code, failing.length ? 1 : 0);
  } finally {
    await monitor.stop();
    await worker.stop();
    await deps.close();
  }
});
