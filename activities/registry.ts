// Builds every activity from injected clients; the worker registers the result.
import type { ActivityDeps } from './deps';
import { createHelloActivities } from './hello';
import { createExportActivities } from './export/export-activities';
import { createIngestActivities } from './ingest/ingest-activities';
import { createReconcileActivities } from './reconcile/reconcile-activities';
import { createAttemptActivities } from './compliance/attempt-activities';
import { createMonitorActivities } from './alerts/monitor-activities';

export function createActivities(deps: ActivityDeps) {
  return {
    ...createHelloActivities(deps),
    ...createExportActivities(deps),
    ...createIngestActivities(deps),
    ...createReconcileActivities(deps),
    ...createAttemptActivities(deps),
    ...createMonitorActivities(deps),
  };
}
