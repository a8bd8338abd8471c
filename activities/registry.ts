// Builds every activity from injected clients; the worker registers the result.
import type { ActivityDeps } from './deps';
import { createHelloActivities } from './hello';

export function createActivities(deps: ActivityDeps) {
  return {
    ...createHelloActivities(deps),
  };
}
