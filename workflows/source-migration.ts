// One source of a migration: export it to the raw zone in chunks while a sliding window of batch
// ingestions runs behind; carries small state across continue-as-new; pause, resume and cancel stop
// between batches so every committed batch stays intact.
import {
  ApplicationFailure, CancellationScope, condition, continueAsNew, getExternalWorkflowHandle, isCancellation, setHandler, workflowInfo,
} from '@temporalio/workflow';
import type { SourceSpec } from '../activities/export/source-spec';
import type { ExportCursor } from '../activities/export/export-activities';
import type { IngestBatchResult } from '../activities/ingest/ingest-batch';
import { RAW_KEYS } from '../config/constants';
import { batchActivities, inspectActivities } from './activity-proxies';
import { initialSourceProgress, pauseSignal, resumeSignal, sourceProgressQuery, sourceProgressSignal, type SourceProgress } from './messages';

export interface SourceMigrationInput {
  migrationName: string;
  sourceIndex: number;
  source: SourceSpec;
  batchSize: number;
  window: number;
  mappingJson?: string;
  parentWorkflowId?: string;
  /** Batches exported per export activity (keeps each activity short and lets ingestion start early). */
  exportChunkBatches?: number;
  /** Carried across continue-as-new. */
  state?: SourceMigrationState;
  /** Continue-as-new after this many history events (tests set it low). */
  historyLimit?: number;
  /** Heartbeat timeout of export and ingest activities (tests set it low). */
  heartbeatTimeoutSec?: number;
}

export interface SourceMigrationState {
  sourceFileId: number;
  /** The source as inspect resolved it (table filled in); its name keys rows without email or phone. */
  source: SourceSpec;
  cursor: ExportCursor | null;
  nextExportBatch: number;
  exportDone: boolean;
  nextIngestBatch: number;
  /** Exported but not yet ingested: batch number -> sha256. Bounded by the export look-ahead. */
  pending: Record<string, string>;
  paused: boolean;
  progress: SourceProgress;
}

export type SourceMigrationResult = SourceProgress;

/** What a failed source reports, so the CLI and the UI name the source and batch without reading the history. */
export interface SourceFailureDetails {
  sourceName: string;
  activity: 'inspectSource' | 'exportChunk' | 'finishExport' | 'ingestBatch';
  /** The batch, or the first of the batches an export chunk was writing. */
  batchNo: number | null;
}

function rootCause(err: Error): Error {
  let e = err;
  while (e.cause instanceof Error) e = e.cause;
  return e;
}

/**
 * The failure a source ends with when an activity fails: type SourceMigrationFailed, its message and details name
 * the source, activity and batch, and the activity's failure (ActivityFailure → ApplicationFailure) is its cause.
 * A cancellation passes through unchanged.
 */
function sourceFailure(err: unknown, where: SourceFailureDetails): unknown {
  if (isCancellation(err) || !(err instanceof Error)) return err;
  const batch = where.batchNo === null ? '' : `, batch ${where.batchNo}`;
  return ApplicationFailure.create({
    type: 'SourceMigrationFailed',
    message: `source ${where.sourceName}${batch}: ${where.activity} failed: ${rootCause(err).message}`,
    details: [where],
    nonRetryable: true,
    cause: err,
  });
}

