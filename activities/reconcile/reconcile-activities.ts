// Activity factory for reconciliation reports.
import type { ActivityDeps } from '../deps';
import { keepAlive } from '../keep-alive';
import { reconcileMigration, type ReconciliationSummary } from './reconcile';

export function createReconcileActivities(deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets'>) {
  return {
    async reconcileMigration(input: { migrationName: string; sourceFileIds: number[] }): Promise<ReconciliationSummary> {
      // Aggregates over every contact can take minutes at 84M rows: heartbeat through them.
      return keepAlive(() => reconcileMigration(deps, input.migrationName));
    },
  };
}
