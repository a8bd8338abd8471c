// MonitorWorkflow: one pass of the monitor, started every minute by the contacts-monitor schedule on the monitor
// task queue (served by `npm run monitor`, a process apart from the workers it watches): failed workflows, missed
// schedule runs, task queues without a worker. The checks run side by side; one failing does not stop the others,
// and a pass that had a failing check fails, which the next pass's scan reports.
import { ApplicationFailure } from '@temporalio/workflow';
import type { CheckSchedulesInput, MonitorCheckResult, ResendPendingInput, ScanFailuresInput, WatchQueuesInput } from '../activities/alerts/monitor-activities';
import { monitorActivities } from './activity-proxies';

export interface MonitorInput {
  watch: WatchQueuesInput;
  schedules: CheckSchedulesInput;
  failures?: ScanFailuresInput;
  pending?: ResendPendingInput;
}

export interface MonitorResult {
  failures: MonitorCheckResult | null;
  schedules: MonitorCheckResult | null;
  watch: MonitorCheckResult | null;
  /** Alerts a channel had refused, sent again. */
  pending: MonitorCheckResult | null;
  errors: string[];
}

export async function monitorWorkflow(input: MonitorInput): Promise<MonitorResult> {
  const acts = monitorActivities();
  const [failures, schedules, watch, pending] = await Promise.allSettled([
    acts.scanFailedWorkflows(input.failures ?? {}),
    acts.checkSchedules(input.schedules),
    acts.watchTaskQueues(input.watch),
    acts.resendPendingAlerts(input.pending ?? {}),
  ]);
  const value = (r: PromiseSettledResult<MonitorCheckResult>) => (r.status === 'fulfilled' ? r.value : null);
  const errors = [failures, schedules, watch, pending].flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
  const result = { failures: value(failures), schedules: value(schedules), watch: value(watch), pending: value(pending), errors };
  if (errors.length) throw ApplicationFailure.create({ type: 'MonitorCheckFailed', message: `monitor checks failed: ${errors.join('; ')}`, details: [result], nonRetryable: true });
  return result;
}
