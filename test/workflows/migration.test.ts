// MigrationWorkflow end to end on the real dev server, MariaDB, S3: every row accounted for, continue-as-new,
// re-runs that change nothing, live progress, pause/resume, and cancellation that keeps committed batches.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2';
import { CancelledFailure, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { contactsChecksum } from '../../activities/reconcile/contacts-checksum';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { MigrationInput, migrationWorkflow } from '../../workflows/migration';
import type { sourceMigrationWorkflow } from '../../workflows/source-migration';
import type { postMigrationWorkflow } from '../../workflows/post-migration';
import { pauseSignal, progressQuery, resumeSignal, sourceProgressQuery, type MigrationProgress, type SourceProgress } from '../../workflows/messages';
import { activityDeps, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';
import { makeSample, type Sample } from '../support/sample';
import { waitFor, within } from '../support/wait';

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
  const options = (name: string, extra: Partial<MigrationInput> = {}) => {
    return { taskQueue, workflowId: WORKFLOW_IDS.migration(name), args: [input(name, extra)] as [MigrationInput] };
  };
  const start = (name: string, extra: Partial<MigrationInput> = {}) =>
    temporal.client.workflow.start<typeof migrationWorkflow>(WORKFLOW_TYPES.migration, options(name, extra));
  const execute = (name: string) => temporal.client.workflow.execute<typeof migrationWorkflow>(WORKFLOW_TYPES.migration, options(name));

  test('migrates every row of the three sources and the reconciliation adds up', { timeout: 300_000 }, async () => {
    const name = uniqueName('full');
    const handle = await start(name);
    const summary = await handle.result();
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

    // The reconciled migration set off its post-migration workflow, which outlives it and carries the actor.
    const postId = WORKFLOW_IDS.postMigration(name);
    temporal.track(postId);
    const post = await within(`post-migration workflow ${postId}`, 120_000, temporal.client.workflow.getHandle<typeof postMigrationWorkflow>(postId).result());
    assert.equal(post.migrationName, name);
    const postStart = await temporal.client.workflow.getHandle(postId).describe();
    assert.equal(postStart.type, 'postMigrationWorkflow');

    // The same migration again is recognised: nothing is applied twice.
    const before = await contactsChecksum(db.pool);
    const again = await execute(name);
    assert.deepEqual(again.totals, summary.totals);
    assert.deepEqual(await contactsChecksum(db.pool), before);

    // A second migration over the same sources changes nothing: every row unchanged (or rejected as before).
    const second = uniqueName('rerun');
    const rerun = await execute(second);
    assert.equal(rerun.status, 'ok');
    assert.equal(rerun.totals.inserted, 0);
    assert.equal(rerun.totals.updated, 0);
    assert.equal(rerun.totals.rejected, t.rejected);
    assert.equal(rerun.totals.unchanged, ROWS - t.rejected);
    assert.deepEqual(await contactsChecksum(db.pool), before);
  });

  test('progress answers while running; pause holds new batches until resume; cancel stops between batches and keeps committed ones', { timeout: 300_000 }, async () => {
    const name = uniqueName('pause');
    const batchSize = 20;
    const allBatches = Object.values(sample.manifest.rowsPerSource).reduce((a, n) => a + Math.ceil(n / batchSize), 0);
    const handle = await start(name, { batchSize, window: 1, historyLimit: 2000 });
    const sources: Array<WorkflowHandle<typeof sourceMigrationWorkflow>> = sample.sources.map((_, i) =>
      temporal.client.workflow.getHandle<typeof sourceMigrationWorkflow>(WORKFLOW_IDS.source(name, i + 1)));
    const done = (p: { sources: SourceProgress[] } | SourceProgress[]) => (Array.isArray(p) ? p : p.sources).reduce((a, s) => a + s.batchesDone, 0);
    const sourceProgress = () => Promise.all(sources.map((h) => h.query(sourceProgressQuery)));

    // While it runs, the progress query answers with live per-source counts.
    const running = await waitFor('a committed batch in the migration progress', async () => {
      const p: MigrationProgress = await handle.query(progressQuery);
      return done(p) > 0 && p;
    });
    assert.equal(running.name, name);
    assert.equal(running.phase, 'running');
    assert.equal(running.paused, false);
    assert.equal(running.sources.length, sample.sources.length);
    assert.ok(done(running) < allBatches, `queried before the end (${done(running)} of ${allBatches} batches)`);
    assert.ok(running.sources.some((s) => s.phase === 'running' && s.mapping !== null && s.rowsRead > 0), 'a source reports its mapping and rows');

    await handle.signal(pauseSignal);
    await waitFor('the migration to report paused', async () => (await handle.query(progressQuery)).paused);
    // Every source still running stops starting work: it reports paused, and its in-flight batch drains.
    // Settled means no activity in flight AND no workflow task pending: an activity that has just completed leaves
    // the pending list before the workflow task that counts its batch has run. The snapshot is read after that.
    const paused = await waitFor('every unfinished source paused with no activity or workflow task in flight', async () => {
      const ps = await sourceProgress();
      if (!ps.every((p) => p.phase === 'paused' || p.phase === 'done')) return false;
      const settled = await Promise.all(sources.map(async (h) => {
        const raw = (await h.describe()).raw;
        return (raw.pendingActivities?.length ?? 0) === 0 && !raw.pendingWorkflowTask;
      }));
      return settled.every(Boolean) && sourceProgress();
    }, { timeoutMs: 120_000 });
    const pausedSources = paused.filter((p) => p.phase === 'paused').map((p) => p.sourceIndex);
    assert.ok(pausedSources.length > 0, 'at least one source was paused before it finished');
    assert.equal(done(await sourceProgress()), done(paused), 'nothing committed while paused and drained');

    await handle.signal(resumeSignal);
    await waitFor('a batch committed after resume', async () => done(await sourceProgress()) > done(paused), { timeoutMs: 120_000 });
    assert.equal((await handle.query(progressQuery)).paused, false);
    // The histories say it without timing: between its pause and resume signals no source scheduled an activity.
    for (const i of pausedSources) {
      const events = (await sources[i]!.fetchHistory()).events ?? [];
      const signalAt = (signal: string) => events.findIndex((e) => e.workflowExecutionSignaledEventAttributes?.signalName === signal);
      const [pausedAt, resumedAt] = [signalAt(pauseSignal.name), signalAt(resumeSignal.name)];
      assert.ok(pausedAt >= 0 && resumedAt > pausedAt, `source ${i + 1} received pause, then resume`);
      const scheduled = events.slice(pausedAt, resumedAt).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
      assert.deepEqual(scheduled, [], `source ${i + 1} scheduled no activity while paused`);
    }

    await handle.cancel();
    await assert.rejects(within('the cancelled migration to end', 60_000, handle.result()),
      (err: unknown) => err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure);
    // Its source workflows end too (cancelled, or completed if they had finished), none left running.
    const ended = await waitFor('every source workflow to end', async () => {
      const statuses = await Promise.all(sources.map(async (h) => (await h.describe()).status.name));
      return statuses.every((s) => s !== 'RUNNING') && statuses;
    });
    for (const s of ended) assert.ok(s === 'CANCELLED' || s === 'COMPLETED', `source workflow ended ${s}`);
    const [rows] = await db.pool.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS n, COALESCE(SUM(b.rows_read <> b.inserted + b.updated + b.unchanged + b.rejected), 0) AS bad
       FROM import_batches b JOIN source_files s ON s.id = b.source_file_id WHERE s.migration_name = ?`, [name],
    );
    assert.ok(Number(rows[0]!.n) > 0, 'committed batches remain');
    assert.equal(Number(rows[0]!.bad), 0, 'every committed batch balances');
    assert.ok(Number(rows[0]!.n) < allBatches, `cancelled before all ${allBatches} batches ran (${rows[0]!.n} committed)`);
    // A closed migration still answers the progress query (replayed by the worker): it says cancelled.
    const final = await handle.query(progressQuery);
    assert.equal(final.phase, 'cancelled');
    assert.equal(final.paused, false);
  });
});
