// Activity factory for reconciliation reports.
import type { ActivityDeps } from '../deps';
import { reconcileMigration, type ReconciliationSummary } from './reconcile';

export function createReconcileActivities(deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets'>) {
  return {
    async reconcileMigration(input: { migrationName: string; sourceFileIds: number[] }): Promise<ReconciliationSummary> {
      return reconcileMigration(deps, input.migrationName);
    },
  };
}
