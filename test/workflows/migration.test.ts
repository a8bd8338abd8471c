// MigrationWorkflow end to end on the real dev server, MariaDB, S3: every row accounted for, continue-as-new,
// re-runs that change nothing, pause/resume, and cancellation that keeps committed batches.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2';
import { WorkflowFailedError } from '@temporalio/client';
import { contactsChecksum } from '../../activities/reconcile/contacts-checksum';
import type { ReconciliationSummary } from '../../domain/reconciliation';
import type { MigrationInput } from '../../workflows/migration';
import { pauseSignal, progressQuery, resumeSignal } from '../../workflows/messages';
import { activityDeps, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';
import { makeSample, type Sample } from '../support/sample';

const ROWS = 3000;

describe('migrationWorkflow', () => {
  let db: TestDatabase;
  let deps: ReturnType<typeof activityDeps>;
  let sample: Sample;
  let worker: { stop(): Promise<void> };
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  const taskQueue = uniqueName('migration');

  before(async () => {
    db = await createTestDatabase('migration');
    deps = activityDeps(db);
    sample = await makeSample(ROWS, 11);
    worker = await startWorker(deps, taskQueue, db.config);
    temporal = await temporalClient();
  });
  after(async () => {
    await temporal.close();
    await worker.stop();
    await deps.close();
    await sample.remove();
    await db.drop();
  });

  const input = (name: string, extra: Partial<MigrationInput> = {}): MigrationInput => ({
    name, sources: sample.sources, batchSize: 250, window: 2, exportChunkBatches: 2, historyLimit: 40, ...extra,
  });

  test('migrates every row of the three sources and the reconciliation adds up', async () => {
    const name = uniqueName('full');
    const handle = await temporal.client.workflow.start('migrationWorkflow', { taskQueue, workflowId: `migration-${name}`, args: [input(name)] });
    const summary = (await handle.result()) as ReconciliationSummary;
    assert.equal(summary.status, 'ok');
    assert.equal(summary.totals.rowsRead, ROWS);
    assert.equal(summary.totals.declaredRows, ROWS);
    const t = summary.totals;
    assert.equal(t.inserted + t.updated + t.unchanged + t.rejected, ROWS);
    assert.ok(t.inserted > ROWS / 2, 'most rows are new contacts');
    assert.ok(t.updated + t.unchanged > 0, 'repeated people across and within sources match existing contacts');
    assert.deepEqual(summary.sources.map((s) => s.rowsRead).sort(), Object.values(sample.manifest.rowsPerSource).sort());
    const [batches] = await db.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n, COUNT(DISTINCT run_id) AS runs FROM import_batches');
    const expectedBatches = Object.values(sample.manifest.rowsPerSource).reduce((a, n) => a + Math.ceil(n / 250), 0);
    assert.equal(Number(batches[0]!.n), expectedBatches);
    assert.ok(Number(batches[0]!.runs) > 3, 'source workflows continued as new at least once');
    const progress = await handle.query(progressQuery);
    assert.equal(progress.phase, 'done');
    assert.ok(progress.sources.every((s) => s.phase === 'done' && s.mapping !== null));

    // The same migration again is recognised: nothing is applied twice.
    const before = await contactsChecksum(db.pool);
    const again = (await temporal.client.workflow.execute('migrationWorkflow', { taskQueue, workflowId: `migration-${name}`, args: [input(name)] })) as ReconciliationSummary;
    assert.deepEqual(again.totals, summary.totals);
    assert.deepEqual(await contactsChecksum(db.pool), before);

    // A second migration over the same sources changes nothing: every row unchanged (or rejected as before).
    const second = uniqueName('rerun');
    const rerun = (await temporal.client.workflow.execute('migrationWorkflow', { taskQueue, workflowId: `migration-${second}`, args: [input(second)] })) as ReconciliationSummary;
    assert.equal(rerun.status, 'ok');
    assert.equal(rerun.totals.inserted, 0);
    assert.equal(rerun.totals.updated, 0);
    assert.equal(rerun.totals.rejected, t.rejected);
    assert.equal(rerun.totals.unchanged, ROWS - t.rejected);
    assert.deepEqual(await contactsChecksum(db.pool), before);
  });

  test('pause holds new batches until resume; cancel stops between batches and keeps committed ones', async () => {
    const name = uniqueName('pause');
    const handle = await temporal.client.workflow.start('migrationWorkflow', { taskQueue, workflowId: `migration-${name}`, args: [input(name, { batchSize: 20, window: 1, historyLimit: 2000 })] });
    await handle.signal(pauseSignal);
    await new Promise((r) => setTimeout(r, 3000));
    const p1 = await handle.query(progressQuery);
    assert.equal(p1.paused, true);
    await new Promise((r) => setTimeout(r, 2000));
    const p2 = await handle.query(progressQuery);
    const done = (p: typeof p1) => p.sources.reduce((a, s) => a + s.batchesDone, 0);
    assert.equal(done(p2), done(p1), 'no batch completes while paused');
    await handle.signal(resumeSignal);
    for (let i = 0; i < 100 && done(await handle.query(progressQuery)) <= done(p2); i++) await new Promise((r) => setTimeout(r, 200));
    assert.ok(done(await handle.query(progressQuery)) > done(p2), 'batches continue after resume');
    await handle.cancel();
    await assert.rejects(handle.result(), (err: unknown) => err instanceof WorkflowFailedError);
    const [rows] = await db.pool.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS n, COALESCE(SUM(b.rows_read <> b.inserted + b.updated + b.unchanged + b.rejected), 0) AS bad
       FROM import_batches b JOIN source_files s ON s.id = b.source_file_id WHERE s.migration_name = ?`, [name],
    );
    assert.ok(Number(rows[0]!.n) > 0, 'committed batches remain');
    assert.equal(Number(rows[0]!.bad), 0, 'every committed batch balances');
    const allBatches = Object.values(sample.manifest.rowsPerSource).reduce((a, n) => a + Math.ceil(n / 20), 0);
    assert.ok(Number(rows[0]!.n) < allBatches, `cancelled before all ${allBatches} batches ran (${rows[0]!.n} committed)`);
    const progress = await handle.query(progressQuery).catch(() => null);
    if (progress) assert.equal(progress.phase, 'cancelled');
  });
});
