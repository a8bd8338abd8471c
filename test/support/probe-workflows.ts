// Test-only workflow: calls one activity through the real proxies of workflows/activity-proxies.ts (their timeouts and
// retry policy), so a test can pair it with activities that throw and read the attempts from the history.
import { batchActivities, inspectActivities, reconcileActivities } from '../../workflows/activity-proxies';

export type ProbedActivity = 'inspectSource' | 'finishExport' | 'exportChunk' | 'ingestBatch' | 'reconcileMigration';

export async function probeActivityWorkflow(activity: ProbedActivity, arg: unknown): Promise<unknown> {
  const proxies = { ...inspectActivities(), ...batchActivities(), ...reconcileActivities() } as Record<ProbedActivity, (a: never) => Promise<unknown>>;
  return proxies[activity](arg as never);
}
