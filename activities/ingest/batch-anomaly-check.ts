// After a batch commits: compares it with its source's history (domain/batch-anomaly.ts), flags it in import_batches
// with the reason, counts it and alerts. Idempotent: a checked batch is not checked again, and a flagged batch's alert
// goes through the sink, which sends a key once (a retry after a crash between the flag and the alert still alerts).
import type { RowDataPacket } from 'mysql2';
import { batchFigures, detectAnomalies, type Anomaly, type FigureName } from '../../domain/batch-anomaly';
import type { AlertSink } from '../alerts/alert-sink';
import { temporalUiLink } from '../alerts/alert-sink';
import type { DbPool } from '../deps';
import type { ProjectMetrics } from '../../metrics/project-metrics';

/** Earlier batches compared with: enough for a stable median, bounded so the query stays small. */
const HISTORY_LIMIT = 200;

export interface AnomalyCheckDeps {
  pool: DbPool;
  alerts?: AlertSink;
  metrics?: ProjectMetrics;
  temporalUiUrl?: string;
  namespace?: string;
  /** Where an alert that could not be delivered is reported (it stays pending in `alerts`). */
  onAlertError?: (err: Error) => void;
}

export interface AnomalyCheckResult {
  importBatchId: number;
  anomalies: Array<{ metric: string; reason: string }>;
  /** False when the batch had been checked before (this call changed nothing). */
  checkedNow: boolean;
}

const BATCH = `SELECT ib.id, ib.batch_no, ib.rows_read, ib.rejected, ib.warnings, ib.duration_ms, ib.workflow_id, ib.run_id, ib.anomaly_checked_at,
    ib.is_anomalous, ib.anomaly_reason, sf.id AS source_file_id, sf.source_name, sf.migration_name, sf.declared_rows, sf.batch_size
  FROM import_batches ib JOIN source_files sf ON sf.id = ib.source_file_id WHERE ib.id = ?`;

/** The same source's committed batches before this one (all migrations), not themselves anomalous, newest first. */
const HISTORY = `SELECT ib.rows_read, ib.rejected, ib.warnings, ib.duration_ms, sf.batch_size
  FROM import_batches ib JOIN source_files sf ON sf.id = ib.source_file_id
  WHERE sf.source_name = ? AND ib.id < ? AND ib.is_anomalous = 0 AND ib.duration_ms > 0 AND ib.rows_read > 0
  ORDER BY ib.id DESC LIMIT ${HISTORY_LIMIT}`;

/** Figures that scale with the batch size, and those that do not. */
const SIZE_BOUND: readonly FigureName[] = ['rowsRead', 'durationSec'];
const RATES: readonly FigureName[] = ['rejectRate', 'warningRate', 'rowsPerSec'];

export async function checkBatchAnomaly(deps: AnomalyCheckDeps, importBatchId: number): Promise<AnomalyCheckResult> {
  const [rows] = await deps.pool.execute<RowDataPacket[]>(BATCH, [importBatchId]);
  const b = rows[0];
  if (!b) throw new Error(`import batch ${importBatchId} not found for the anomaly check`);
  let anomalies: Array<{ metric: string; reason: string }>;
  let checkedNow = false;
  if (b.anomaly_checked_at !== null) {
    anomalies = Number(b.is_anomalous) ? [{ metric: 'stored', reason: String(b.anomaly_reason) }] : [];
  } else {
    const [history] = await deps.pool.execute<RowDataPacket[]>(HISTORY, [b.source_name, importBatchId]);
    const figures = (r: RowDataPacket) => batchFigures({ rowsRead: Number(r.rows_read), rejected: Number(r.rejected), warnings: Number(r.warnings), durationMs: Number(r.duration_ms) });
    // Every batch but a source's last is full by construction; the last (or any when the row count is unknown) is not compared by size.
    const lastBatchNo = b.declared_rows === null ? null : Math.ceil(Number(b.declared_rows) / Number(b.batch_size));
    const skip = new Set<FigureName>(lastBatchNo === null || Number(b.batch_no) >= lastBatchNo ? ['rowsRead'] : []);
    // Rates (rejects, warnings, rows/s) compare across batch sizes; a batch's row count and duration only with batches
    // of its own configured size: a migration run with another --batch-size is not unusual in every batch.
    const sameSize = history.filter((h) => Number(h.batch_size) === Number(b.batch_size));
    const found: Anomaly[] = [
      ...detectAnomalies(figures(b), history.map(figures), new Set<FigureName>([...skip, ...SIZE_BOUND])),
      ...detectAnomalies(figures(b), sameSize.map(figures), new Set<FigureName>([...skip, ...RATES])),
    ];
    anomalies = found;
    const reason = found.length ? found.map((a) => a.reason).join('; ').slice(0, 1024) : null;
    await deps.pool.execute('UPDATE import_batches SET anomaly_checked_at = CURRENT_TIMESTAMP(3), is_anomalous = ?, anomaly_reason = ? WHERE id = ? AND anomaly_checked_at IS NULL',
      [anomalies.length ? 1 : 0, reason, importBatchId]);
    checkedNow = true;
    for (const a of found) deps.metrics?.recordAnomaly(String(b.source_name), a.metric);
  }
  if (anomalies.length && deps.alerts) {
    const workflowId = b.workflow_id === null ? undefined : String(b.workflow_id);
    await deps.alerts.send({
      kind: 'import-anomaly',
      key: `anomaly:${importBatchId}`,
      severity: 'warning',
      summary: `batch ${b.batch_no} of ${b.source_name} (migration ${b.migration_name}) is unusual: ${anomalies.map((a) => a.reason).join('; ')}`.slice(0, 1000),
      workflowId,
      runId: b.run_id === null ? undefined : String(b.run_id),
      uiUrl: workflowId && deps.temporalUiUrl && deps.namespace ? temporalUiLink(deps.temporalUiUrl, deps.namespace, workflowId) : undefined,
      details: { importBatchId, migration: b.migration_name, source: b.source_name, batchNo: Number(b.batch_no), metrics: anomalies.map((a) => a.metric) },
    }).catch((err: unknown) => deps.onAlertError?.(err as Error));
  }
  return { importBatchId, anomalies, checkedNow };
}
