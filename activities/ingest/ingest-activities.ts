// Activity factory for batch ingestion: wires heartbeats into the pure-ish ingest transaction.
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from '../deps';
import { ingestBatch, type IngestBatchInput, type IngestBatchResult } from './ingest-batch';

export function createIngestActivities(deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets' | 'defaultPhoneRegion' | 'workerIdentity'>) {
  return {
    async ingestBatch(input: IngestBatchInput): Promise<IngestBatchResult> {
      const ctx = Context.current();
      const result = await ingestBatch(
        { ...deps, heartbeat: (d) => ctx.heartbeat(d) },
        { ...input, workflowId: ctx.info.workflowExecution?.workflowId, runId: ctx.info.workflowExecution?.runId, workerIdentity: deps.workerIdentity },
      );
      ctx.log.info('batch ingested', { sourceFileId: input.sourceFileId, ...result });
      return result;
    },
  };
}
