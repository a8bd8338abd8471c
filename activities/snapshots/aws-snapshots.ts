// AWS mode: a manual Aurora cluster snapshot beside the cluster's own automated backups and point-in-time recovery,
// waited on until available and tagged with what it covers; validation restores it into a temporary cluster (one
// instance), checks the store's invariants there, and deletes the temporary cluster; retention lists and deletes the
// snapshots this workflow made (by tag).
import {
  CreateDBClusterSnapshotCommand, CreateDBInstanceCommand, DeleteDBClusterCommand, DeleteDBClusterSnapshotCommand, DeleteDBInstanceCommand,
  DescribeDBClustersCommand, DescribeDBClusterSnapshotsCommand, type RDSClient, RestoreDBClusterFromSnapshotCommand, type Tag,
  waitUntilDBClusterSnapshotAvailable, waitUntilDBInstanceAvailable,
} from '@aws-sdk/client-rds';
import type { RetainedSnapshot } from '../../domain/snapshot-retention';

export type Rds = Pick<RDSClient, 'send'>;

export const MANAGED_TAG = 'contacts:snapshot-id';

export interface AwsSnapshotSettings {
  clusterId: string;
  database: string;
  /** Instance class of the temporary validation cluster's one instance. */
  validationInstanceClass: string;
  /** Longest wait for a snapshot or a temporary instance to become available. */
  maxWaitSec: number;
}

/** Identifier of the cluster snapshot for a snapshot id: `<cluster>-<snap-…>`. */
export const clusterSnapshotId = (s: Pick<AwsSnapshotSettings, 'clusterId'>, snapshotId: string) => `${s.clusterId}-${snapshotId}`;
/** Identifier of the temporary cluster that validates it; its presence means "being validated". */
export const validationClusterId = (snapshotId: string) => `validate-${snapshotId}`;

function errorName(err: unknown): string {
  return String((err as { name?: string }).name ?? '');
}

export async function takeClusterSnapshot(rds: Rds, s: AwsSnapshotSettings, snapshotId: string, takenAtIso: string): Promise<{ arn: string; createdAt: string }> {
  const id = clusterSnapshotId(s, snapshotId);
  const tags: Tag[] = [
    { Key: MANAGED_TAG, Value: snapshotId },
    { Key: 'contacts:covers', Value: `cluster ${s.clusterId}, database ${s.database}, all tables` },
    { Key: 'contacts:requested-at', Value: takenAtIso },
  ];
  try {
    await rds.send(new CreateDBClusterSnapshotCommand({ DBClusterIdentifier: s.clusterId, DBClusterSnapshotIdentifier: id, Tags: tags }));
  } catch (err) {
    // A retried activity finds the snapshot its first attempt created: carry on waiting for it.
    if (errorName(err) !== 'DBClusterSnapshotAlreadyExistsFault') throw err;
  }
  await waitUntilDBClusterSnapshotAvailable({ client: rds as RDSClient, maxWaitTime: s.maxWaitSec, minDelay: 1, maxDelay: 30 }, { DBClusterSnapshotIdentifier: id });
  const d = await rds.send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: id }));
  const snap = d.DBClusterSnapshots?.[0];
  return { arn: snap?.DBClusterSnapshotArn ?? id, createdAt: (snap?.SnapshotCreateTime ?? new Date(takenAtIso)).toISOString() };
}

/** Where a cluster restored from a snapshot lives, what runs it and how it is tagged. */
export interface ClusterRestore {
  clusterId: string;
  network: { subnetGroup?: string; securityGroupIds?: string[] };
  instanceClass: string;
  tags: Tag[];
}

/**
 * Restores the snapshot into a new cluster with one (writer) instance and returns its endpoint once available. A
 * retried call finds the cluster and instance its first attempt created and waits for them.
 */
export async function restoreClusterFromSnapshot(rds: Rds, s: Pick<AwsSnapshotSettings, 'clusterId' | 'maxWaitSec'>, snapshotId: string, r: ClusterRestore): Promise<{ host: string; port: number }> {
  try {
    await rds.send(new RestoreDBClusterFromSnapshotCommand({
      DBClusterIdentifier: r.clusterId, SnapshotIdentifier: clusterSnapshotId(s, snapshotId), Engine: 'aurora-mysql',
      DBSubnetGroupName: r.network.subnetGroup, VpcSecurityGroupIds: r.network.securityGroupIds,
      // The worker signs in with an IAM token, as on the live cluster; a restore leaves IAM sign-in off unless asked.
      EnableIAMDatabaseAuthentication: true,
      Tags: r.tags,
    }));
  } catch (err) {
    if (errorName(err) !== 'DBClusterAlreadyExistsFault') throw err;
  }
  const instanceId = `${r.clusterId}-1`;
  try {
    await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: instanceId, DBClusterIdentifier: r.clusterId, Engine: 'aurora-mysql', DBInstanceClass: r.instanceClass }));
  } catch (err) {
    if (errorName(err) !== 'DBInstanceAlreadyExistsFault') throw err;
  }
  await waitUntilDBInstanceAvailable({ client: rds as RDSClient, maxWaitTime: s.maxWaitSec, minDelay: 1, maxDelay: 30 }, { DBInstanceIdentifier: instanceId });
  const c = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: r.clusterId }));
  const cluster = c.DBClusters?.[0];
  return { host: cluster?.Endpoint ?? '', port: cluster?.Port ?? 3306 };
}

