// RegistryPruneWorkflow: deletes the registry copies superseded longer ago than the retention (5 years by default;
// TCPA claims run 4) from the object store, keeping their rows marked pruned. Weekly schedule in starters/schedules.ts.
import { workflowInfo } from '@temporalio/workflow';
import type { PruneRegistryResult } from '../activities/compliance/registry-retention';
import { registryRetentionActivities } from './activity-proxies';

export interface RegistryPruneInput {
  retentionDays: number;
}

export async function registryPruneWorkflow(input: RegistryPruneInput): Promise<PruneRegistryResult> {
  return registryRetentionActivities().pruneRegistry({ at: new Date(workflowInfo().startTime).toISOString(), retentionDays: input.retentionDays });
}
