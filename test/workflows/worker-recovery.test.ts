// Fast recovery: a worker killed with SIGKILL during inspect, during export and during ingest (at points the fault
// hook picks, activities/fault-hook.ts) has each killed activity's next attempt started on another worker within its
// heartbeat timeout plus a margin, read from the workflow history; the contacts end identical to an uninterrupted run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2';
import { contactsChecksum } from '../../activities/reconcile/contacts-checksum';
import type { FaultPoint } from '../../activities/fault-hook';
import type { MigrationInput } from '../../workflows/migration';
import { DEFAULT_HEARTBEAT_TIMEOUT_SEC } from '../../workflows/activity-proxies';
import { activityRecords } from '../support/activity-history';
import { createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { referenceChecksum } from '../support/reference-run';
import { startMigration, temporalClient } from '../support/temporal';
import { waitFor } from '../support/wait';
import { makeSample, type Sample } from '../support/sample';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';

const ROWS = 3000;
const BATCH = 250;
/** Heartbeat timeout + this covers the server noticing, the first retry's 1 s backoff and the poll. */
const MARGIN_MS = 10_000;

interface PauseMarker {
  point: FaultPoint;
  workflowId: string;
  runId: string;
  activityId: string;
  activityType: string;
  attempt: number;
}

/** The "fault hook paused" lines a worker printed so far. */
function markers(w: WorkerProcess, point: FaultPoint): PauseMarker[] {
  return w.output().split('\n').flatMap((line) => {
    if (!line.includes('"fault hook paused"')) return [];
    const m = JSON.parse(line) as PauseMarker & { msg: string };
    return m.point === point ? [m] : [];
  });
}

describe('worker killed during each phase', { timeout: 10 * 60_000 }, () => {
  let sample: Sample;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let reference: { rows: number; sha256: string };
  const dbs: TestDatabase[] = [];
  const workers: WorkerProcess[] = [];

  const input = (name: string): MigrationInput => ({ name, sources: sample.sources, batchSize: BATCH, window: 2, exportChunkBatches: 2 });
  const newDb = async (p: string) => {
    const db = await createTestDatabase(p);
    dbs.push(db);
    return db;
  };

  before(async () => {
    sample = await makeSample(ROWS, 31);
    temporal = await temporalClient();
    reference = await referenceChecksum(temporal.client, input);
  });
  after(async () => {
    for (const w of workers) await w.kill('SIGKILL');
    await temporal.close();
    for (const db of dbs) await db.drop();
    await sample.remove();
  });

  test('each killed activity restarts elsewhere within its heartbeat timeout and the contacts are identical', { timeout: 8 * 60_000 }, async (t) => {
    const db = await newDb('recovery');
    const taskQueue = uniqueName('recovery');
    // Enough slots that activities paused by the hook never starve the retries the test waits for.
    const env = { DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, WORKER_MAX_ACTIVITIES: '12', INGEST_THREADS: '1' };
    const spawn = async (hook?: string) => {
      const w = await spawnWorker(hook ? { ...env, FAULT_HOOK: hook } : env);
      workers.push(w);
      return w;
    };
    const name = uniqueName('recovery');

    const killed: Array<{ point: FaultPoint; killAtMs: number; markers: PauseMarker[] }> = [];
    /** Kills `w` once it paused at `point`, with the next worker already polling, so only recovery is measured. */
    const killWhenPaused = async (w: WorkerProcess, point: FaultPoint, next: () => Promise<WorkerProcess>) => {
      await waitFor(`a worker paused at ${point}`, async () => markers(w, point).length > 0, { timeoutMs: 120_000, intervalMs: 200 });
      const successor = await next();
      const paused = markers(w, point);
      const killAtMs = Date.now();
      await w.kill('SIGKILL');
      killed.push({ point, killAtMs, markers: paused });
      return successor;
    };
    /** Waits until every activity killed at `point` completed on another worker. */
    const retriesDone = async (point: FaultPoint) => {
      for (const m of killed.find((k) => k.point === point)!.markers) {
        await waitFor(`${m.activityType} ${m.activityId} of ${m.workflowId} completing after the kill`, async () => {
          const r = (await activityRecords(temporal.client, m.workflowId, m.runId)).find((a) => a.activityId === m.activityId);
          return r?.outcome === 'completed';
        }, { timeoutMs: 120_000, intervalMs: 200 });
      }
    };

    const a = await spawn('pause-at:inspect');
    const handle = await startMigration(temporal.client, taskQueue, input(name));
    const b = await killWhenPaused(a, 'inspect', () => spawn('pause-at:export'));
    await retriesDone('inspect');
    const c = await killWhenPaused(b, 'export', () => spawn('pause-at:ingest'));
    await retriesDone('export');
    await killWhenPaused(c, 'ingest', () => spawn());
    await retriesDone('ingest');

    const summary = await handle.result();
    assert.equal(summary.status, 'ok');
    assert.equal(summary.totals.rowsRead, ROWS);
    const [batches] = await db.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM import_batches');
    const expected = Object.values(sample.manifest.rowsPerSource).reduce((s, n) => s + Math.ceil(n / BATCH), 0);
    assert.equal(Number(batches[0]!.n), expected, 'each batch committed exactly once');
    assert.deepEqual(await contactsChecksum(db.pool), reference, 'contacts identical to the uninterrupted run');

    for (const k of killed) {
      assert.ok(k.markers.length > 0, `something was killed during ${k.point}`);
      for (const m of k.markers) {
        const r = (await activityRecords(temporal.client, m.workflowId, m.runId)).find((x) => x.activityId === m.activityId)!;
        assert.equal(r.heartbeatTimeoutMs, DEFAULT_HEARTBEAT_TIMEOUT_SEC * 1000, `${m.activityType} heartbeats with the default timeout`);
        assert.equal(r.attempt, m.attempt + 1, `${m.activityType} ${m.activityId}: the next attempt is the one that completed`);
        const recoveryMs = r.startedAtMs! - k.killAtMs;
        t.diagnostic(`kill during ${k.point}: ${m.activityType} ${m.workflowId}#${m.activityId} attempt ${r.attempt} started ${(recoveryMs / 1000).toFixed(1)}s after the kill`);
        assert.ok(recoveryMs > 0, `${m.activityType}: the next attempt started after the kill`);
        assert.ok(recoveryMs <= r.heartbeatTimeoutMs! + MARGIN_MS,
          `${m.activityType} ${m.activityId}: next attempt started ${recoveryMs} ms after the kill, more than heartbeat timeout ${r.heartbeatTimeoutMs} ms + ${MARGIN_MS} ms`);
      }
    }
  });
});
