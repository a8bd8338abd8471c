// The dashboard refresh after a standalone pass (a dedupe pass, a scrub): a child that outlives its parent, so the
// pass's result (and a person waiting on a merge from the page) does not wait for the summaries; its id
// `<pass workflow id>/refresh` is a business key. The post-migration workflow runs its own refresh as its last step.
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { WORKFLOW_IDS } from '../config/constants';
import { dashboardRefreshWorkflow } from './dashboard-refresh';

export async function startRefreshAfter(parentWorkflowId: string, reason: 'dedupe' | 'scrub'): Promise<string> {
  const workflowId = WORKFLOW_IDS.dashboardRefresh(parentWorkflowId);
  await startChild(dashboardRefreshWorkflow, { workflowId, args: [{ reason }], parentClosePolicy: ParentClosePolicy.ABANDON });
  return workflowId;
}
