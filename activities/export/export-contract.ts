// The typed inputs, outputs and cursors of the export activities: small JSON values a workflow can carry.
import type { ColumnMapping } from '../../domain/column-mapping';
import type { SourceSpec } from './source-spec';

/** MySQL keyset position: last primary key exported (decimal string, exact for BIGINT; null before the first row) and the next 1-based row number. */
export interface MysqlCursor {
  lastPk: string | null;
  nextRowNo: number;
}

/** SQLite position: last rowid exported (decimal string; null before the first row) and the next row number. */
export interface SqliteCursor {
  lastRowid: string | null;
  nextRowNo: number;
}

/** CSV position: a byte offset that is always a record boundary, and the next data-record number. */
export interface CsvCursor {
  byteOffset: number;
  nextRowNo: number;
}

export type ExportCursor = MysqlCursor | SqliteCursor | CsvCursor;

export interface InspectSourceInput {
  migrationName: string;
  source: SourceSpec;
  batchSize: number;
  /** An explicit `--mapping` file's text; its entries override the header-alias matching. */
  mappingJson?: string;
}

export interface InspectSourceResult {
  sourceFileId: number;
  /** The spec with its table resolved (MySQL/SQLite); `name` is the stored source_name. */
  source: SourceSpec;
  /** canonical field → source column actually used (the stored one when the export had already started). */
  mapping: ColumnMapping;
  /** Source columns that feed no canonical field. */
  unmapped: string[];
  /** Rows the export will produce: COUNT(*) up to the high-water mark, or the CSV's data-record count. */
  declaredRows: number | null;
  /** JSON consistency marker: MySQL/SQLite `{table,pk,hwm}`, CSV `{encoding,dataStart,fields,size,version}`. */
  snapshotMarker: string | null;
  /** Every source column name in source order. */
  columns: string[];
  /** The batch size the source is registered with. */
  batchSize: number;
  status: string;
}

export interface ExportChunkInput {
  migrationName: string;
  sourceFileId: number;
  source: SourceSpec;
  batchSize: number;
  /** First batch number to write (1-based). */
  firstBatchNo: number;
  maxBatches: number;
  /** Where the previous chunk stopped; null to start at the first row (only with firstBatchNo 1). */
  cursor: ExportCursor | null;
}

export interface ExportedBatch {
  batchNo: number;
  objectKey: string;
  sha256: string;
  rows: number;
  firstRowNo: number;
  lastRowNo: number;
}

export interface ExportChunkResult {
  batches: ExportedBatch[];
  /** Where the next chunk starts; null when the source is exhausted. */
  cursor: ExportCursor | null;
  done: boolean;
}

export interface FinishExportInput {
  sourceFileId: number;
  /** Optional cross-check; by default the count exportChunk recorded when it reached the end of the source. */
  batchCount?: number;
}

export interface FinishExportResult {
  sourceFileId: number;
  status: string;
  batchCount: number;
  exportedRows: number;
  declaredRows: number | null;
  /** sha256 over the batch objects' sha256 hex digests in batch order, each followed by "\n". */
  checksumSha256: string;
}
