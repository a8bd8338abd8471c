// AWS mode against moto's RDS API (the emulator restores no data): the call sequence of a snapshot (manual cluster
// snapshot, waited on, tagged; a temporary cluster restored from it, checked, deleted) and retention (older than
// 7 days deleted, the newest validated one and one being validated kept). The invariants the temporary cluster is
// checked by run against the real local store beside it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateDBClusterCommand, DescribeDBClustersCommand, DescribeDBClusterSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import { createSnapshotActivities } from '../../activities/snapshots/snapshot-activities';
import { restoreValidationCluster } from '../../activities/snapshots/aws-snapshots';
import { loadSnapshotRow } from '../../activities/snapshots/snapshot-store';
import type { snapshotWorkflow } from '../../workflows/snapshot';
import { uniqueName } from '../support/services';
import { startMoto } from '../support/moto';
import { createSnapshotEnv, ingestContacts, type SnapshotEnv } from '../support/snapshot-env';
import { startWorker, temporalClient } from '../support/temporal';
import { within } from '../support/wait';

const CLUSTER = 'contacts-test';

describe('snapshots in AWS mode (RDS API emulator)', { timeout: 300_000 }, () => {
  let env: SnapshotEnv;
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let rds: RDSClient;
  let worker: { stop(): Promise<void> };
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let deps: Parameters<typeof createSnapshotActivities>[0];
  const taskQueue = uniqueName('snapshot-aws');

  before(async () => {
    moto = await startMoto();
    rds = new RDSClient({ region: 'us-east-1', endpoint: moto.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await rds.send(new CreateDBClusterCommand({ DBClusterIdentifier: CLUSTER, Engine: 'aurora-mysql', MasterUsername: 'admin', MasterUserPassword: 'not-a-secret-1' }));
    env = await createSnapshotEnv('aws', 3316);
    await ingestContacts(env, uniqueName('seed'), 1, 50);
    const config = { ...env.config, SNAPSHOT_MODE: 'aws' as const, RDS_CLUSTER_ID: CLUSTER };
    // The emulator's clusters hold no data: the validation's invariants read the real local store instead.
    deps = { ...env.deps, config, rds, openStoreCopy: async () => ({ pool: env.db.pool, close: async () => undefined }), awsValidation: { maxWaitSec: 60 } };
    worker = await startWorker(deps as never, taskQueue, config);
    temporal = await temporalClient();
  });
  after(async () => {
    await temporal?.close();
    await worker?.stop();
    rds?.destroy();
    await moto?.stop();
    await env?.drop();
  });

  test('a manual cluster snapshot is taken, tagged, validated in a temporary cluster that is then deleted', async () => {
    const id = 'snap-20260105-023000';
    const r = await within('the snapshot workflow', 120_000, temporal.client.workflow.execute<typeof snapshotWorkflow>(WORKFLOW_TYPES.snapshot, {
      taskQueue, workflowId: WORKFLOW_IDS.snapshot(id), args: [{ snapshotId: id }],
    }));
    assert.equal(r.validation?.outcome, 'passed', JSON.stringify(r.validation));
    const d = await rds.send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: `${CLUSTER}-${id}` }));
    const snap = d.DBClusterSnapshots?.[0];
    assert.equal(snap?.Status, 'available');
    assert.equal(snap?.SnapshotType, 'manual');
    assert.equal(snap?.TagList?.find((t) => t.Key === 'contacts:snapshot-id')?.Value, id);
    assert.match(snap?.TagList?.find((t) => t.Key === 'contacts:covers')?.Value ?? '', /cluster contacts-test/);
    const clusters = await rds.send(new DescribeDBClustersCommand({}));
    assert.deepEqual(clusters.DBClusters?.map((c) => c.DBClusterIdentifier), [CLUSTER], 'the temporary validation cluster is gone');
    const row = await loadSnapshotRow(env.db.pool, id);
    assert.equal(row?.validation, 'passed');
    assert.equal(row?.location, snap?.DBClusterSnapshotArn);
  });

  test('retention: older than 7 days deleted, the newest validated and the one being validated kept', async () => {
    const acts = createSnapshotActivities(deps);
    // Four snapshots: A validated (above), B never validated, C being validated (its temporary cluster exists), D validated last.
    await acts.takeSnapshot({ snapshotId: 'snap-20260106-023000' });
    await acts.takeSnapshot({ snapshotId: 'snap-20260107-023000' });
    await restoreValidationCluster(rds, { clusterId: CLUSTER, database: 'x', validationInstanceClass: 'db.r6g.large', maxWaitSec: 60 }, 'snap-20260107-023000', {});
    await acts.takeSnapshot({ snapshotId: 'snap-20260108-023000' });
    assert.equal((await acts.validateSnapshot({ snapshotId: 'snap-20260108-023000' })).outcome, 'passed');
    // Eight days on, every snapshot is past the 7-day window.
    const result = await acts.applyRetention({ nowIso: new Date(Date.now() + 8 * 86_400_000).toISOString() });
    assert.deepEqual(result.delete.sort(), ['snap-20260105-023000', 'snap-20260106-023000']);
    assert.deepEqual(Object.fromEntries(result.keep.map((k) => [k.id, k.reason])), {
      'snap-20260107-023000': 'being validated', 'snap-20260108-023000': 'newest validated',
    });
    const left = await rds.send(new DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: CLUSTER, SnapshotType: 'manual' }));
    assert.deepEqual(left.DBClusterSnapshots?.map((s) => s.DBClusterSnapshotIdentifier).sort(), [`${CLUSTER}-snap-20260107-023000`, `${CLUSTER}-snap-20260108-023000`]);
    assert.equal((await loadSnapshotRow(env.db.pool, 'snap-20260105-023000'))?.status, 'deleted');
    // Within the window nothing is deleted.
    assert.deepEqual((await acts.applyRetention({ nowIso: new Date().toISOString() })).delete, []);
  });
});
