// The source-export activities (Migration Phase A) built from injected clients: inspect, export in chunks, finish.
import type {
  ExportChunkInput, ExportChunkResult, FinishExportInput, FinishExportResult, InspectSourceInput, InspectSourceResult,
} from './export-contract';
import { exportChunk } from './export-chunk';
import { finishExport } from './finish-export';
import type { ExportDeps } from './export-deps';
import { inspectSource } from './inspect-source';
import { openMysqlSource } from './mysql-connection';
import { keepAlive } from '../keep-alive';

export type {
  ExportChunkInput, ExportChunkResult, ExportCursor, FinishExportInput, FinishExportResult, InspectSourceInput, InspectSourceResult,
} from './export-contract';
export type { ExportDeps } from './export-deps';

/** Each activity heartbeats while it runs (keepAlive), so a worker lost mid-way is replaced within the heartbeat timeout. */
export function createExportActivities(deps: ExportDeps) {
  const full = { ...deps, openMysql: deps.openMysql ?? openMysqlSource };
  return {
    /** Validates the source schema and mapping, fixes the snapshot point, registers the source; before any batch. */
    async inspectSource(input: InspectSourceInput): Promise<InspectSourceResult> {
      return keepAlive(() => inspectSource(full, input));
    },
    /** Writes up to `maxBatches` batch objects from `cursor`; `cursor: null, done: true` once the source is exhausted. */
    async exportChunk(input: ExportChunkInput): Promise<ExportChunkResult> {
      return keepAlive(() => exportChunk(full, input));
    },
    /** Records exported rows, batch count and checksum from the objects' metadata; marks the source exported. */
    async finishExport(input: FinishExportInput): Promise<FinishExportResult> {
      return keepAlive(() => finishExport(full, input));
    },
  };
}
