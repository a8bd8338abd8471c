// RegistryLoadWorkflow (id registry-<kind>[-<state>]-<sha256>): loads one raw-zone file as a registry copy. The id is
// the file's checksum, so the same file started twice is one load, and a loaded copy is recognised by its checksum.
import { workflowInfo } from '@temporalio/workflow';
import type { RegistryLoadInput, RegistryLoadResult } from '../activities/compliance/registry-activities';
import { registryActivities } from './activity-proxies';

export type RegistryLoadWorkflowInput = Omit<RegistryLoadInput, 'workflowId'>;

export async function registryLoadWorkflow(input: RegistryLoadWorkflowInput): Promise<RegistryLoadResult> {
  return registryActivities().loadRegistryFile({ ...input, workflowId: workflowInfo().workflowId });
}
