// Names why a workflow failed by walking its failure's cause chain (WorkflowFailedError → ChildWorkflowFailure →
// SourceMigrationFailed → ActivityFailure → ApplicationFailure): which source, batch and activity, and the reason.
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/client';
import type { SourceFailureDetails } from '../workflows/source-migration';

export interface FailureCause {
  /** The source workflow that failed, when the failure came from one. */
  workflowId: string | null;
  sourceName: string | null;
  batchNo: number | null;
  activity: string | null;
  /** Retry state of the failed activity: NON_RETRYABLE_FAILURE (bad input), MAXIMUM_ATTEMPTS_REACHED, TIMEOUT, ... */
  retryState: string | null;
  /** The innermost failure: its type (SourceSchemaError, BatchChecksumMismatch, ...) and message. */
  type: string | null;
  reason: string;
}

export function failureCause(err: unknown): FailureCause {
  const cause: FailureCause = { workflowId: null, sourceName: null, batchNo: null, activity: null, retryState: null, type: null, reason: String(err) };
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof ChildWorkflowFailure) cause.workflowId ??= e.execution?.workflowId ?? null;
    if (e instanceof ApplicationFailure && e.type === 'SourceMigrationFailed') {
      const d = (e.details?.[0] ?? {}) as Partial<SourceFailureDetails>;
      cause.sourceName = d.sourceName ?? null;
      cause.batchNo = d.batchNo ?? null;
      cause.activity = d.activity ?? null;
    }
    if (e instanceof ActivityFailure) {
      cause.activity = e.activityType;
      cause.retryState = e.retryState ?? null;
    }
    cause.reason = e.message;
    cause.type = e instanceof ApplicationFailure ? (e.type ?? null) : e.name;
  }
  return cause;
}

export function formatFailureCause(c: FailureCause): string {
  const where = [
    c.sourceName ? `source ${c.sourceName}` : null,
    c.batchNo !== null ? `batch ${c.batchNo}` : null,
    c.activity ? `in ${c.activity}` : null,
  ].filter(Boolean).join(', ');
  const retry = c.retryState === 'NON_RETRYABLE_FAILURE' ? 'bad input, not retried'
    : c.retryState === 'MAXIMUM_ATTEMPTS_REACHED' ? 'gave up after the retry policy\'s last attempt' : c.retryState;
  return [
    `migration failed${where ? `: ${where}` : ''}`,
    `  reason: ${c.reason}${c.type ? ` [${c.type}${retry ? `; ${retry}` : ''}]` : ''}`,
    ...(c.workflowId ? [`  workflow: ${c.workflowId}`] : []),
  ].join('\n');
}
