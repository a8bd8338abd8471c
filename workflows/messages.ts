// Signals, queries and the progress shapes shared by the migration workflows and the CLI that watches them.
import { defineQuery, defineSignal } from '@temporalio/workflow';

export interface SourceProgress {
  sourceIndex: number;
  sourceName: string;
  sourceFileId: number | null;
  /** canonical field -> source column, once the source was inspected. */
  mapping: Record<string, string> | null;
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
