// DedupeDecisionWorkflow: a person's merge, unmerge or keep-apart (CLI now, the dashboard later: same typed input).
// Records the decision with its actor and journals it, then recomputes the affected clusters in a dedupe pass scoped
// to them, whose merges and splits are logged with the same actor. Every later pass obeys the decision.
import { executeChild, patched, workflowInfo } from '@temporalio/workflow';
import type { DedupeDecisionKind, DedupeDecisionResult } from '../activities/dedupe/decisions';
import { dedupeActivities } from './activity-proxies';
import { dedupeWorkflow, type DedupeResult } from './dedupe';

export interface DedupeDecisionWorkflowInput {
  decision: DedupeDecisionKind;
  /** merge / keep-apart: two contact ids; unmerge: one. */
  contactIds: number[];
  actor: string;
  reason?: string;
}

export interface DedupeDecisionWorkflowResult {
  recorded: DedupeDecisionResult;
  pass: Pick<DedupeResult, 'passId' | 'contactsInScope' | 'counts'>;
}

export async function dedupeDecisionWorkflow(input: DedupeDecisionWorkflowInput): Promise<DedupeDecisionWorkflowResult> {
  const info = workflowInfo();
  const acts = dedupeActivities();
  const recorded = await acts.recordDedupeDecision({ ...input, workflowId: info.workflowId, at: new Date(info.startTime).toISOString() });
  const pass = await executeChild(dedupeWorkflow, {
    workflowId: `${info.workflowId}/pass`, args: [{ kind: 'incremental', actor: input.actor, contactIds: recorded.affected, ...(patched('decision-refresh-dashboard') ? { refreshDashboard: true } : {}) }],
  });
  return { recorded, pass: { passId: pass.passId, contactsInScope: pass.contactsInScope, counts: pass.counts } };
}
