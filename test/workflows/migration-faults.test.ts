// Faults during a migration: a worker killed with SIGKILL mid-batch, MariaDB restarted, and two workers
// sharing one migration. Each run must reconcile and end with contacts identical to an uninterrupted run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2';
import { contactsChecksum } from '../../activities/reconcile/contacts-checksum';
import type { MigrationInput } from '../../workflows/migration';
import { activityDeps, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { referenceChecksum } from '../support/reference-run';
import { startMigration, startWorker, temporalClient } from '../support/temporal';
import { makeSample, type Sample } from '../support/sample';
import { restartMariadb, spawnWorker } from '../support/worker-process';

const ROWS = 4000;

describe('migration faults', { timeout: 240_000 }, () => {
  let sample: Sample;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let reference: { rows: number; sha256: string };
  const dbs: TestDatabase[] = [];

  const input = (name: string): MigrationInput => ({
    name, sources: sample.sources, batchSize: 200, window: 2, exportChunkBatches: 2, heartbeatTimeoutSec: 5,
  });
  const newDb = async (p: string) => {
    const db = await createTestDatabase(p);
    dbs.push(db);
    return db;
  };
  const batchesIn = async (db: TestDatabase) => Number((await db.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM import_batches'))[0][0]!.n);
  const expectedBatches = () => Object.values(sample.manifest.rowsPerSource).reduce((a, n) => a + Math.ceil(n / 200), 0);

  before(async () => {
    sample = await makeSample(ROWS, 21);
    temporal = await temporalClient();
    reference = await referenceChecksum(temporal.client, input);
  });
  after(async () => {
    await temporal.close();
    for (const db of dbs) await db.drop();
    await sample.remove();
  });

  test('kill -9 of the worker in the middle of a migration: it completes, nothing is counted twice, contacts identical', async () => {
    const db = await newDb('kill');
    const taskQueue = uniqueName('kill');
    const env = { DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue };
    const first = await spawnWorker(env);
    const name = uniqueName('kill');
    const handle = await startMigration(temporal.client, taskQueue, input(name));
    for (let i = 0; i < 300 && (await batchesIn(db)) < 3; i++) await new Promise((r) => setTimeout(r, 50));
    await first.kill('SIGKILL');
    const committedAtKill = await batchesIn(db);
    assert.ok(committedAtKill < expectedBatches(), 'the worker died before the migration finished');
    const second = await spawnWorker(env);
    try {
      const summary = await handle.result();
      assert.equal(summary.status, 'ok');
      assert.equal(summary.totals.rowsRead, ROWS);
      assert.equal(await batchesIn(db), expectedBatches(), 'each batch committed exactly once');
      assert.deepEqual(await contactsChecksum(db.pool), reference);
    } finally {
      await second.kill();
    }
  });

  test('MariaDB restarted during a migration: activities retry and it completes with identical contacts', async () => {
    const db = await newDb('restart');
    const deps = activityDeps(db);
    const taskQueue = uniqueName('restart');
    const worker = await startWorker(deps, taskQueue, db.config);
    try {
      const name = uniqueName('restart');
      const handle = await startMigration(temporal.client, taskQueue, input(name));
      for (let i = 0; i < 300 && (await batchesIn(db)) < 2; i++) await new Promise((r) => setTimeout(r, 50));
      await restartMariadb();
      const summary = await handle.result();
      assert.equal(summary.status, 'ok');
      assert.equal(await batchesIn(db), expectedBatches());
      assert.deepEqual(await contactsChecksum(db.pool), reference);
    } finally {
      await worker.stop();
      await deps.close();
    }
  });

  test('two worker processes on one task queue share the batches of one migration', async () => {
    const db = await newDb('scale');
    const taskQueue = uniqueName('scale');
    const env = { DATABASE_URL: db.url, TEMPORAL_TASK_QUEUE: taskQueue, WORKER_MAX_ACTIVITIES: '2' };
    const workers = [await spawnWorker(env), await spawnWorker(env)];
    try {
      const name = uniqueName('scale');
      const summary = await (await startMigration(temporal.client, taskQueue, input(name))).result();
      assert.equal(summary.status, 'ok');
      const [rows] = await db.pool.query<RowDataPacket[]>('SELECT worker_identity AS w, COUNT(*) AS n FROM import_batches GROUP BY worker_identity');
      assert.equal(rows.length, 2, `batches were committed by both workers: ${JSON.stringify(rows)}`);
      assert.deepEqual(await contactsChecksum(db.pool), reference);
    } finally {
      for (const w of workers) await w.kill();
    }
  });
});
