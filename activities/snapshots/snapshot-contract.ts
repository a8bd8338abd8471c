// Typed inputs and outputs of the snapshot activities and workflow (one object each), shared by both modes.
import type { RetentionDecision } from '../../domain/snapshot-retention';
import type { TableDifference } from '../../domain/snapshot-manifest';

export interface TakeSnapshotInput {
  snapshotId: string;
}

export interface TakeSnapshotResult {
  snapshotId: string;
  location: string;
  consistentAt: string;
  objectBytes?: number;
  tables: number;
  rows: number;
  snapshotSec: number;
}

export interface ValidateSnapshotInput {
  snapshotId: string;
}

export interface ValidateSnapshotResult {
  snapshotId: string;
  outcome: 'passed' | 'failed';
  /** The step that failed and why, when it failed before comparing (object unreadable, restore failed). */
  problem?: string;
  differences: TableDifference[];
  /** What a crashed earlier validation had left behind and this run removed. */
  cleaned: string[];
  restoreSec: number;
  validateSec: number;
}

export interface ApplyRetentionInput {
  /** The workflow's time (deterministic), ISO 8601. */
  nowIso: string;
}

export interface ApplyRetentionResult extends RetentionDecision {
  retentionDays: number;
}
