// Signals, queries and the progress shapes shared by the migration workflows and the CLI that watches them.
import { defineQuery, defineSignal } from '@temporalio/workflow';

export interface SourceProgress {
  sourceIndex: number;
  sourceName: string;
  sourceFileId: number | null;
  /** canonical field -> source column, once the source was inspected. */
  mapping: Record<string, string | string[]> | null;
  phase: 'inspecting' | 'running' | 'paused' | 'done' | 'cancelled' | 'failed';
  declaredRows: number | null;
  exportedRows: number;
  batchesExported: number;
  exportDone: boolean;
  batchesDone: number;
  /** Known once export finished; until then an estimate from declared rows. */
  batchesTotal: number | null;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  startedAtMs: number;
  updatedAtMs: number;
  rowsPerSec: number;
}

/** The progress of a source before anything has happened to it. */
export function initialSourceProgress(sourceIndex: number, sourceName: string, nowMs: number): SourceProgress {
  return {
    sourceIndex, sourceName, sourceFileId: null, mapping: null, phase: 'inspecting', declaredRows: null, exportedRows: 0,
    batchesExported: 0, exportDone: false, batchesDone: 0, batchesTotal: null, rowsRead: 0, inserted: 0, updated: 0,
    unchanged: 0, rejected: 0, warnings: 0, startedAtMs: nowMs, updatedAtMs: nowMs, rowsPerSec: 0,
  };
}

export interface MigrationProgress {
  name: string;
  paused: boolean;
  phase: 'running' | 'reconciling' | 'done' | 'failed' | 'cancelled';
  sources: SourceProgress[];
}

export const progressQuery = defineQuery<MigrationProgress>('progress');
export const sourceProgressQuery = defineQuery<SourceProgress>('sourceProgress');
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
export const sourceProgressSignal = defineSignal<[SourceProgress]>('sourceProgressReport');
