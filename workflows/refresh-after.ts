// The dashboard refresh after a standalone pass (a dedupe pass, a scrub): a child that outlives its parent, so the
// pass's result (and a person waiting on a merge from the page) does not wait for the summaries. Passes share one
// refresh id: while one such refresh runs (or waits for the refresh lock) a later pass does not queue another — each
// waiting refresh would hold an activity slot and a connection — and the running one, or the hourly schedule, takes
// its changes. The post-migration workflow runs its own refresh as its last step.
import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { WORKFLOW_IDS } from '../config/constants';
import { dashboardRefreshWorkflow } from './dashboard-refresh';

export async function startRefreshAfter(reason: 'dedupe' | 'scrub'): Promise<string> {
  const workflowId = WORKFLOW_IDS.dashboardRefreshAfterPass(workflowInfo().taskQueue);
  try {
    await startChild(dashboardRefreshWorkflow, { workflowId, args: [{ reason }], parentClosePolicy: ParentClosePolicy.ABANDON });
  } catch (err) {
    if (!(err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError')) throw err;
  }
  return workflowId;
}
