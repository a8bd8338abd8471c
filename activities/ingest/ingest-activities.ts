// Activity factory for batch ingestion: wires heartbeats and cancellation into the pure-ish ingest transaction.
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from '../deps';
import { pauseBeforeCommit } from '../fault-hook';
import { heartbeatDetails, keepAlive } from '../keep-alive';
import { migrationNameOf } from '../../config/constants';
import { ingestBatch, type IngestBatchInput, type IngestBatchResult } from './ingest-batch';
import { checkBatchAnomaly } from './batch-anomaly-check';

export function createIngestActivities(
  deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets' | 'defaultPhoneRegion' | 'workerIdentity' | 'prepareBatch' | 'metrics' | 'alerts' | 'temporalUiUrl'>,
) {
  return {
    async ingestBatch(input: IngestBatchInput): Promise<IngestBatchResult> {
      const ctx = Context.current();
      // keepAlive heartbeats through one long SQL statement too, so a dead worker is noticed within the timeout.
      const result = await keepAlive(() => ingestBatch(
        { ...deps, pool: pauseBeforeCommit(deps.pool, { batchNo: input.batchNo }), heartbeat: heartbeatDetails, signal: ctx.cancellationSignal },
        { ...input, workflowId: ctx.info.workflowExecution?.workflowId, runId: ctx.info.workflowExecution?.runId, workerIdentity: deps.workerIdentity },
      ));
      ctx.log.info('batch ingested', { sourceFileId: input.sourceFileId, ...result });
      // Counted once: a batch that had already committed (a retry, a re-run) was counted when it committed.
      if (!result.alreadyCommitted) {
        deps.metrics?.recordBatch({ ...result, migration: migrationNameOf(ctx.info.workflowExecution?.workflowId) ?? 'unknown', source: input.sourceName });
      }
      // Checked once per batch (a retry after a crash here checks it then); an alert that cannot be delivered does
      // not hold the migration up: it stays pending in the alerts table and is logged.
      const check = await checkBatchAnomaly({
        pool: deps.pool, alerts: deps.alerts, metrics: deps.metrics, temporalUiUrl: deps.temporalUiUrl, namespace: ctx.info.workflowNamespace,
        onAlertError: (err) => ctx.log.warn('anomaly alert not delivered', { importBatchId: result.importBatchId, error: err.message }),
      }, result.importBatchId);
      if (check.checkedNow && check.anomalies.length) ctx.log.warn('batch anomaly', { importBatchId: result.importBatchId, batchNo: result.batchNo, reasons: check.anomalies.map((a) => a.reason) });
      return result;
    },
  };
}
