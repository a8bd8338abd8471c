// MigrationWorkflow (id migration-<name>): one child per source, progress per source, pause/resume,
// cancellation between batches, and a reconciliation that fails the migration loudly on any mismatch.
import {
  CancellationScope, ChildWorkflowCancellationType, ParentClosePolicy, condition, getExternalWorkflowHandle, startChild, isCancellation, patched,
  setHandler, workflowInfo,
} from '@temporalio/workflow';
import type { SourceSpec } from '../activities/export/source-spec';
import type { ReconciliationSummary } from '../domain/reconciliation';
import { DEFAULT_BATCH_SIZE, DEFAULT_BATCH_WINDOW, WORKFLOW_IDS } from '../config/constants';
import { reconcileActivities } from './activity-proxies';
import {
  initialSourceProgress, pauseSignal, progressQuery, resumeSignal, sourceProgressSignal, type MigrationProgress, type SourceProgress,
} from './messages';
import { postMigrationWorkflow } from './post-migration';
import { sourceMigrationWorkflow, type SourceMigrationInput, type SourceMigrationResult } from './source-migration';

export interface MigrationInput {
  name: string;
  sources: Array<{ spec: SourceSpec; mappingJson?: string }>;
  batchSize?: number;
  /** Concurrent batch ingestions per source. */
  window?: number;
  exportChunkBatches?: number;
  historyLimit?: number;
  heartbeatTimeoutSec?: number;
  /** Who started it (starters/actor.ts); passed to the post-migration steps. */
  actor?: string;
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
    // The children run in their own scope: a failing source cancels the others, and a cancelled migration
    // cancels them all; either way the migration closes only after every source workflow has closed.
    const children = new CancellationScope();
    const settled = await children.run(() => Promise.allSettled(
      input.sources.map(async (s, i) => {
        const childInput: SourceMigrationInput = {
          migrationName: input.name, sourceIndex: i, source: s.spec, batchSize, window, mappingJson: s.mappingJson,
          parentWorkflowId: workflowInfo().workflowId, exportChunkBatches: input.exportChunkBatches, historyLimit: input.historyLimit,
          heartbeatTimeoutSec: input.heartbeatTimeoutSec,
        };
        try {
          const child = await startChild(sourceMigrationWorkflow, {
            workflowId: childIds[i]!,
            args: [childInput],
            parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
            cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
          });
          // A pause that arrived before this child existed could not reach it: deliver it now.
          if (progress.paused) await child.signal(pauseSignal);
          const r = await child.result();
          progress.sources[i] = r;
          return r;
        } catch (err) {
          if (!isCancellation(err)) children.cancel();
          throw err;
        }
      }),
    ));
    // The cause is the first source that failed on its own, not a sibling it cancelled.
    const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const cause = failures.find((e) => !isCancellation(e)) ?? failures[0];
    if (cause !== undefined) throw cause;
    const results = settled.map((r) => (r as PromiseFulfilledResult<SourceMigrationResult>).value);
    if (progress.paused) await condition(() => !progress.paused);
    progress.phase = 'reconciling';
    const summary = await reconcileActivities(input.heartbeatTimeoutSec).reconcileMigration({
      migrationName: input.name,
      sourceFileIds: results.map((r) => r.sourceFileId!),
    });
    // A reconciled migration sets off the engines' incremental passes (dedupe → scrub → refresh) in their own
    // workflow, which outlives this one: the migration is done once its data is in and accounted for.
    if (patched('post-migration-workflow')) {
      await startChild(postMigrationWorkflow, {
        workflowId: WORKFLOW_IDS.postMigration(input.name),
        args: [{ migrationName: input.name, actor: input.actor ?? 'migration' }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    }
    progress.phase = 'done';
    return summary;
  } catch (err) {
    progress.phase = isCancellation(err) ? 'cancelled' : 'failed';
    throw err;
  }
}
