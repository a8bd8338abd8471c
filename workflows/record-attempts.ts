// RecordAttemptsWorkflow (id attempts-<request key>): a person's (or a dialer's) record of contact attempts, with the
// actor, through the one write path; the frequency cap counts them at the next check.
import { workflowInfo } from '@temporalio/workflow';
import type { AttemptInput, RecordAttemptsResult } from '../activities/compliance/attempt-activities';
import { complianceWriteActivities } from './activity-proxies';

export interface RecordAttemptsWorkflowInput {
  actor: string;
  source: string;
  attempts: AttemptInput[];
}

export async function recordAttemptsWorkflow(input: RecordAttemptsWorkflowInput): Promise<RecordAttemptsResult> {
  const info = workflowInfo();
  return complianceWriteActivities().recordAttempts({
    requestId: info.workflowId, actor: input.actor, at: new Date(info.startTime).toISOString(), source: input.source, attempts: input.attempts,
  });
}
