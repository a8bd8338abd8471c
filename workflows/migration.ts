// MigrationWorkflow (id migration-<name>): one child per source, progress per source, pause/resume,
// cancellation between batches, and a reconciliation that fails the migration loudly on any mismatch.
import { ParentClosePolicy, condition, getExternalWorkflowHandle, startChild, isCancellation, setHandler, workflowInfo } from '@temporalio/workflow';
import type { SourceSpec } from '../activities/export/source-spec';
import type { ReconciliationSummary } from '../domain/reconciliation';
import { DEFAULT_BATCH_SIZE, DEFAULT_BATCH_WINDOW, WORKFLOW_IDS } from '../config/constants';
import { reconcileActivities } from './activity-proxies';
import {
  initialSourceProgress, pauseSignal, progressQuery, resumeSignal, sourceProgressSignal, type MigrationProgress, type SourceProgress,
} from './messages';
import { sourceMigrationWorkflow, type SourceMigrationInput } from './source-migration';

export interface MigrationInput {
  name: string;
  sources: Array<{ spec: SourceSpec; mappingJson?: string }>;
  batchSize?: number;
  /** Concurrent batch ingestions per source. */
  window?: number;
  exportChunkBatches?: number;
  historyLimit?: number;
  heartbeatTimeoutSec?: number;
}

export type MigrationResult = ReconciliationSummary;

export async function migrationWorkflow(input: MigrationInput): Promise<MigrationResult> {
  const batchSize = input.batchSize ?? DEFAULT_BATCH_SIZE;
  const window = input.window ?? DEFAULT_BATCH_WINDOW;
  const progress: MigrationProgress = {
    name: input.name,
    paused: false,
    phase: 'running',
    sources: input.sources.map((s, i) => initialSourceProgress(i, s.spec.name, Date.now())),
  };
  const childIds = input.sources.map((_, i) => WORKFLOW_IDS.source(input.name, i + 1));
  setHandler(progressQuery, () => progress);
  setHandler(sourceProgressSignal, (p: SourceProgress) => {
    const current = progress.sources[p.sourceIndex];
    if (current && p.updatedAtMs >= current.updatedAtMs) progress.sources[p.sourceIndex] = p;
  });
  const forward = async (signal: typeof pauseSignal | typeof resumeSignal) => {
    await Promise.all(childIds.map((id) => getExternalWorkflowHandle(id).signal(signal).catch(() => {})));
  };
  setHandler(pauseSignal, async () => {
    progress.paused = true;
    await forward(pauseSignal);
  });
  setHandler(resumeSignal, async () => {
    progress.paused = false;
    await forward(resumeSignal);
  });

  try {
    const results = await Promise.all(
      input.sources.map((s, i) => {
        const childInput: SourceMigrationInput = {
          migrationName: input.name, sourceIndex: i, source: s.spec, batchSize, window, mappingJson: s.mappingJson,
          parentWorkflowId: workflowInfo().workflowId, exportChunkBatches: input.exportChunkBatches, historyLimit: input.historyLimit,
          heartbeatTimeoutSec: input.heartbeatTimeoutSec,
        };
        return (async () => {
          const child = await startChild(sourceMigrationWorkflow, {
            workflowId: childIds[i]!,
            args: [childInput],
            parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
          });
          // A pause that arrived before this child existed could not reach it: deliver it now.
          if (progress.paused) await child.signal(pauseSignal);
          const r = await child.result();
          progress.sources[i] = r;
          return r;
        })();
      }),
    );
    if (progress.paused) await condition(() => !progress.paused);
    progress.phase = 'reconciling';
    const summary = await reconcileActivities.reconcileMigration({
      migrationName: input.name,
      sourceFileIds: results.map((r) => r.sourceFileId!),
    });
    progress.phase = 'done';
    return summary;
  } catch (err) {
    progress.phase = isCancellation(err) ? 'cancelled' : 'failed';
    throw err;
  }
}
