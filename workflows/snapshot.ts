// SnapshotWorkflow (daily by schedule, `snapshot-daily-<time>`, or on demand, `snapshot-<id>`): take a snapshot,
// validate it by restoring it, apply retention, and fail loudly (after recording and alerting) when it does not
// validate. Retention runs only after a snapshot was taken, so an outage while taking one deletes nothing.
import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import type { ApplyRetentionResult, TakeSnapshotResult, ValidateSnapshotResult } from '../activities/snapshots/snapshot-contract';
import { snapshotIdAt } from '../config/constants';
import { snapshotActivities } from './activity-proxies';

export interface SnapshotInput {
  /** Defaults to `snap-<workflow start time>`. */
  snapshotId?: string;
  /** Skip validation (never by the schedule; a bench times the steps itself). */
  skipValidation?: boolean;
  heartbeatTimeoutSec?: number;
  maximumAttempts?: number;
}

export interface SnapshotResult {
  snapshot: TakeSnapshotResult;
  validation: ValidateSnapshotResult | null;
  retention: ApplyRetentionResult;
}

export async function snapshotWorkflow(input: SnapshotInput = {}): Promise<SnapshotResult> {
  const snapshotId = input.snapshotId ?? snapshotIdAt(workflowInfo().startTime);
  const acts = snapshotActivities({ heartbeatTimeoutSec: input.heartbeatTimeoutSec, maximumAttempts: input.maximumAttempts });
  const snapshot = await acts.takeSnapshot({ snapshotId });
  const validation = input.skipValidation ? null : await acts.validateSnapshot({ snapshotId });
  const retention = await acts.applyRetention({ nowIso: new Date().toISOString() });
  if (validation?.outcome === 'failed') {
    throw ApplicationFailure.nonRetryable(
      `snapshot ${snapshotId} failed validation: ${validation.problem ?? validation.differences.map((d) => d.table).join(', ')}`,
      'SnapshotValidationFailed', validation,
    );
  }
  return { snapshot, validation, retention };
}
