// SnapshotWorkflow on the real stack (Temporal, MariaDB, SeaweedFS, a scratch MariaDB on port 3316): a snapshot is
// taken, restored and validated table by table, recorded and listed; a corrupted or truncated backup object fails
// validation and alerts; an unreachable object store fails the workflow after its retries and deletes nothing; a
// scratch server left by a crashed validation is cleaned by the next run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { WorkflowFailedError } from '@temporalio/client';
import type { RowDataPacket } from 'mysql2';
import { BACKUP_KEYS, WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import { createS3 } from '../../workers/clients';
import { beginSnapshotRow, getManifest, loadSnapshotRow, markTaken, putManifest } from '../../activities/snapshots/snapshot-store';
import { scratchLayout, startScratchServer } from '../../activities/snapshots/scratch-server';
import { restorePhysical } from '../../activities/snapshots/physical-restore';
import { isAlive } from '../../stack/pid-files';
import type { SnapshotInput, snapshotWorkflow } from '../../workflows/snapshot';
import { failureCause } from '../../starters/failure-cause';
import { uniqueName } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';
import { createSnapshotEnv, ingestContacts, type SnapshotEnv } from '../support/snapshot-env';
import { within } from '../support/wait';

const SCRATCH_PORT = 3316;
const FIRST = 'snap-20260101-000001';

describe('snapshotWorkflow (local mode)', { timeout: 600_000 }, () => {
  let env: SnapshotEnv;
  let worker: { stop(): Promise<void> };
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  const taskQueue = uniqueName('snapshot');
  const run = (snapshotId: string, extra: SnapshotInput = {}) => temporal.client.workflow.execute<typeof snapshotWorkflow>(WORKFLOW_TYPES.snapshot, {
    taskQueue, workflowId: WORKFLOW_IDS.snapshot(snapshotId), args: [{ snapshotId, heartbeatTimeoutSec: 30, ...extra }],
  });

  before(async () => {
    env = await createSnapshotEnv('snapwf', SCRATCH_PORT);
    await ingestContacts(env, uniqueName('seed'), 2, 500);
    worker = await startWorker(env.deps, taskQueue, env.config);
    temporal = await temporalClient();
  });
  after(async () => {
    await temporal?.close();
    await worker?.stop();
    await env?.drop();
  });

  test('takes a snapshot, restores it into the scratch server, and every table matches the manifest', { timeout: 300_000 }, async () => {
    const id = FIRST;
    const r = await within('the snapshot workflow', 240_000, run(id));
    assert.equal(r.validation?.outcome, 'passed', JSON.stringify(r.validation));
    assert.deepEqual(r.validation?.differences, []);
    const manifest = await getManifest(env.deps.s3, env.deps.buckets.processed, id);
    assert.ok(manifest, 'the manifest is in the processed zone');
    const contacts = manifest.tables.find((t) => t.table === 'contacts');
    assert.equal(contacts?.rows, 1000, 'the manifest counts the contacts at the consistency point');
    assert.match(contacts!.sha256, /^[0-9a-f]{64}$/);
    assert.ok(manifest.tables.some((t) => t.table === 'snapshots'), 'every table of the database is in the manifest');
    const head = await env.deps.s3.send(new HeadObjectCommand({ Bucket: env.deps.buckets.processed, Key: BACKUP_KEYS.object(id) }));
    assert.equal(head.ContentLength, manifest.objectBytes);
    const row = await loadSnapshotRow(env.db.pool, id);
    assert.equal(row?.status, 'taken');
    assert.equal(row?.validation, 'passed');
    const [v] = await env.db.pool.query<RowDataPacket[]>('SELECT outcome FROM snapshot_validations WHERE snapshot_id = ?', [id]);
    assert.deepEqual(v.map((x) => x.outcome), ['passed']);
    assert.equal(existsSync(scratchLayout(env.config, SCRATCH_PORT).dataDir), false, 'the scratch copy is removed');
    assert.equal(env.alerts.length, 0);

    // `snapshots` lists it with its validation state.
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'cli', '--', 'snapshots'], {
      env: { ...process.env, DATABASE_URL: env.db.url, S3_PROCESSED_BUCKET: env.deps.buckets.processed }, timeout: 60_000,
    });
    assert.match(stdout, new RegExp(`${id}\\s+taken\\s+passed`));
  });

  test('a truncated or corrupted backup object fails validation, is recorded with details and alerts', { timeout: 300_000 }, async () => {
    // A copy of the first test's snapshot under another id (one backup per file keeps the suite fast), then truncated.
    const id = 'snap-20260101-000002';
    const key = BACKUP_KEYS.object(id);
    const whole = Buffer.from(await (await env.deps.s3.send(new GetObjectCommand({ Bucket: env.deps.buckets.processed, Key: BACKUP_KEYS.object(FIRST) }))).Body!.transformToByteArray());
    const original = (await getManifest(env.deps.s3, env.deps.buckets.processed, FIRST))!;
    const manifest = { ...original, id, location: `s3://${env.deps.buckets.processed}/${key}` };
    await putManifest(env.deps.s3, env.deps.buckets.processed, manifest);
    await beginSnapshotRow(env.db.pool, id, 'local', manifest.database);
    await markTaken(env.db.pool, manifest);
    await env.deps.s3.send(new PutObjectCommand({ Bucket: env.deps.buckets.processed, Key: key, Body: whole.subarray(0, Math.floor(whole.length / 2)) }));
    await assert.rejects(run(`${id}`), (err: unknown) => {
      assert.ok(err instanceof WorkflowFailedError);
      assert.equal(failureCause(err).type, 'SnapshotValidationFailed');
      return true;
    });
    const row = await loadSnapshotRow(env.db.pool, id);
    assert.equal(row?.validation, 'failed');
    const [v] = await env.db.pool.query<RowDataPacket[]>('SELECT details FROM snapshot_validations WHERE snapshot_id = ? ORDER BY id DESC LIMIT 1', [id]);
    const details = (typeof v[0]!.details === 'string' ? JSON.parse(v[0]!.details) : v[0]!.details) as { problem: string };
    assert.match(details.problem, /truncated or corrupted|sha256/);
    const alert = env.alerts.find((a) => a.key === `snapshot-validation-${id}`);
    assert.equal(alert?.kind, 'snapshot-validation-failed');
    assert.equal(alert?.severity, 'critical');

    // A flipped byte in the middle (same length): the sha256 or the decompression catches it.
    const flipped = Buffer.from(whole);
    const mid = Math.floor(flipped.length / 2);
    flipped[mid] = flipped[mid]! ^ 0xff;
    await env.deps.s3.send(new PutObjectCommand({ Bucket: env.deps.buckets.processed, Key: key, Body: flipped }));
    await assert.rejects(run(id), WorkflowFailedError);
    assert.equal(env.alerts.filter((a) => a.key === `snapshot-validation-${id}`).length, 2);
  });

  test('a scratch server and data left by a crashed validation are cleaned by the next run', { timeout: 300_000 }, async () => {
    // Validating the first snapshot again (taking it again returns the stored one) after a crashed validation.
    const id = FIRST;
    // A crashed validation: the snapshot restored into the scratch directory, its server still running on the port.
    const layout = scratchLayout(env.config, SCRATCH_PORT);
    const manifest = (await getManifest(env.deps.s3, env.deps.buckets.processed, id))!;
    await restorePhysical({ s3: env.deps.s3, bucket: env.deps.buckets.processed, key: BACKUP_KEYS.object(id), expected: { sha256: manifest.objectSha256 }, dataDir: layout.dataDir });
    const leftover = await startScratchServer(env.config, layout, SCRATCH_PORT, { skipGrants: true });
    const r = await within('the snapshot workflow', 240_000, run(id));
    assert.equal(r.validation?.outcome, 'passed');
    assert.ok(r.validation?.cleaned.some((c) => c.includes(`pid ${leftover.pid}`)), `cleaned ${JSON.stringify(r.validation?.cleaned)}`);
    assert.equal(isAlive(leftover.pid), false, 'the leftover server was stopped');
    assert.equal(existsSync(layout.dataDir), false);
  });

  test('an unreachable object store fails the snapshot after its retries and deletes nothing', { timeout: 300_000 }, async () => {
    const before = await getManifest(env.deps.s3, env.deps.buckets.processed, 'snap-20260101-000001');
    assert.ok(before, 'an earlier snapshot exists');
    // A worker whose S3 client points at a closed loopback port (the shared SeaweedFS keeps running).
    const deadQueue = uniqueName('snapshot-dead-s3');
    const deadS3 = createS3({ ...env.config, S3_ENDPOINT: 'http://127.0.0.1:9' });
    const deadWorker = await startWorker({ ...env.deps, s3: deadS3 }, deadQueue, env.config);
    try {
      const id = 'snap-20260101-000004';
      const handle = await temporal.client.workflow.start<typeof snapshotWorkflow>(WORKFLOW_TYPES.snapshot, {
        taskQueue: deadQueue, workflowId: WORKFLOW_IDS.snapshot(id), args: [{ snapshotId: id, maximumAttempts: 2, heartbeatTimeoutSec: 30 }],
      });
      await assert.rejects(within('the failing snapshot', 240_000, handle.result()), (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError);
        const c = failureCause(err);
        assert.equal(c.activity, 'takeSnapshot');
        assert.equal(c.retryState, 'MAXIMUM_ATTEMPTS_REACHED');
        return true;
      });
      const history = await handle.fetchHistory();
      const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name);
      assert.deepEqual(scheduled, ['takeSnapshot'], 'neither validation nor retention ran');
      const row = await loadSnapshotRow(env.db.pool, id);
      assert.equal(row?.status, 'failed');
      assert.equal(row?.manifest, null);
      assert.ok(await getManifest(env.deps.s3, env.deps.buckets.processed, 'snap-20260101-000001'), 'the earlier snapshot is still there');
      assert.equal(await getManifest(env.deps.s3, env.deps.buckets.processed, id), null);
    } finally {
      await deadWorker.stop();
      deadS3.destroy();
    }
  });
});
