// The export's reads and writes of `source_files`: idempotent registration (never resetting a started export),
// status transitions and the final totals.
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import type { ColumnMapping } from '../../domain/column-mapping';
import type { DbPool } from '../deps';
import type { SourceKind } from './source-spec';

export interface SourceFileRow {
  id: number;
  migrationName: string;
  sourceName: string;
  kind: SourceKind;
  status: string;
  batchSize: number;
  mapping: ColumnMapping | null;
  snapshotMarker: string | null;
  declaredRows: number | null;
  exportedRows: number | null;
  batchCount: number | null;
  checksumSha256: string | null;
}

export interface SourceRegistration {
  migrationName: string;
  sourceName: string;
  kind: SourceKind;
  /** Credentials already redacted. */
  location: string;
  batchSize: number;
  mapping: ColumnMapping;
  snapshotMarker: string;
  declaredRows: number;
}

const nullableNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toRow(r: RowDataPacket): SourceFileRow {
  const mapping = r.mapping_json === null ? null : ((typeof r.mapping_json === 'string' ? JSON.parse(r.mapping_json) : r.mapping_json) as ColumnMapping);
  return {
    id: Number(r.id),
    migrationName: String(r.migration_name),
    sourceName: String(r.source_name),
    kind: String(r.source_kind) as SourceKind,
    status: String(r.status),
    batchSize: Number(r.batch_size),
    mapping,
    snapshotMarker: r.snapshot_marker === null ? null : String(r.snapshot_marker),
    declaredRows: nullableNumber(r.declared_rows),
    exportedRows: nullableNumber(r.exported_rows),
    batchCount: nullableNumber(r.batch_count),
    checksumSha256: r.checksum_sha256 === null ? null : String(r.checksum_sha256),
  };
}

export async function loadSourceFile(pool: DbPool, id: number): Promise<SourceFileRow | null> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM source_files WHERE id = ?', [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

/**
 * Inserts the source (unique per migration and source name) or finds the existing row. A row still in 'registered'
 * (no chunk has run yet) takes the new batch size and mapping, and the new snapshot only when `refreshSnapshot`
 * says the stored one is unusable; a started or finished export keeps everything it was exported with.
 */
export async function registerSourceFile(pool: DbPool, reg: SourceRegistration, refreshSnapshot: (stored: string | null) => boolean): Promise<SourceFileRow> {
  const [ins] = await pool.query<ResultSetHeader>(
    `INSERT INTO source_files (migration_name, source_name, source_kind, location, batch_size, mapping_json, snapshot_marker, declared_rows, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'registered')
     ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)`,
    [reg.migrationName, reg.sourceName, reg.kind, reg.location, reg.batchSize, JSON.stringify(reg.mapping), reg.snapshotMarker, reg.declaredRows],
  );
  const id = Number(ins.insertId);
  const existing = await loadSourceFile(pool, id);
  if (existing?.status === 'registered') {
    const refresh = existing.snapshotMarker !== reg.snapshotMarker && refreshSnapshot(existing.snapshotMarker);
    await pool.query(
      `UPDATE source_files SET location = ?, batch_size = ?, mapping_json = ?, snapshot_marker = IF(?, ?, snapshot_marker), declared_rows = IF(?, ?, declared_rows)
       WHERE id = ? AND status = 'registered'`,
      [reg.location, reg.batchSize, JSON.stringify(reg.mapping), refresh, reg.snapshotMarker, refresh, reg.declaredRows, id],
    );
  }
  const row = await loadSourceFile(pool, id);
  if (!row) throw new Error(`source_files row ${id} vanished right after registration`);
  return row;
}

/** First chunk of an export: from here on the snapshot marker is fixed. */
export async function markExporting(pool: DbPool, id: number): Promise<void> {
  await pool.query("UPDATE source_files SET status = 'exporting' WHERE id = ? AND status = 'registered'", [id]);
}

/** Recorded by the chunk that reached the end of the source, for finishExport to read. */
export async function recordBatchCount(pool: DbPool, id: number, batchCount: number): Promise<void> {
  await pool.query("UPDATE source_files SET batch_count = ? WHERE id = ? AND status IN ('registered', 'exporting')", [batchCount, id]);
}

export async function markExported(pool: DbPool, id: number, totals: { exportedRows: number; batchCount: number; checksumSha256: string }): Promise<void> {
  await pool.query(
    `UPDATE source_files SET exported_rows = ?, batch_count = ?, checksum_sha256 = ?, exported_at = UTC_TIMESTAMP(3), status = 'exported',
       declared_rows = COALESCE(declared_rows, ?)
     WHERE id = ? AND status IN ('registered', 'exporting')`,
    [totals.exportedRows, totals.batchCount, totals.checksumSha256, totals.exportedRows, id],
  );
}
