// Activity factory for snapshots in both modes: take (and record), validate (restore, compare, record, alert on
// failure) and apply retention. Every one heartbeats through keepAlive and is idempotent under retries.
import { Context } from '@temporalio/activity';
import { mysqlTarget } from './physical-backup';
import type { AppConfig } from '../../config/env';
import type { SnapshotManifest } from '../../domain/snapshot-manifest';
import { retentionDecision, type RetainedSnapshot } from '../../domain/snapshot-retention';
import { type AlertSink, logAlertSink } from '../alerts/alert-sink';
import type { ActivityDeps, DbPool } from '../deps';
import { heartbeatDetails, keepAlive } from '../keep-alive';
import {
  type AwsSnapshotSettings, type Rds, deleteClusterSnapshot, deleteValidationCluster, listClusterSnapshots, restoreValidationCluster,
  retainedFromCluster, snapshotsBeingValidated, takeClusterSnapshot,
} from './aws-snapshots';
import { deleteLocalSnapshot, listLocalSnapshots, takeLocalSnapshot, validateLocalSnapshot } from './local-snapshots';
import type {
  ApplyRetentionInput, ApplyRetentionResult, TakeSnapshotInput, TakeSnapshotResult, ValidateSnapshotInput, ValidateSnapshotResult,
} from './snapshot-contract';
import {
  beginSnapshotRow, getManifest, listSnapshotRows, loadSnapshotRow, markDeleted, markSnapshotFailed, markTaken, markValidating, recordValidation,
  resetStaleValidations,
} from './snapshot-store';
import { checkStoreInvariants } from './store-invariants';

/** A copy of the store to check (an Aurora validation cluster), opened by the worker; tests may open another. */
export type OpenStoreCopy = (endpoint: { host: string; port: number }) => Promise<{ pool: Pick<DbPool, 'query'>; close(): Promise<void> }>;

export interface SnapshotActivityDeps extends Pick<ActivityDeps, 'pool' | 's3' | 'buckets' | 'alerts' | 'metrics'> {
  config: AppConfig;
  rds?: Rds;
  openStoreCopy?: OpenStoreCopy;
  /** AWS validation network (subnet group, security groups of the worker's database access). */
  awsValidation?: { subnetGroup?: string; securityGroupIds?: string[]; instanceClass?: string; maxWaitSec?: number };
}

/** A validation older than this that still says `validating` was interrupted (its worker died). */
const STALE_VALIDATION_MINUTES = 360;

/** The snapshot id names no snapshot (no manifest, no row): a person's typo, not an outage. */
export class SnapshotNotFoundError extends Error {
  override name = 'SnapshotNotFoundError';
  constructor(readonly snapshotId: string) {
    super(`no snapshot ${JSON.stringify(snapshotId)}: \`npm run cli -- snapshots\` lists them`);
  }
}

