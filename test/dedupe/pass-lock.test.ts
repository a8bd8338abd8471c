// One dedupe pass at a time (activities/dedupe/pass-lock.ts), on the real stack: the lock refuses or makes a second
// pass wait while another holds it, a holder silent past the lease is taken over and then stops, and two passes
// started at once (any trigger) run one after the other.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { createTestDatabase, activityDeps, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';
import { waitFor, within } from '../support/wait';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { DedupeInput, dedupeWorkflow } from '../../workflows/dedupe';
import {
  DedupePassBusyError, DedupePassLockLostError, acquirePassLock, assertHolds, bindPassLock, lockHolder, releasePassLock, tryAcquirePassLock,
} from '../../activities/dedupe/pass-lock';

let db: TestDatabase;
let deps: ReturnType<typeof activityDeps>;
let temporal: Awaited<ReturnType<typeof temporalClient>>;
let worker: { stop(): Promise<void> };
const taskQueue = uniqueName('dedupe-lock');

before(async () => {
  db = await createTestDatabase('dedupelock');
  deps = activityDeps(db);
  temporal = await temporalClient();
  worker = await startWorker(deps, taskQueue, db.config);
  // A few contacts, two of them one person, so a pass has something to link.
  await db.pool.query("INSERT INTO source_files (id, migration_name, source_name, source_kind, location, batch_size) VALUES (1, 'test', 'csv:t.csv', 'csv', 't.csv', 100000)");
  const [b] = await db.pool.query<ResultSetHeader>("INSERT INTO import_batches (source_file_id, batch_no, object_key, object_sha256, rows_read, inserted) VALUES (1, 1, 'k', 'x', 3, 3)");
  for (const [i, email, first] of [[1, 'ann@example.com', 'Ann'], [2, 'ann@example.com', 'Anne'], [3, 'bo@example.com', 'Bo']] as const) {
    await db.pool.query(
      `INSERT INTO contacts (match_key, email, has_contact_key, first_name, last_name, name_key, source_updated_at, source_file_id, source_record_id, created_batch_id, last_batch_id)
       VALUES (UNHEX(SHA1(?)), ?, 1, ?, 'Lee', ?, '2024-01-01 00:00:00.000', 1, ?, ?, ?)`, [String(i), email, first, `${first.toLowerCase()}|lee`, String(i), b.insertId, b.insertId]);
  }
});

after(async () => {
  await worker?.stop();
  await temporal?.close();
  await deps?.close();
  await db?.drop();
});

function start(name: string, input: DedupeInput) {
  return temporal.client.workflow.start<typeof dedupeWorkflow>(WORKFLOW_TYPES.dedupe, { taskQueue, workflowId: WORKFLOW_IDS.dedupe(uniqueName(name)), args: [input] });
}

test('the lock is taken when free, refused while held, taken over from a holder silent past the lease, and the old holder then stops', async () => {
  assert.equal(await tryAcquirePassLock(db.pool, 'wf-a'), null, 'a free lock is taken');
  await bindPassLock(db.pool, 'wf-a', 101);
  assert.equal(await tryAcquirePassLock(db.pool, 'wf-a'), null, 'the holder retrying its begin keeps it');
  const held = await tryAcquirePassLock(db.pool, 'wf-b');
  assert.equal(held?.workflowId, 'wf-a');
  assert.equal(held?.passId, 101);
  await assert.rejects(acquirePassLock(db.pool, 'wf-b', 'refuse'), (err: Error) => {
    assert.ok(err instanceof DedupePassBusyError);
    assert.match(err.message, /pass 101 \(workflow wf-a\) holds the dedupe pass lock/);
    return true;
  });
  // wf-a goes silent past the lease: wf-b takes over, and wf-a's next activity finds it has lost the lock.
  await db.pool.query("UPDATE dedupe_pass_lock SET renewed_at = CURRENT_TIMESTAMP(3) - INTERVAL 1 HOUR WHERE name = 'pass'");
  assert.equal(await tryAcquirePassLock(db.pool, 'wf-b'), null, 'a silent holder is taken over');
  await bindPassLock(db.pool, 'wf-b', 102);
  await assert.rejects(assertHolds(db.pool, 101), (err: Error) => {
    assert.ok(err instanceof DedupePassLockLostError);
    assert.match(err.message, /dedupe pass 101 no longer holds the dedupe pass lock \(now workflow wf-b\)/);
    return true;
  });
  await releasePassLock(db.pool, 101, 'wf-a');
  assert.equal((await lockHolder(db.pool))?.workflowId, 'wf-b', 'a stale holder cannot release the new holder\'s lock');
  await releasePassLock(db.pool, 102, 'wf-b');
  assert.equal(await lockHolder(db.pool), null);
});

test('a pass refuses (when asked to) or waits while another holds the lock, and runs once it is free', async () => {
  assert.equal(await tryAcquirePassLock(db.pool, 'someone-else'), null);
  const refused = await start('refused', { kind: 'full', actor: 'test', ifBusy: 'refuse' });
  await assert.rejects(within(`pass ${refused.workflowId} refused`, 60_000, refused.result()), (err: Error) => {
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof ActivityFailure);
    const cause = err.cause.cause;
    assert.ok(cause instanceof ApplicationFailure);
    assert.equal(cause.type, 'DedupePassBusyError');
    assert.match(cause.message, /workflow someone-else\) holds the dedupe pass lock/);
    return true;
  });
  const waiting = await start('waiting', { kind: 'full', actor: 'test' });
  await waitFor('the second pass to report whom it waits for', async () => {
    const d = await waiting.describe();
    const details = d.raw.pendingActivities?.[0]?.heartbeatDetails;
    // The heartbeat details are a JSON payload: {"waitingForPassLock": {"workflowId": "someone-else", ...}}.
    return (details?.payloads ?? []).some((p) => Buffer.from(p.data ?? []).toString('utf8').includes('someone-else'));
  }, { timeoutMs: 60_000, intervalMs: 250 });
  const [passes] = await db.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM dedupe_passes WHERE workflow_id = ?', [waiting.workflowId]);
  assert.equal(Number(passes[0]!.n), 0, 'a waiting pass has claimed nothing yet');
  await releasePassLock(db.pool, null, 'someone-else');
  const r = await within(`pass ${waiting.workflowId} after the lock was freed`, 180_000, waiting.result());
  assert.equal(r.kind, 'full');
  assert.equal(await lockHolder(db.pool), null, 'a committed pass frees the lock');
});

test('two passes started at once run one after the other', async () => {
  const [full, incremental] = await Promise.all([start('both-full', { kind: 'full', actor: 'test' }), start('both-inc', { kind: 'incremental', actor: 'test' })]);
  await within('both passes', 300_000, Promise.all([full.result(), incremental.result()]));
  const [rows] = await db.pool.query<RowDataPacket[]>(
    'SELECT workflow_id, status, started_at, finished_at FROM dedupe_passes WHERE workflow_id IN (?, ?) ORDER BY started_at', [full.workflowId, incremental.workflowId]);
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((x) => x.status), ['committed', 'committed']);
  assert.ok(new Date(rows[1]!.started_at).getTime() >= new Date(rows[0]!.finished_at).getTime(),
    `the second pass started (${rows[1]!.started_at}) after the first committed (${rows[0]!.finished_at})`);
  assert.equal(await lockHolder(db.pool), null);
});
