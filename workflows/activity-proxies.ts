// The one module that owns activity proxies, their timeouts and retry policies.
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createHelloActivities } from '../activities/hello';
import type { createExportActivities } from '../activities/export/export-activities';
import type { createIngestActivities } from '../activities/ingest/ingest-activities';
import type { createReconcileActivities } from '../activities/reconcile/reconcile-activities';
import type { createSnapshotActivities } from '../activities/snapshots/snapshot-activities';
import type { createAttemptActivities } from '../activities/compliance/attempt-activities';
import type { createRegistryActivities } from '../activities/compliance/registry-activities';
import type { createRegistryRetentionActivities } from '../activities/compliance/registry-retention';
import type { createScrubActivities } from '../activities/compliance/scrub-activities';
import type { createSuppressionActivities } from '../activities/compliance/suppression-activities';
import type { createMonitorActivities } from '../activities/alerts/monitor-activities';
import type { createDashboardActivities } from '../activities/dashboard/refresh-activities';
import type { createDedupeActivities } from '../activities/dedupe/dedupe-activities';
import { NON_RETRYABLE_ERROR_TYPES } from '../domain/failure-classes';

const retry: ActivityOptions['retry'] = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
  maximumAttempts: 30,
  // Derived from the one classification: a bad-input error fails its activity on the first attempt.
  nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
};

export const helloActivities = proxyActivities<ReturnType<typeof createHelloActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/**
 * Heartbeat timeout of every activity that can run longer than a few seconds (all but hello): a worker that dies
 * (SIGKILL, a lost Fargate task) stops heartbeating, and its activity is retried on another worker after at most
 * this long plus the first retry's 1 s backoff. Activities heartbeat every third of it (activities/keep-alive.ts).
 * Their start-to-close timeouts are only a backstop against an activity that heartbeats but never finishes.
 */
export const DEFAULT_HEARTBEAT_TIMEOUT_SEC = 15;

type ExportActivities = ReturnType<typeof createExportActivities>;

/** Inspect and finish-export proxies; the heartbeat timeout is an input so tests can shorten it. */
export function inspectActivities(heartbeatTimeoutSec = DEFAULT_HEARTBEAT_TIMEOUT_SEC) {
  const heartbeatTimeout = `${heartbeatTimeoutSec} seconds`;
  // A COUNT(*) or a scan of an 84M-row legacy table takes minutes; finishing reads one object header per batch.
  const { inspectSource } = proxyActivities<Pick<ExportActivities, 'inspectSource'>>({ startToCloseTimeout: '2 hours', heartbeatTimeout, retry });
  const { finishExport } = proxyActivities<Pick<ExportActivities, 'finishExport'>>({ startToCloseTimeout: '1 hour', heartbeatTimeout, retry });
  return { inspectSource, finishExport };
}

/** Export and ingest proxies. */
export function batchActivities(heartbeatTimeoutSec = DEFAULT_HEARTBEAT_TIMEOUT_SEC) {
  const opts: ActivityOptions = { startToCloseTimeout: '30 minutes', heartbeatTimeout: `${heartbeatTimeoutSec} seconds`, retry };
  // proxyActivities returns a Proxy: name the functions, spreading it copies nothing.
  const { exportChunk } = proxyActivities<Pick<ExportActivities, 'exportChunk'>>(opts);
  const { ingestBatch } = proxyActivities<ReturnType<typeof createIngestActivities>>(opts);
  return { exportChunk, ingestBatch };
}

/** The reconciliation proxy: its aggregates over every contact take minutes at 84M rows. */
export function reconcileActivities(heartbeatTimeoutSec = DEFAULT_HEARTBEAT_TIMEOUT_SEC) {
  const { reconcileMigration } = proxyActivities<ReturnType<typeof createReconcileActivities>>({
    startToCloseTimeout: '2 hours', heartbeatTimeout: `${heartbeatTimeoutSec} seconds`, retry,
  });
  return { reconcileMigration };
}

/** Compliance writes of people's decisions (attempts, opt-outs): small, quick, retried through outages. */
export function complianceWriteActivities() {
  const { recordAttempts } = proxyActivities<ReturnType<typeof createAttemptActivities>>({ startToCloseTimeout: '2 minutes', retry });
  const { recordSuppression } = proxyActivities<ReturnType<typeof createSuppressionActivities>>({ startToCloseTimeout: '2 minutes', retry });
  return { recordAttempts, recordSuppression };
}