function current(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

export function createSnapshotActivities(deps: SnapshotActivityDeps) {
  const { pool, s3, buckets, config } = deps;
  const alerts: AlertSink = deps.alerts ?? logAlertSink((m, d) => current()?.log.error(m, d));
  const database = mysqlTarget(config.DATABASE_URL).database;
  const network = {
    subnetGroup: deps.awsValidation?.subnetGroup ?? config.RDS_VALIDATION_SUBNET_GROUP,
    securityGroupIds: deps.awsValidation?.securityGroupIds ?? config.RDS_VALIDATION_SECURITY_GROUP_IDS?.split(','),
  };
  const aws = (): { rds: Rds; settings: AwsSnapshotSettings } => {
    if (!deps.rds || !config.RDS_CLUSTER_ID) throw new Error('SNAPSHOT_MODE=aws needs RDS_CLUSTER_ID and an RDS client in the worker');
    return {
      rds: deps.rds,
      settings: {
        clusterId: config.RDS_CLUSTER_ID, database, validationInstanceClass: deps.awsValidation?.instanceClass ?? 'db.r6g.large',
        maxWaitSec: deps.awsValidation?.maxWaitSec ?? 3 * 3600,
      },
    };
  };
  const progress = (p: Record<string, unknown>) => heartbeatDetails(p);
  const signal = () => current()?.cancellationSignal;

  async function manifestOf(snapshotId: string): Promise<SnapshotManifest> {
    const row = await loadSnapshotRow(pool, snapshotId);
    const manifest = row?.manifest ?? (config.SNAPSHOT_MODE === 'local' ? await getManifest(s3, buckets.processed, snapshotId) : null);
    if (!manifest) throw new SnapshotNotFoundError(snapshotId);
    return manifest;
  }

  return {
    async takeSnapshot(input: TakeSnapshotInput): Promise<TakeSnapshotResult> {
      return keepAlive(async () => {
        const row = await beginSnapshotRow(pool, input.snapshotId, config.SNAPSHOT_MODE, database);
        if (row.status === 'taken' && row.manifest) {
          const m = row.manifest;
          return { snapshotId: m.id, location: m.location, consistentAt: m.consistentAt, objectBytes: m.objectBytes, tables: m.tables.length, rows: m.tables.reduce((a, t) => a + t.rows, 0), snapshotSec: 0 };
        }
        try {
          if (config.SNAPSHOT_MODE === 'local') {
            const { manifest, result } = await takeLocalSnapshot({ pool, s3, buckets, config, progress, signal: signal() }, input.snapshotId);
            await markTaken(pool, manifest);
            return result;
          }
          const started = Date.now();
          const { rds, settings } = aws();
          const requestedAt = new Date().toISOString();
          const snap = await takeClusterSnapshot(rds, settings, input.snapshotId, requestedAt);
          const manifest: SnapshotManifest = {
            id: input.snapshotId, mode: 'aws', database, consistentAt: snap.createdAt, consistency: 'cluster-snapshot', location: snap.arn,
            lastImportBatchId: null, tables: [], tool: 'rds:CreateDBClusterSnapshot',
          };
          await markTaken(pool, manifest);
          return { snapshotId: input.snapshotId, location: snap.arn, consistentAt: snap.createdAt, tables: 0, rows: 0, snapshotSec: (Date.now() - started) / 1000 };
        } catch (err) {
          await markSnapshotFailed(pool, input.snapshotId, (err as Error).message).catch(() => undefined);
          throw err;
        }
      });
    },

    async validateSnapshot(input: ValidateSnapshotInput): Promise<ValidateSnapshotResult> {
      return keepAlive(async () => {
        const manifest = await manifestOf(input.snapshotId);
        await markValidating(pool, input.snapshotId);
        let result: ValidateSnapshotResult;
        if (config.SNAPSHOT_MODE === 'local') {
          result = { snapshotId: input.snapshotId, ...(await validateLocalSnapshot({ pool, s3, buckets, config, progress, signal: signal() }, manifest)) };
        } else {
          const { rds, settings } = aws();
          const t0 = Date.now();
          try {
            const endpoint = await restoreValidationCluster(rds, settings, input.snapshotId, network);
            const restoreSec = (Date.now() - t0) / 1000;
            if (!deps.openStoreCopy) throw new Error('the worker has no way to open the validation cluster (openStoreCopy)');
            const copy = await deps.openStoreCopy(endpoint);
            try {
              const inv = await checkStoreInvariants(copy.pool);
              result = {
                snapshotId: input.snapshotId, outcome: inv.problems.length === 0 ? 'passed' : 'failed', differences: [], cleaned: [], restoreSec,
                validateSec: (Date.now() - t0) / 1000 - restoreSec, ...(inv.problems.length ? { problem: inv.problems.join('; ') } : {}),
              };
            } finally {
              await copy.close();
            }
          } finally {
            await deleteValidationCluster(rds, input.snapshotId);
          }
        }
        await recordValidation(pool, input.snapshotId, result.outcome, { problem: result.problem, differences: result.differences, cleaned: result.cleaned },
          { restoreSec: result.restoreSec, validateSec: result.validateSec });
        deps.metrics?.recordSnapshot({ ageSeconds: Math.max(0, (Date.now() - Date.parse(manifest.consistentAt)) / 1000), valid: result.outcome === 'passed' });
        if (result.outcome === 'failed') {
          const wf = current()?.info.workflowExecution;
          await alerts.send({
            kind: 'snapshot-validation-failed', key: `snapshot-validation-${input.snapshotId}`, severity: 'critical',
            summary: `snapshot ${input.snapshotId} failed validation: ${result.problem ?? `${result.differences.length} tables differ from the manifest (${result.differences.map((d) => d.table).join(', ')})`}`,
            workflowId: wf?.workflowId, runId: wf?.runId, details: { snapshotId: input.snapshotId, location: manifest.location, differences: result.differences, problem: result.problem },
          });
        }
        return result;
      });
    },

    async applyRetention(input: ApplyRetentionInput): Promise<ApplyRetentionResult> {
      return keepAlive(async () => {
        await resetStaleValidations(pool, STALE_VALIDATION_MINUTES);
        const now = new Date(input.nowIso);
        let list: RetainedSnapshot[];
        let remove: (id: string) => Promise<void>;
        if (config.SNAPSHOT_MODE === 'local') {
          list = await listLocalSnapshots({ pool, s3, buckets });
          remove = (id) => deleteLocalSnapshot({ s3, buckets }, id);
        } else {
          const { rds, settings } = aws();
          const snaps = await listClusterSnapshots(rds, settings);
          const states = new Map((await listSnapshotRows(pool, 10_000)).map((r) => [r.id, r.validation]));
          list = retainedFromCluster(snaps, states, await snapshotsBeingValidated(rds, snaps.map((x) => x.snapshotId)));
          const identifiers = new Map(snaps.map((s) => [s.snapshotId, s.identifier]));
          remove = (id) => deleteClusterSnapshot(rds, identifiers.get(id)!);
        }
        const decision = retentionDecision(list, now, config.SNAPSHOT_RETENTION_DAYS);
        for (const id of decision.delete) {
          await remove(id);
          await markDeleted(pool, [id]);
        }
        return { ...decision, retentionDays: config.SNAPSHOT_RETENTION_DAYS };
      });
    },
  };
}
