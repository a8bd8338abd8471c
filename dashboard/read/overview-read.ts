// The overview's reads: headline counts and the state breakdown from the summary tables (refreshed in the
// background), migrations with their per-source reconciliation, recent batches and ingestion rates from the
// ingestion tables (small: one row per source and per 100k-row batch, so read live).
import { sourceProblems } from '../../domain/reconciliation';
import { selectRows, type ReadPool, type RequestTimings } from './read-pool';

export interface OverviewSummary {
  counts: Record<string, number>;
  states: Array<{ state: string; contacts: number }>;
}

export async function readOverviewSummary(pool: ReadPool, t?: RequestTimings): Promise<OverviewSummary> {
  const [metrics, states] = await Promise.all([
    selectRows<{ metric: string; value: number }>(pool, 'SELECT metric, value FROM dash_overview', [], t),
    selectRows<{ state: string; contacts: number }>(pool, 'SELECT state, contacts FROM dash_state_counts ORDER BY contacts DESC, state LIMIT 60', [], t),
  ]);
  return {
    counts: Object.fromEntries(metrics.map((m) => [m.metric, Number(m.value)])),
    states: states.map((s) => ({ state: s.state, contacts: Number(s.contacts) })),
  };
}

export interface SourceRow {
  sourceFileId: number;
  sourceName: string;
  sourceKind: string;
  status: string;
  declaredRows: number | null;
  exportedRows: number | null;
  batchCount: number | null;
  batchesIngested: number;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  rejectRate: number;
  problems: string[];
}

export interface MigrationRow {
  name: string;
  startedAt: string;
  reportStatus: 'ok' | 'mismatch' | null;
  reportedAt: string | null;
  sources: SourceRow[];
}

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const nn = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The latest `limit` migrations, each source with its reconciliation figures and whether they add up. */
export async function readMigrations(pool: ReadPool, limit: number, t?: RequestTimings): Promise<MigrationRow[]> {
  const sources = await selectRows<Record<string, unknown>>(pool, `
    SELECT s.id, s.migration_name, s.source_name, s.source_kind, s.status, s.declared_rows, s.exported_rows, s.batch_count,
           s.created_at, COUNT(b.id) AS batches, SUM(b.rows_read) AS rows_read, SUM(b.inserted) AS inserted,
           SUM(b.updated) AS updated, SUM(b.unchanged) AS unchanged, SUM(b.rejected) AS rejected, SUM(b.warnings) AS warnings,
           SUM(b.rows_read <> b.inserted + b.updated + b.unchanged + b.rejected) AS unbalanced
    FROM source_files s
    JOIN (SELECT migration_name FROM source_files GROUP BY migration_name ORDER BY MAX(id) DESC LIMIT ?) m ON m.migration_name = s.migration_name
    LEFT JOIN import_batches b ON b.source_file_id = s.id
    GROUP BY s.id ORDER BY s.id`, [limit], t);
  const reports = await selectRows<{ migration_name: string; status: 'ok' | 'mismatch'; created_at: string }>(pool, `
    SELECT r.migration_name, r.status, r.created_at FROM reconciliation_reports r
    JOIN (SELECT MAX(id) AS id FROM reconciliation_reports GROUP BY migration_name) l ON l.id = r.id`, [], t);
  const reportOf = new Map(reports.map((r) => [r.migration_name, r]));
  const byName = new Map<string, MigrationRow>();
  for (const s of sources) {
    const name = String(s.migration_name);
    let m = byName.get(name);
    if (!m) {
      const report = reportOf.get(name);
      m = { name, startedAt: String(s.created_at), reportStatus: report?.status ?? null, reportedAt: report?.created_at ?? null, sources: [] };
      byName.set(name, m);
    }
    const row = {
      sourceFileId: Number(s.id), sourceName: String(s.source_name), declaredRows: nn(s.declared_rows), exportedRows: nn(s.exported_rows),
      batchCount: nn(s.batch_count), batchesIngested: n(s.batches), rowsRead: n(s.rows_read), inserted: n(s.inserted), updated: n(s.updated),
      unchanged: n(s.unchanged), rejected: n(s.rejected), rejectedRowsStored: n(s.rejected), warnings: n(s.warnings), unbalancedBatches: n(s.unbalanced),
    };
    // The rejected-rows-stored check needs batch_errors; the reconciliation report (reportStatus) holds that verdict.
    const problems = s.status === 'ingested' || s.status === 'failed' ? sourceProblems(row) : [];
    m.sources.push({ ...row, sourceKind: String(s.source_kind), status: String(s.status), rejectRate: row.rowsRead ? row.rejected / row.rowsRead : 0, problems });
  }
  return [...byName.values()].sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
}

export interface BatchRow {
  id: number;
  migration: string;
  source: string;
  batchNo: number;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  errorSummary: unknown;
  importedAt: string;
  durationMs: number;
  rowsPerSec: number;
}

export async function readRecentBatches(pool: ReadPool, limit: number, t?: RequestTimings): Promise<BatchRow[]> {
  const rows = await selectRows<Record<string, unknown>>(pool, `
    SELECT b.id, s.migration_name, s.source_name, b.batch_no, b.rows_read, b.inserted, b.updated, b.unchanged, b.rejected,
           b.warnings, b.error_summary, b.imported_at, b.duration_ms
    FROM import_batches b JOIN source_files s ON s.id = b.source_file_id
    ORDER BY b.id DESC LIMIT ?`, [limit], t);
  return rows.map((r) => ({
    id: Number(r.id), migration: String(r.migration_name), source: String(r.source_name), batchNo: Number(r.batch_no),
    rowsRead: n(r.rows_read), inserted: n(r.inserted), updated: n(r.updated), unchanged: n(r.unchanged), rejected: n(r.rejected),
    warnings: n(r.warnings), errorSummary: typeof r.error_summary === 'string' ? JSON.parse(r.error_summary) : r.error_summary ?? null,
    importedAt: String(r.imported_at), durationMs: n(r.duration_ms),
    rowsPerSec: n(r.duration_ms) > 0 ? Math.round((n(r.rows_read) * 1000) / n(r.duration_ms)) : 0,
  }));
}
