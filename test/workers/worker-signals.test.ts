// A worker drains on SIGTERM: it says so with its grace period and exits 0 once idle; an activity that never
// finishes cannot keep it alive past grace + force time (the backstop exits it, non-zero).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSourceArg } from '../../activities/export/source-spec';
import type { MigrationInput } from '../../workflows/migration';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startMigration, temporalClient } from '../support/temporal';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';

describe('worker signals', { timeout: 5 * 60_000 }, () => {
  let db: TestDatabase;
  let dir: string;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  const workers: WorkerProcess[] = [];

  before(async () => {
    db = await createTestDatabase('signals');
    dir = mkdtempSync(path.join(os.tmpdir(), 'cc-signals-'));
    temporal = await temporalClient();
  });
  after(async () => {
    for (const w of workers) await w.kill('SIGKILL');
    await temporal.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('SIGTERM on an idle worker: it logs that it drains, with its grace period, and exits 0', { timeout: 2 * 60_000 }, async () => {
    const w = await spawnWorker({ DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: uniqueName('sigterm') });
    workers.push(w);
    await w.kill('SIGTERM');
    assert.equal(w.child.exitCode, 0, w.output().slice(-2000));
    assert.match(w.output(), /"msg":"worker draining","signal":"SIGTERM","graceSec":\d+/);
    assert.match(w.output(), /"msg":"worker stopped"/);
  });

  test('SIGTERM while an activity never finishes: the worker still exits, after its grace and force time', { timeout: 3 * 60_000 }, async () => {
    const csv = path.join(dir, 'one.csv');
    writeFileSync(csv, 'email,first_name\nann@example.com,Ann\n');
    const taskQueue = uniqueName('stuck');
    const w = await spawnWorker({ DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, FAULT_HOOK: 'pause-at:inspect', WORKER_SHUTDOWN_GRACE_SEC: '1' });
    workers.push(w);
    const name = uniqueName('stuck');
    const input: MigrationInput = { name, sources: [{ spec: parseSourceArg(`csv:${csv}`) }] };
    await startMigration(temporal.client, taskQueue, input);
    while (!w.output().includes('"fault hook paused"')) {
      assert.equal(w.child.exitCode, null, 'the worker is alive while the activity pauses');
      await new Promise((r) => setTimeout(r, 200));
    }
    await w.kill('SIGTERM');
    assert.notEqual(w.child.exitCode, 0, 'a drain that could not finish is not a clean exit');
    assert.match(w.output(), /"msg":"worker draining"/);
    assert.match(w.output(), /worker drain overran|worker failed/);
  });
});
