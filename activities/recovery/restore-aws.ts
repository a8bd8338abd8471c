// `restore` in AWS mode: RECOVERY.md's AWS procedure as one function, runnable without Temporal or workers: the
// snapshot's Aurora cluster snapshot is restored into a new cluster (the live cluster's subnet group and security
// groups, IAM sign-in on, one writer instance), the recovered store is checked by the invariants the validation
// uses, then the raw-zone batches and the journal after the snapshot are replayed into it. The live cluster is never
// touched; pointing the system at the recovered one stays a deliberate step (RECOVERY.md).
import type { AppConfig } from '../../config/env';
import { createDbPool, type DatabaseConnectionConfig } from '../../workers/clients';
import type { S3 } from '../deps';
import type { JournalReplayer } from './replay-journal';
import type { JournalStream } from '../journal';
import { clusterNetwork, describeClusterSnapshot, type Rds, restoreClusterFromSnapshot } from '../snapshots/aws-snapshots';
import { SnapshotNotFoundError } from '../snapshots/snapshot-activities';
import { checkStoreInvariants, type StoreInvariants } from '../snapshots/store-invariants';
import { isLiveDatabase, type ReplayAfterResult, replayAfter } from './replay-after';
import { RestoreRefusedError } from './restore';

/**
 * How far before the cluster snapshot's creation time the journal is replayed from. Aurora records the time the
 * snapshot was created, not a transaction position; every replayer is idempotent, so starting earlier is safe.
 */
export const AWS_REPLAY_MARGIN_MS = 15 * 60_000;

export interface AwsRestoreOptions {
  snapshotId: string;
  /** Identifier of the recovered cluster; default `recovered-<snapshot id>` (the only names the worker's role may create). */
  clusterId?: string;
  /** Instance class of its writer; default db.r6g.large. */
  instanceClass?: string;
  /**
   * Where to check and replay; default DATABASE_URL's user and database at the recovered cluster's endpoint, signed
   * in as DATABASE_URL is (TLS, IAM tokens).
   */
  targetUrl?: string;
  allowLive?: boolean;
  replay?: boolean;
  maxWaitSec?: number;
  replayers?: Partial<Record<JournalStream, JournalReplayer>>;
  progress?: (step: string, data?: Record<string, unknown>) => void;
}

export interface AwsRestoreResult {
  snapshot: { id: string; identifier: string; createdAt: string };
  clusterId: string;
  endpoint: { host: string; port: number };
  targetUrl: string;
  restoreSec: number;
  invariants: StoreInvariants;
  replay: ReplayAfterResult | null;
}

/**
 * Where the journal replay after an Aurora cluster snapshot starts: its creation time less the margin, or undefined when
 * the cluster has no such snapshot.
 */
export async function awsReplaySince(rds: Rds, clusterId: string, snapshotId: string): Promise<Date | undefined> {
  const snap = await describeClusterSnapshot(rds, { clusterId }, snapshotId);
  return snap && new Date(snap.createdAt.getTime() - AWS_REPLAY_MARGIN_MS);
}

export async function restoreAwsSnapshot(config: AppConfig, rds: Rds, s3: S3, opts: AwsRestoreOptions): Promise<AwsRestoreResult> {
  const say = opts.progress ?? (() => {});
  if (!config.RDS_CLUSTER_ID) throw new RestoreRefusedError('SNAPSHOT_MODE=aws needs RDS_CLUSTER_ID (the live cluster whose snapshots these are)');
  const settings = { clusterId: config.RDS_CLUSTER_ID, maxWaitSec: opts.maxWaitSec ?? 3 * 3600 };
  const snap = await describeClusterSnapshot(rds, settings, opts.snapshotId);
  if (!snap) throw new SnapshotNotFoundError(opts.snapshotId);
  if (snap.status !== 'available') throw new RestoreRefusedError(`cluster snapshot ${snap.identifier} is ${snap.status}, not available: wait for it or pick another`);
  if (opts.targetUrl !== undefined && isLiveDatabase(config, opts.targetUrl) && !opts.allowLive) {
    throw new RestoreRefusedError(`--target is the live database (DATABASE_URL): refusing to replay into it; give the recovered cluster's endpoint, or pass --allow-live`);
  }
  const clusterId = opts.clusterId ?? `recovered-${opts.snapshotId}`;
  if (clusterId === config.RDS_CLUSTER_ID) throw new RestoreRefusedError(`--cluster-id ${clusterId} is the live cluster (RDS_CLUSTER_ID): choose a new identifier`);
  // The recovered cluster lives where the live one does, so the workers and the dashboard can reach it: the database's
  // subnet group and security group (infra/ gives the worker them as RDS_VALIDATION_*), else the live cluster's own.
  const network = config.RDS_VALIDATION_SUBNET_GROUP
    ? { subnetGroup: config.RDS_VALIDATION_SUBNET_GROUP, securityGroupIds: config.RDS_VALIDATION_SECURITY_GROUP_IDS?.split(',') }
    : ((await clusterNetwork(rds, config.RDS_CLUSTER_ID)) ?? {});
  const t0 = Date.now();
  say('restoring cluster', { snapshot: snap.identifier, cluster: clusterId });
  const endpoint = await restoreClusterFromSnapshot(rds, settings, opts.snapshotId, {
    clusterId, network, instanceClass: opts.instanceClass ?? 'db.r6g.large',
    tags: [{ Key: 'contacts:restored-from', Value: opts.snapshotId }, { Key: 'contacts:restored-at', Value: new Date().toISOString() }],
  });
  const restoreSec = (Date.now() - t0) / 1000;
  const targetUrl = opts.targetUrl ?? (() => {
    const u = new URL(config.DATABASE_URL);
    u.hostname = endpoint.host;
    u.port = String(endpoint.port);
    return u.toString();
  })();
  const target: DatabaseConnectionConfig = { ...config, DATABASE_URL: targetUrl };
  say('checking the store invariants', { cluster: clusterId });
  const pool = createDbPool(target, { connectionLimit: 2 });
  let invariants: StoreInvariants;
  try {
    invariants = await checkStoreInvariants(pool);
  } finally {
    await pool.end();
  }
  if (invariants.problems.length > 0) {
    throw new RestoreRefusedError(`the recovered cluster ${clusterId} breaks the store's invariants (${invariants.problems.join('; ')}): pick an older snapshot, and delete ${clusterId}`);
  }
  const replay = opts.replay === false ? null : await replayAfter(config, s3, {
    target, since: new Date(snap.createdAt.getTime() - AWS_REPLAY_MARGIN_MS), replayers: opts.replayers, progress: say,
  });
  return { snapshot: { id: opts.snapshotId, identifier: snap.identifier, createdAt: snap.createdAt.toISOString() }, clusterId, endpoint, targetUrl, restoreSec, invariants, replay };
}
