// Activity factory for batch ingestion: wires heartbeats into the pure-ish ingest transaction.
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from '../deps';
import { pauseBeforeCommit } from '../fault-hook';
import { ingestBatch, type IngestBatchInput, type IngestBatchResult } from './ingest-batch';

export function createIngestActivities(deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets' | 'defaultPhoneRegion' | 'workerIdentity' | 'prepareBatch'>) {
  return {
    async ingestBatch(input: IngestBatchInput): Promise<IngestBatchResult> {
      const ctx = Context.current();
      // Keep heartbeating while one long SQL statement runs, so a dead worker is noticed within the timeout.
      let last: unknown = { step: 'start' };
      const everyMs = Math.max(1000, Math.min(10_000, (ctx.info.heartbeatTimeoutMs ?? 30_000) / 3));
      const timer = setInterval(() => ctx.heartbeat(last), everyMs);
      let result: IngestBatchResult;
      try {
        result = await ingestBatch(
          { ...deps, pool: pauseBeforeCommit(deps.pool, { batchNo: input.batchNo }), heartbeat: (d) => ctx.heartbeat((last = d)), signal: ctx.cancellationSignal },
          { ...input, workflowId: ctx.info.workflowExecution?.workflowId, runId: ctx.info.workflowExecution?.runId, workerIdentity: deps.workerIdentity },
        );
      } finally {
        clearInterval(timer);
      }
      ctx.log.info('batch ingested', { sourceFileId: input.sourceFileId, ...result });
      return result;
    },
  };
}
