// The hello workflow: one activity that proves Temporal can reach the database, cache and object store.
import type { HelloInput, HelloResult } from '../activities/hello';
import { helloActivities } from './activity-proxies';

export async function helloWorkflow(input: HelloInput): Promise<HelloResult> {
  return helloActivities.helloStack(input);
}