/** Scrub activities: a partition streams for minutes at 84M contacts; heartbeats bound a dead worker's share. */
export function scrubActivities(heartbeatTimeoutSec = DEFAULT_HEARTBEAT_TIMEOUT_SEC) {
  const opts: ActivityOptions = { startToCloseTimeout: '2 hours', heartbeatTimeout: `${heartbeatTimeoutSec} seconds`, retry };
  const { beginScrub, scrubPartition, scrubIdentifiers, scrubChanges, finishScrub } = proxyActivities<ReturnType<typeof createScrubActivities>>(opts);
  return { beginScrub, scrubPartition, scrubIdentifiers, scrubChanges, finishScrub };
}

/**
 * The monitor's checks: short calls to Temporal and the database. A few quick retries only: the next pass, a minute
 * later, checks again, and a pass that failed is itself reported by the next scan.
 */
export function monitorActivities() {
  const { scanFailedWorkflows, checkSchedules, watchTaskQueues, resendPendingAlerts } = proxyActivities<ReturnType<typeof createMonitorActivities>>({
    startToCloseTimeout: '5 minutes',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES },
  });
  return { scanFailedWorkflows, checkSchedules, watchTaskQueues, resendPendingAlerts };
}

/** Registry loads: a 250M-number file streams for minutes; heartbeats bound how long a dead worker's load waits. */
export function registryActivities(heartbeatTimeoutSec = DEFAULT_HEARTBEAT_TIMEOUT_SEC) {
  const { loadRegistryFile } = proxyActivities<ReturnType<typeof createRegistryActivities>>({
    startToCloseTimeout: '3 hours', heartbeatTimeout: `${heartbeatTimeoutSec} seconds`, retry,
  });
  return { loadRegistryFile };
}

/** Registry retention: deletes superseded copies' objects; heartbeats through its statements. */
export function registryRetentionActivities(heartbeatTimeoutSec = DEFAULT_HEARTBEAT_TIMEOUT_SEC) {
  const { pruneRegistry } = proxyActivities<ReturnType<typeof createRegistryRetentionActivities>>({
    startToCloseTimeout: '1 hour', heartbeatTimeout: `${heartbeatTimeoutSec} seconds`, retry,
  });
  return { pruneRegistry };
}

/** The dashboard refresh: full rebuilds of the summary tables, minutes at 84M rows; heartbeats through its statements. */
export const dashboardActivities = proxyActivities<ReturnType<typeof createDashboardActivities>>({
  startToCloseTimeout: '3 hours', heartbeatTimeout: `${DEFAULT_HEARTBEAT_TIMEOUT_SEC} seconds`, retry,
});

/** Dedupe pass proxies: every activity heartbeats (scoring and clustering run for minutes at scale). */
export function dedupeActivities(heartbeatTimeoutSec = DEFAULT_HEARTBEAT_TIMEOUT_SEC) {
  return proxyActivities<ReturnType<typeof createDedupeActivities>>({
    startToCloseTimeout: '4 hours', heartbeatTimeout: `${heartbeatTimeoutSec} seconds`, retry,
  });
}

type SnapshotActivities = ReturnType<typeof createSnapshotActivities>;

/**
 * Snapshot proxies. Taking and validating an 84M-row store take tens of minutes (an Aurora snapshot or a temporary
 * cluster longer); they heartbeat, so a dead worker's attempt is retried within the heartbeat timeout. Tests lower
 * `maximumAttempts` to see an outage fail in seconds instead of after the full retry budget.
 */
export function snapshotActivities(opts: { heartbeatTimeoutSec?: number; maximumAttempts?: number } = {}) {
  const base: ActivityOptions = {
    heartbeatTimeout: `${opts.heartbeatTimeoutSec ?? DEFAULT_HEARTBEAT_TIMEOUT_SEC} seconds`,
    retry: { ...retry, maximumAttempts: opts.maximumAttempts ?? 10 },
  };
  const { takeSnapshot } = proxyActivities<Pick<SnapshotActivities, 'takeSnapshot'>>({ ...base, startToCloseTimeout: '4 hours' });
  const { validateSnapshot } = proxyActivities<Pick<SnapshotActivities, 'validateSnapshot'>>({ ...base, startToCloseTimeout: '6 hours' });
  const { applyRetention } = proxyActivities<Pick<SnapshotActivities, 'applyRetention'>>({ ...base, startToCloseTimeout: '30 minutes' });
  return { takeSnapshot, validateSnapshot, applyRetention };
}
