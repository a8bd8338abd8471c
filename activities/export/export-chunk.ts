// exportChunk: writes up to maxBatches canonical batch objects from a cursor, heartbeating the cursor after each
// batch so a retry resumes where the last attempt stopped; the same input always yields byte-identical objects.
import { RAW_KEYS } from '../../config/constants';
import { ROWS_PER_SLICE, yieldToEventLoop } from '../event-loop';
import type { ColumnMapping } from '../../domain/column-mapping';
import { faultPoint } from '../fault-hook';
import { heartbeatDetails } from '../keep-alive';
import { lastHeartbeatDetails, logInfo, onCancel, throwIfCancelled } from './activity-progress';
import { putBatchObject } from './batch-object-store';
import { CanonicalBatchWriter } from './canonical-batch-writer';
import { openCsvReader, parseCsvMarker } from './csv-source';
import type { CsvCursor, ExportChunkInput, ExportChunkResult, ExportCursor, ExportedBatch, MysqlCursor, SqliteCursor } from './export-contract';
import type { ExportDeps, ResolvedExportDeps } from './export-deps';
import { openMysqlReader, parseMysqlMarker } from './mysql-source';
import { loadSourceFile, markExporting, recordBatchCount, type SourceFileRow } from './source-files-store';
import { checkBatchSize, classifySourceError, exportFailure } from './source-failure';
import type { SourceReader } from './source-reader';
import { withTable, type SourceSpec } from './source-spec';
import { openSqliteReader, parseSqliteMarker } from './sqlite-source';

/** Heartbeat details: enough for a retry of the same chunk to continue after the last batch it wrote. */
interface ChunkHeartbeat {
  sourceFileId: number;
  firstBatchNo: number;
  batchNo: number;
  batches: ExportedBatch[];
  cursor: ExportCursor;
  exhausted: boolean;
}

function cursorError(spec: SourceSpec, cursor: unknown): never {
  throw exportFailure('ExportInputError', spec.name, `cursor ${JSON.stringify(cursor)} does not fit a ${spec.kind} source`);
}

/** Opens the kind-specific reader at `cursor`, checking the spec is the registered source. */
async function openReader(deps: ResolvedExportDeps, spec: SourceSpec, row: SourceFileRow, mapping: ColumnMapping, cursor: ExportCursor | null): Promise<SourceReader> {
  const sameSource = (name: string) => {
    if (name !== row.sourceName) throw exportFailure('ExportInputError', spec.name, `source file id ${row.id} is ${row.sourceName}, not ${name}`);
  };
  if (spec.kind === 'csv') {
    sameSource(spec.name);
    if (cursor !== null && !('byteOffset' in cursor && Number.isSafeInteger(cursor.byteOffset) && cursor.byteOffset >= 0)) cursorError(spec, cursor);
    return openCsvReader(spec, deps.s3, parseCsvMarker(spec.name, row.snapshotMarker), mapping, cursor as CsvCursor | null);
  }
  if (spec.kind === 'sqlite') {
    const marker = parseSqliteMarker(spec.name, row.snapshotMarker);
    sameSource(withTable(spec, marker.table).name);
    if (cursor !== null && !('lastRowid' in cursor)) cursorError(spec, cursor);
    return openSqliteReader(withTable(spec, marker.table), marker, mapping, cursor as SqliteCursor | null);
  }
  const marker = parseMysqlMarker(spec.name, row.snapshotMarker);
  const resolved = withTable(spec, marker.table);
  sameSource(resolved.name);
  if (cursor !== null && !('lastPk' in cursor)) cursorError(spec, cursor);
  const conn = await deps.openMysql(spec.location);
  try {
    return openMysqlReader(resolved, conn, marker, mapping, cursor as MysqlCursor | null);
  } catch (err) {
    await conn.close();
    throw err;
  }
}

function resumeFrom(input: ExportChunkInput): ChunkHeartbeat | null {
  const hb = lastHeartbeatDetails() as Partial<ChunkHeartbeat> | undefined;
  if (!hb || hb.sourceFileId !== input.sourceFileId || hb.firstBatchNo !== input.firstBatchNo || !Array.isArray(hb.batches)) return null;
  return hb as ChunkHeartbeat;
}

