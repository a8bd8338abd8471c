// finishExport: totals an export from what it left behind (the batch count in source_files, each object's
// metadata in S3), checks the row ranges are contiguous, and marks the source exported; idempotent.
import { createHash } from 'node:crypto';
import { RAW_KEYS } from '../../config/constants';
import { logInfo, logWarn } from './activity-progress';
import { headBatchObject, type BatchObjectInfo } from './batch-object-store';
import type { FinishExportInput, FinishExportResult } from './export-contract';
import type { ExportDeps } from './export-deps';
import { loadSourceFile, markExported, type SourceFileRow } from './source-files-store';
import { exportFailure } from './source-failure';

const HEAD_CONCURRENCY = 16;

function result(row: SourceFileRow): FinishExportResult {
  return {
    sourceFileId: row.id,
    status: row.status,
    batchCount: row.batchCount ?? 0,
    exportedRows: row.exportedRows ?? 0,
    declaredRows: row.declaredRows,
    checksumSha256: row.checksumSha256 ?? '',
  };
}

async function headAll(deps: ExportDeps, row: SourceFileRow, batchCount: number): Promise<BatchObjectInfo[]> {
  const infos = new Array<BatchObjectInfo>(batchCount);
  let next = 1;
  const worker = async () => {
    while (next <= batchCount) {
      const batchNo = next++;
      const key = RAW_KEYS.batch(row.migrationName, row.id, batchNo);
      const info = await headBatchObject(deps.s3, deps.buckets.raw, key);
      if (!info) throw exportFailure('ExportIntegrityError', row.sourceName, `batch object ${key} is missing; export the source again`);
      infos[batchNo - 1] = info;
    }
  };
  await Promise.all(Array.from({ length: Math.min(HEAD_CONCURRENCY, batchCount) }, worker));
  return infos;
}

export async function finishExport(deps: ExportDeps, input: FinishExportInput): Promise<FinishExportResult> {
  const row = await loadSourceFile(deps.pool, input.sourceFileId);
  if (!row) throw exportFailure('ExportInputError', `#${input.sourceFileId}`, 'is not registered; run inspectSource first');
  if (row.status !== 'registered' && row.status !== 'exporting') return result(row); // already finished: nothing to redo

  const batchCount = row.batchCount ?? input.batchCount;
  if (batchCount === undefined || batchCount === null) {
    throw exportFailure('ExportInputError', row.sourceName, 'has not been exported to the end yet (no batch count recorded); finish the export chunks first');
  }
  if (input.batchCount !== undefined && input.batchCount !== batchCount) {
    throw exportFailure('ExportIntegrityError', row.sourceName, `export recorded ${batchCount} batches but ${input.batchCount} were reported`);
  }
  const infos = await headAll(deps, row, batchCount);
  let expectedFirst = 1;
  let exportedRows = 0;
  const digest = createHash('sha256');
  infos.forEach((info, i) => {
    if (info.firstRowNo !== expectedFirst || info.lastRowNo - info.firstRowNo + 1 !== info.rows) {
      throw exportFailure('ExportIntegrityError', row.sourceName,
        `batch ${i + 1} covers rows ${info.firstRowNo}-${info.lastRowNo} (${info.rows} rows) but row ${expectedFirst} was expected next`);
    }
    expectedFirst = info.lastRowNo + 1;
    exportedRows += info.rows;
    digest.update(`${info.sha256}\n`);
  });
  const checksumSha256 = digest.digest('hex');
  await markExported(deps.pool, row.id, { exportedRows, batchCount, checksumSha256 });
  const done = await loadSourceFile(deps.pool, row.id);
  if (!done) throw new Error(`source_files row ${row.id} vanished while finishing its export`);
  if (done.declaredRows !== null && done.declaredRows !== done.exportedRows) {
    // MySQL/SQLite rows deleted after inspection; the reconciliation report flags it too.
    logWarn('exported rows differ from declared rows', { sourceFileId: row.id, source: row.sourceName, declaredRows: done.declaredRows, exportedRows: done.exportedRows });
  }
  logInfo('source exported', { sourceFileId: row.id, source: row.sourceName, batchCount, exportedRows, checksumSha256 });
  return result(done);
}
