// Builds every activity from injected clients; the worker registers the result.
import type { ActivityDeps } from './deps';
import { createHelloActivities } from './hello';
import { createExportActivities } from './export/export-activities';
import { createIngestActivities } from './ingest/ingest-activities';
import { createReconcileActivities } from './reconcile/reconcile-activities';
import { createSnapshotActivities } from './snapshots/snapshot-activities';
import { loadConfig } from '../config/env';
import { createAttemptActivities } from './compliance/attempt-activities';
import { createRegistryActivities } from './compliance/registry-activities';
import { createRegistryRetentionActivities } from './compliance/registry-retention';
import { createScrubActivities } from './compliance/scrub-activities';
import { createSuppressionActivities } from './compliance/suppression-activities';
import { createMonitorActivities } from './alerts/monitor-activities';
import { createDashboardActivities } from './dashboard/refresh-activities';
import { createDedupeActivities } from './dedupe/dedupe-activities';

export function createActivities(deps: ActivityDeps) {
  return {
    ...createHelloActivities(deps),
    ...createExportActivities(deps),
    ...createIngestActivities(deps),
    ...createReconcileActivities(deps),
    ...createSnapshotActivities({ ...deps, config: deps.config ?? loadConfig() }),
    ...createAttemptActivities(deps),
    ...createRegistryActivities(deps),
    ...createRegistryRetentionActivities(deps),
    ...createScrubActivities(deps),
    ...createSuppressionActivities(deps),
    ...createMonitorActivities(deps),
    ...createDashboardActivities(deps),
    ...createDedupeActivities(deps),
  };
}