/** Restores into a temporary cluster with one instance and returns its endpoint once available. */
export async function restoreValidationCluster(rds: Rds, s: AwsSnapshotSettings, snapshotId: string, network: { subnetGroup?: string; securityGroupIds?: string[] }): Promise<{ host: string; port: number }> {
  return restoreClusterFromSnapshot(rds, s, snapshotId, {
    clusterId: validationClusterId(snapshotId), network, instanceClass: s.validationInstanceClass, tags: [{ Key: 'contacts:validates', Value: snapshotId }],
  });
}

/** The cluster snapshot of a snapshot id, or undefined when there is none. */
export async function describeClusterSnapshot(rds: Rds, s: Pick<AwsSnapshotSettings, 'clusterId'>, snapshotId: string): Promise<{ identifier: string; status: string; createdAt: Date } | undefined> {
  try {
    const d = await rds.send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: clusterSnapshotId(s, snapshotId) }));
    const snap = d.DBClusterSnapshots?.[0];
    if (!snap?.DBClusterSnapshotIdentifier) return undefined;
    return { identifier: snap.DBClusterSnapshotIdentifier, status: snap.Status ?? 'unknown', createdAt: snap.SnapshotCreateTime ?? new Date(0) };
  } catch (err) {
    if (errorName(err) === 'DBClusterSnapshotNotFoundFault') return undefined;
    throw err;
  }
}

/** The subnet group and security groups of a cluster (the live one), or undefined when it is gone. */
export async function clusterNetwork(rds: Rds, clusterId: string): Promise<{ subnetGroup?: string; securityGroupIds?: string[] } | undefined> {
  try {
    const c = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }))).DBClusters?.[0];
    if (!c) return undefined;
    return { subnetGroup: c.DBSubnetGroup, securityGroupIds: c.VpcSecurityGroups?.map((g) => g.VpcSecurityGroupId!).filter(Boolean) };
  } catch (err) {
    if (errorName(err) === 'DBClusterNotFoundFault') return undefined;
    throw err;
  }
}

/** Deletes the temporary cluster and its instance (no final snapshot); a missing one is already gone. */
export async function deleteValidationCluster(rds: Rds, snapshotId: string): Promise<void> {
  const clusterId = validationClusterId(snapshotId);
  await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: `${clusterId}-1`, SkipFinalSnapshot: true })).catch((err: unknown) => {
    if (errorName(err) !== 'DBInstanceNotFoundFault') throw err;
  });
  await rds.send(new DeleteDBClusterCommand({ DBClusterIdentifier: clusterId, SkipFinalSnapshot: true })).catch((err: unknown) => {
    if (errorName(err) !== 'DBClusterNotFoundFault') throw err;
  });
}

/** Which of these snapshots have a temporary validation cluster now (they are being validated); one scoped describe each. */
export async function snapshotsBeingValidated(rds: Rds, snapshotIds: string[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const id of snapshotIds) {
    try {
      const page = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: validationClusterId(id) }));
      if ((page.DBClusters ?? []).length > 0) ids.add(id);
    } catch (err) {
      if (errorName(err) !== 'DBClusterNotFoundFault') throw err;
    }
  }
  return ids;
}

/** The manual cluster snapshots of the cluster that this workflow made (tagged), with their creation times. */
export async function listClusterSnapshots(rds: Rds, s: AwsSnapshotSettings): Promise<Array<{ snapshotId: string; identifier: string; createdAt: Date }>> {
  const out: Array<{ snapshotId: string; identifier: string; createdAt: Date }> = [];
  let marker: string | undefined;
  do {
    const page = await rds.send(new DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: s.clusterId, SnapshotType: 'manual', Marker: marker }));
    for (const snap of page.DBClusterSnapshots ?? []) {
      const tag = snap.TagList?.find((t) => t.Key === MANAGED_TAG)?.Value;
      const prefix = `${s.clusterId}-`;
      const id = tag ?? (snap.DBClusterSnapshotIdentifier?.startsWith(`${prefix}snap-`) ? snap.DBClusterSnapshotIdentifier.slice(prefix.length) : undefined);
      if (id && snap.DBClusterSnapshotIdentifier) out.push({ snapshotId: id, identifier: snap.DBClusterSnapshotIdentifier, createdAt: snap.SnapshotCreateTime ?? new Date(0) });
    }
    marker = page.Marker;
  } while (marker);
  return out;
}

export async function deleteClusterSnapshot(rds: Rds, identifier: string): Promise<void> {
  await rds.send(new DeleteDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: identifier })).catch((err: unknown) => {
    if (errorName(err) !== 'DBClusterSnapshotNotFoundFault') throw err;
  });
}

export function retainedFromCluster(list: Array<{ snapshotId: string; createdAt: Date }>, states: Map<string, RetainedSnapshot['validation']>, validating: Set<string>): RetainedSnapshot[] {
  return list.map((s) => ({ id: s.snapshotId, takenAt: s.createdAt, validation: validating.has(s.snapshotId) ? 'validating' : (states.get(s.snapshotId) ?? 'pending') }));
}