export async function sourceMigrationWorkflow(input: SourceMigrationInput): Promise<SourceMigrationResult> {
  const chunk = input.exportChunkBatches ?? Math.max(2, input.window);
  const historyLimit = input.historyLimit ?? 8000;
  const acts = batchActivities(input.heartbeatTimeoutSec);
  const inspect = inspectActivities(input.heartbeatTimeoutSec);
  let state: SourceMigrationState;
  if (input.state) {
    state = input.state;
  } else {
    const progress = initialSourceProgress(input.sourceIndex, input.source.name, Date.now());
    setHandler(sourceProgressQuery, () => progress);
    const inspected = await inspect.inspectSource({
      migrationName: input.migrationName, source: input.source, batchSize: input.batchSize, mappingJson: input.mappingJson,
    }).catch((err: unknown) => {
      throw sourceFailure(err, { sourceName: input.source.name, activity: 'inspectSource', batchNo: null });
    });
    progress.sourceFileId = inspected.sourceFileId;
    progress.declaredRows = inspected.declaredRows;
    progress.batchesTotal = inspected.declaredRows === null ? null : Math.ceil(inspected.declaredRows / input.batchSize);
    progress.phase = 'running';
    progress.mapping = inspected.mapping as Record<string, string | string[]>;
    progress.sourceName = inspected.source.name;
    state = { sourceFileId: inspected.sourceFileId, source: inspected.source, cursor: null, nextExportBatch: 1, exportDone: false, nextIngestBatch: 1, pending: {}, paused: false, progress };
  }
  const progress = state.progress;
  setHandler(sourceProgressQuery, () => progress);
  setHandler(pauseSignal, () => {
    state.paused = true;
    progress.phase = 'paused';
  });
  setHandler(resumeSignal, () => {
    state.paused = false;
    progress.phase = 'running';
  });

  const report = async () => {
    progress.updatedAtMs = Date.now();
    const seconds = (progress.updatedAtMs - progress.startedAtMs) / 1000;
    progress.rowsPerSec = seconds > 0 ? Math.round(progress.rowsRead / seconds) : 0;
    if (input.parentWorkflowId) {
      await getExternalWorkflowHandle(input.parentWorkflowId).signal(sourceProgressSignal, { ...progress }).catch(() => {});
    }
  };

  let exportInFlight: Promise<void> | null = null;
  const ingestInFlight = new Map<number, Promise<void>>();
  let failure: unknown = null;
  /** Bumped whenever an activity settles, so the loop wakes up exactly then. */
  let tick = 0;

  const startExport = () => {
    const firstBatchNo = state.nextExportBatch;
    exportInFlight = CancellationScope.nonCancellable(() =>
      acts.exportChunk({
        migrationName: input.migrationName, sourceFileId: state.sourceFileId, source: state.source, batchSize: input.batchSize,
        firstBatchNo, maxBatches: chunk, cursor: state.cursor,
      }),
    ).then(async (res) => {
      for (const b of res.batches) {
        state.pending[String(b.batchNo)] = b.sha256;
        progress.exportedRows += b.rows;
        progress.batchesExported += 1;
      }
      state.nextExportBatch = firstBatchNo + res.batches.length;
      state.cursor = res.cursor;
      if (res.done) {
        await CancellationScope.nonCancellable(() => inspect.finishExport({ sourceFileId: state.sourceFileId })).catch((err: unknown) => {
          throw sourceFailure(err, { sourceName: state.source.name, activity: 'finishExport', batchNo: null });
        });
        state.exportDone = true;
        progress.exportDone = true;
        progress.batchesTotal = state.nextExportBatch - 1;
      }
    }, (err: unknown) => {
      throw sourceFailure(err, { sourceName: state.source.name, activity: 'exportChunk', batchNo: firstBatchNo });
    }).catch((err: unknown) => {
      failure ??= err;
    }).finally(() => {
      exportInFlight = null;
      tick += 1;
    });
  };

  const startIngest = (batchNo: number) => {
    const sha = state.pending[String(batchNo)]!;
    const p = CancellationScope.nonCancellable(() =>
      acts.ingestBatch({
        sourceFileId: state.sourceFileId, sourceName: state.source.name, batchNo,
        objectKey: RAW_KEYS.batch(input.migrationName, state.sourceFileId, batchNo), objectSha256: sha,
      }),
    ).then(async (r: IngestBatchResult) => {
      delete state.pending[String(batchNo)];
      progress.batchesDone += 1;
      progress.rowsRead += r.rowsRead;
      progress.inserted += r.inserted;
      progress.updated += r.updated;
      progress.unchanged += r.unchanged;
      progress.rejected += r.rejected;
      progress.warnings += r.warnings;
      await report();
    }, (err: unknown) => {
      failure ??= sourceFailure(err, { sourceName: state.source.name, activity: 'ingestBatch', batchNo });
    }).finally(() => {
      ingestInFlight.delete(batchNo);
      tick += 1;
    });
    ingestInFlight.set(batchNo, p);
  };

  const allDone = () => state.exportDone && state.nextIngestBatch >= state.nextExportBatch && ingestInFlight.size === 0;
  const drain = async () => {
    await Promise.all([...ingestInFlight.values(), ...(exportInFlight ? [exportInFlight] : [])]);
  };

  try {
    for (;;) {
      if (failure) throw failure;
      if (allDone()) break;
      if (workflowInfo().historyLength > historyLimit || workflowInfo().continueAsNewSuggested) {
        await drain();
        if (failure) throw failure;
        return await continueAsNew<typeof sourceMigrationWorkflow>({ ...input, state });
      }
      await condition(() => !state.paused || failure !== null);
      if (failure) throw failure;
      const lookahead = input.window * 2;
      if (!exportInFlight && !state.exportDone && state.nextExportBatch - state.nextIngestBatch < lookahead) startExport();
      while (ingestInFlight.size < input.window && state.nextIngestBatch < state.nextExportBatch && !state.paused) {
        startIngest(state.nextIngestBatch);
        state.nextIngestBatch += 1;
      }
      const seen = tick;
      await condition(() => tick !== seen || failure !== null);
    }
  } catch (err) {
    await drain();
    progress.phase = isCancellation(err) ? 'cancelled' : 'failed';
    await CancellationScope.nonCancellable(report);
    throw err;
  }
  progress.phase = 'done';
  await report();
  return progress;
}
