// What every source kind offers the export loop: schema inspection results and a cursor-positioned row reader.
import type { ColumnMapping } from '../../domain/column-mapping';
import type { ExportCursor } from './export-contract';

/** Inspection of one source, before the mapping is resolved. */
export interface InspectedSource {
  /** Resolved table for MySQL/SQLite. */
  table?: string;
  columns: string[];
  declaredRows: number;
  /** JSON consistency marker stored in source_files.snapshot_marker. */
  marker: string;
  /** Kind-specific checks of the resolved mapping (e.g. MySQL column types); throws SourceSchemaError. */
  checkMapping(mapping: ColumnMapping): void;
}

export interface ReadBatchResult {
  rows: number;
  /** Position after the last row read. */
  cursor: ExportCursor;
  /** True when the reader knows no row is left. */
  exhausted: boolean;
}

export interface SourceReader {
  /** Reads up to `limit` rows in source order, handing each canonical row to `emit`. */
  readBatch(limit: number, emit: (row: string[]) => Promise<void>): Promise<ReadBatchResult>;
  /** Whether any row is left after the current position. */
  hasMore(): Promise<boolean>;
  close(): Promise<void>;
  /** Ends a read that may wait without bound (a network source) when the activity is cancelled; it then fails. */
  abort?(reason: unknown): void;
}
