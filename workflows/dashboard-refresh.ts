// DashboardRefreshWorkflow: rebuilds the dashboard's summary tables and swaps them in (activities/dashboard/).
// Started by its schedule (starters/schedules.ts), as the post-migration workflow's last step, and after dedupe
// passes and scrubs; its id is a business key, so two starters of the same refresh never run it twice.
import type { RefreshDashboardResult } from '../activities/dashboard/refresh-activities';
import { dashboardActivities } from './activity-proxies';
import { workflowInfo } from '@temporalio/workflow';

export interface DashboardRefreshInput {
  /** schedule | post-migration | dedupe | scrub | manual */
  reason: string;
}

export type DashboardRefreshResult = RefreshDashboardResult;

export async function dashboardRefreshWorkflow(input: DashboardRefreshInput): Promise<DashboardRefreshResult> {
  return dashboardActivities.refreshDashboard({ workflowId: workflowInfo().workflowId, reason: input.reason });
}