async function checkInput(deps: ExportDeps, input: ExportChunkInput): Promise<{ row: SourceFileRow; mapping: ColumnMapping }> {
  const { source: spec } = input;
  checkBatchSize(spec.name, input.batchSize);
  if (!Number.isInteger(input.firstBatchNo) || input.firstBatchNo < 1 || !Number.isInteger(input.maxBatches) || input.maxBatches < 1) {
    throw exportFailure('ExportInputError', spec.name, `firstBatchNo and maxBatches must be positive integers (got ${input.firstBatchNo}, ${input.maxBatches})`);
  }
  if (input.cursor === null && input.firstBatchNo !== 1) {
    throw exportFailure('ExportInputError', spec.name, `a null cursor starts at the first row, so firstBatchNo must be 1 (got ${input.firstBatchNo})`);
  }
  const expectedRowNo = (input.firstBatchNo - 1) * input.batchSize + 1;
  if (input.cursor !== null && input.cursor.nextRowNo !== expectedRowNo) {
    // Every batch but the last is full, so batch N always starts at row (N-1)*batchSize+1.
    throw exportFailure('ExportInputError', spec.name, `cursor is at row ${input.cursor.nextRowNo} but batch ${input.firstBatchNo} starts at row ${expectedRowNo}`);
  }
  const row = await loadSourceFile(deps.pool, input.sourceFileId);
  if (!row || row.migrationName !== input.migrationName) {
    throw exportFailure('ExportInputError', spec.name, `source file id ${input.sourceFileId} is not registered in migration ${input.migrationName}; run inspectSource first`);
  }
  if (row.batchSize !== input.batchSize) {
    throw exportFailure('ExportInputError', spec.name, `batchSize ${input.batchSize} differs from the ${row.batchSize} the source was registered with`);
  }
  if (!row.mapping) throw exportFailure('ExportInputError', spec.name, `source file id ${row.id} has no stored mapping; run inspectSource first`);
  return { row, mapping: row.mapping };
}

export async function exportChunk(deps: ResolvedExportDeps, input: ExportChunkInput): Promise<ExportChunkResult> {
  const { source: spec, sourceFileId, batchSize } = input;
  const { row, mapping } = await checkInput(deps, input);
  await markExporting(deps.pool, sourceFileId);

  const resumed = resumeFrom(input);
  const batches: ExportedBatch[] = resumed ? [...resumed.batches] : [];
  let cursor: ExportCursor | null = resumed ? resumed.cursor : input.cursor;
  let exhausted = resumed?.exhausted ?? false;
  if (resumed) logInfo('export chunk resumed from heartbeat', { sourceFileId, firstBatchNo: input.firstBatchNo, batchesDone: batches.length });

  if (!exhausted && batches.length < input.maxBatches) {
    let reader: SourceReader;
    try {
      reader = await openReader(deps, spec, row, mapping, cursor);
    } catch (err) {
      throw classifySourceError(spec.name, err);
    }
    // A cancelled attempt (its heartbeat timed out, the worker is shutting down) must end, not wait on a source forever.
    const stopListening = onCancel((reason) => reader.abort?.(reason));
    try {
      while (batches.length < input.maxBatches) {
        throwIfCancelled();
        const batchNo = input.firstBatchNo + batches.length;
        const firstRowNo = cursor?.nextRowNo ?? 1;
        const writer = new CanonicalBatchWriter();
        let emitted = 0;
        const read = await reader.readBatch(batchSize, async (r) => {
          await writer.write(r);
          // better-sqlite3 reads synchronously: without this a chunk would hold the thread for seconds.
          if (++emitted % ROWS_PER_SLICE === 0) {
            await yieldToEventLoop();
            throwIfCancelled();
          }
        });
        const formatted = await writer.finish();
        if (read.rows === 0) {
          exhausted = true;
          break;
        }
        const objectKey = RAW_KEYS.batch(input.migrationName, sourceFileId, batchNo);
        const lastRowNo = read.cursor.nextRowNo - 1;
        await putBatchObject(deps.s3, deps.buckets.raw, objectKey, formatted, firstRowNo, lastRowNo);
        batches.push({ batchNo, objectKey, sha256: formatted.sha256, rows: read.rows, firstRowNo, lastRowNo });
        cursor = read.cursor;
        exhausted = read.exhausted;
        heartbeatDetails({ sourceFileId, firstBatchNo: input.firstBatchNo, batchNo, batches, cursor, exhausted } satisfies ChunkHeartbeat);
        logInfo('export batch written', { sourceFileId, batchNo, rows: read.rows, bytes: formatted.body.length, lastRowNo });
        await faultPoint('export', { sourceFileId, batchNo });
        if (exhausted) break;
      }
      if (!exhausted) exhausted = !(await reader.hasMore());
    } catch (err) {
      throw classifySourceError(spec.name, err);
    } finally {
      stopListening();
      await reader.close();
    }
  }
  if (exhausted) await recordBatchCount(deps.pool, sourceFileId, input.firstBatchNo + batches.length - 1);
  return { batches, cursor: exhausted ? null : cursor, done: exhausted };
}
