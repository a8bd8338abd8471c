// Commands say what is wrong: `migrate` with no worker polling says so and how to start one; a failed migration
// names its source, batch, activity and reason; `cancel` returns only once every source workflow has closed;
// `worker-daemon.sh start` while a worker runs starts nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, RetryState } from '@temporalio/common';
import { WORKFLOW_IDS } from '../../config/constants';
import { failureCause, formatFailureCause } from '../../starters/failure-cause';
import { progressQuery } from '../../workflows/messages';
import type { MigrationInput } from '../../workflows/migration';
import { activityRecords } from '../support/activity-history';
import { activityDeps, baseConfig, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startMigration, startWorker, temporalClient } from '../support/temporal';
import { makeSample, type Sample } from '../support/sample';

const ROOT = path.resolve(__dirname, '../..');
const childEnv = (env: Record<string, string>) => ({ ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env });

/** Runs the CLI to its end (with a timeout, so a hang fails naming the command). */
function cli(args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'starters/cli.ts', ...args], { cwd: ROOT, env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cli ${args.join(' ')} did not finish within ${timeoutMs / 1000}s; stdout: ${stdout} stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('commands say what is wrong', { timeout: 10 * 60_000 }, () => {
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let db: TestDatabase;
  let deps: ReturnType<typeof activityDeps>;
  let dir: string;

  before(async () => {
    temporal = await temporalClient();
    db = await createTestDatabase('saywrong');
    deps = activityDeps(db);
    dir = mkdtempSync(path.join(os.tmpdir(), 'cc-saywrong-'));
  });
  after(async () => {
    await temporal.close();
    await deps.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('migrate with no worker on its task queue says so and how to start one', { timeout: 3 * 60_000 }, async () => {
    const taskQueue = uniqueName('noworker');
    const name = uniqueName('noworker');
    temporal.track(WORKFLOW_IDS.migration(name));
    const child = spawn(process.execPath, ['--import', 'tsx', 'starters/cli.ts', 'migrate', '--name', name, '--source', `csv:${path.join(dir, 'none.csv')}`], {
      cwd: ROOT, env: childEnv({ TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: db.url }),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const deadline = Date.now() + 90_000;
      while (!stderr.includes('npm run worker') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      const where = `namespace ${baseConfig.TEMPORAL_NAMESPACE} at ${baseConfig.TEMPORAL_ADDRESS}`.replace(/[.]/g, '\\.');
      assert.match(stderr, new RegExp(`no worker is polling task queue ${taskQueue} \\(${where}\\)`));
      assert.match(stderr, /Start one with `npm run worker` \(or in the background: `bash starters\/worker-daemon\.sh start`\)/);
      assert.equal(child.exitCode, null, 'migrate keeps waiting for a worker');
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('a failed migration names the source, the activity and the reason', { timeout: 3 * 60_000 }, async () => {
    const csv = path.join(dir, 'empty-header.csv');
    writeFileSync(csv, '\nann@example.com,4155550132\n');
    const taskQueue = uniqueName('failed');
    const worker = await startWorker(deps, taskQueue, db.config);
    try {
      const name = uniqueName('failed');
      temporal.track(WORKFLOW_IDS.migration(name));
      const r = await cli(['migrate', '--name', name, '--source', `csv:${csv}`], { TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: db.url });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`migration failed: source csv:${csv.replace(/[.]/g, '\\.')}, in inspectSource`));
      assert.match(r.stderr, /reason: .*\[SourceSchemaError; bad input, not retried\]/);
      assert.match(r.stderr, new RegExp(`workflow: migration-${name}/source-1`));
      const status = await cli(['status', name], { TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: db.url });
      assert.equal(status.status, 1);
      assert.match(status.stderr, /migration failed: source csv:.*, in inspectSource/, 'status names the cause too');
    } finally {
      await worker.stop();
    }
  });

  test('a batch that fails names its source and batch number, and fails on its first attempt', { timeout: 3 * 60_000 }, async () => {
    const csv = path.join(dir, 'three-batches.csv');
    writeFileSync(csv, ['email,first_name', ...Array.from({ length: 9 }, (_, i) => `p${i}@example.com,P${i}`)].join('\n') + '\n');
    // Batch 2's object comes back altered, as if tampered with in the raw zone: its sha256 no longer matches.
    const s3: typeof deps.s3 = {
      send: (async (cmd: { input?: { Key?: string } }) => {
        const res = await (deps.s3.send as (c: unknown) => Promise<{ Body?: { transformToByteArray(): Promise<Uint8Array> } }>)(cmd);
        if (cmd instanceof GetObjectCommand && cmd.input.Key?.endsWith('batch-000002.csv') && res.Body) {
          const bytes = await res.Body.transformToByteArray();
          return { ...res, Body: { transformToByteArray: async () => Buffer.concat([bytes, Buffer.from('9,x@example.com\n')]) } };
        }
        return res;
      }) as typeof deps.s3.send,
    };
    const taskQueue = uniqueName('badbatch');
    const worker = await startWorker({ ...deps, s3 }, taskQueue, db.config);
    try {
      const name = uniqueName('badbatch');
      temporal.track(WORKFLOW_IDS.migration(name));
      const r = await cli(['migrate', '--name', name, '--source', `csv:${csv}`, '--batch-size', '3', '--window', '1'], { TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: db.url });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`migration failed: source csv:${csv.replace(/[.]/g, '\\.')}, batch 2, in ingestBatch`));
      assert.match(r.stderr, /reason: batch object .*batch-000002\.csv has sha256 \w+, expected \w+ \[BatchChecksumMismatch; bad input, not retried\]/);
      const ingest = (await activityRecords(temporal.client, WORKFLOW_IDS.source(name, 1))).filter((a) => a.activityType === 'ingestBatch' && a.outcome === 'failed');
      assert.deepEqual(ingest.map((a) => [a.failureType, a.attempt]), [['BatchChecksumMismatch', 1]]);
    } finally {
      await worker.stop();
    }
  });

  test('the cause of a failed batch names source, batch and reason from the failure chain', () => {
    const root = ApplicationFailure.create({ message: 'batch object k has sha256 a, expected b', type: 'BatchChecksumMismatch', nonRetryable: true });
    const activity = new ActivityFailure('Activity task failed', 'ingestBatch', '7', RetryState.NON_RETRYABLE_FAILURE, 'w1', root);
    const source = ApplicationFailure.create({
      message: 'source csv:/d.csv, batch 4: ingestBatch failed: batch object k has sha256 a, expected b', type: 'SourceMigrationFailed',
      details: [{ sourceName: 'csv:/d.csv', activity: 'ingestBatch', batchNo: 4 }], nonRetryable: true, cause: activity,
    });
    const child = new ChildWorkflowFailure('contacts', { workflowId: 'migration-x/source-3', runId: 'r' }, 'sourceMigrationWorkflow', RetryState.NON_RETRYABLE_FAILURE, source);
    const c = failureCause(child);
    assert.deepEqual(c, {
      workflowId: 'migration-x/source-3', sourceName: 'csv:/d.csv', batchNo: 4, activity: 'ingestBatch', retryState: 'NON_RETRYABLE_FAILURE',
      type: 'BatchChecksumMismatch', reason: 'batch object k has sha256 a, expected b',
    });
    assert.equal(formatFailureCause(c), [
      'migration failed: source csv:/d.csv, batch 4, in ingestBatch',
      '  reason: batch object k has sha256 a, expected b [BatchChecksumMismatch; bad input, not retried]',
      '  workflow: migration-x/source-3',
    ].join('\n'));
  });

  test('cancel returns only when every source workflow has closed', { timeout: 5 * 60_000 }, async () => {
    let sample: Sample | null = null;
    const taskQueue = uniqueName('cancel');
    const worker = await startWorker(deps, taskQueue, db.config);
    try {
      sample = await makeSample(12_000, 41);
      const name = uniqueName('cancel');
      const workflowId = WORKFLOW_IDS.migration(name);
      const input: MigrationInput = { name, sources: sample.sources, batchSize: 400, window: 2, exportChunkBatches: 2 };
      const handle = await startMigration(temporal.client, taskQueue, input);
      const deadline = Date.now() + 120_000;
      for (;;) {
        const p = await handle.query(progressQuery);
        if (p.sources.every((s) => s.batchesDone > 0)) break;
        assert.ok(Date.now() < deadline, 'every source committed a batch within 120s');
        await new Promise((r) => setTimeout(r, 200));
      }
      const r = await cli(['cancel', name], { TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: db.url });
      assert.equal(r.status, 0, r.stderr);
      const statuses = await Promise.all([1, 2, 3].map(async (i) => (await temporal.client.workflow.getHandle(WORKFLOW_IDS.source(name, i)).describe()).status.name));
      assert.deepEqual(statuses.filter((s) => s === 'RUNNING'), [], `no source workflow is still running when cancel returns: ${statuses.join(', ')}`);
      assert.equal((await handle.describe()).status.name, 'CANCELLED');
      for (const i of [1, 2, 3]) assert.match(r.stdout, new RegExp(`${WORKFLOW_IDS.source(name, i).replace(/[.]/g, '\\.')}: (CANCELLED|COMPLETED)`));
      assert.match(r.stdout, new RegExp(`${workflowId}: CANCELLED`));

      // The workflow itself closes only after its sources closed: nothing is still running when its result arrives.
      const other = uniqueName('cancelwf');
      const otherHandle = await startMigration(temporal.client, taskQueue, { ...input, name: other });
      for (;;) {
        const p = await otherHandle.query(progressQuery);
        if (p.sources.every((s) => s.batchesDone > 0)) break;
        assert.ok(Date.now() < deadline + 240_000, 'every source of the second migration committed a batch');
        await new Promise((r) => setTimeout(r, 200));
      }
      await otherHandle.cancel();
      await assert.rejects(otherHandle.result());
      const afterResult = await Promise.all([1, 2, 3].map(async (i) => (await temporal.client.workflow.getHandle(WORKFLOW_IDS.source(other, i)).describe()).status.name));
      assert.deepEqual(afterResult.filter((s) => s === 'RUNNING'), [], `sources still running when the cancelled migration closed: ${afterResult.join(', ')}`);

    } finally {
      await worker.stop();
      await sample?.remove();
    }
  });

  test('worker-daemon start while a worker runs says so, starts nothing and keeps the pid file', { timeout: 4 * 60_000 }, () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cc-daemon-'));
    const env = childEnv({ DATA_DIR: dataDir, TEMPORAL_TASK_QUEUE: uniqueName('daemon'), DATABASE_URL: db.url });
    const daemon = (cmd: string) => spawnSync('bash', ['starters/worker-daemon.sh', cmd], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
    const pidFile = path.join(dataDir, 'run', 'worker.pid');
    try {
      const first = daemon('start');
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /worker: running \(pid \d+/);
      const written = readFileSync(pidFile, 'utf8').trim();
      const [pid, ticks] = written.split(' ');
      assert.match(ticks ?? '', /^\d+$/, 'the pid file records the start ticks after the pid');
      const second = daemon('start');
      assert.equal(second.status, 0, second.stderr);
      assert.match(second.stdout, new RegExp(`worker: already running \\(pid ${pid}, log .*\\); nothing started`));
      assert.equal(readFileSync(pidFile, 'utf8').trim(), written, 'the pid file still names the first worker');
      const workers = spawnSync('pgrep', ['-f', `workers/main.ts`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)
        .filter((p) => { try { return readFileSync(`/proc/${p}/environ`, 'utf8').includes(`DATA_DIR=${dataDir}`); } catch { return false; } });
      assert.deepEqual(workers, [pid], 'exactly one worker runs for this data dir');
    } finally {
      const stop = daemon('stop');
      assert.equal(stop.status, 0, stop.stderr);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
