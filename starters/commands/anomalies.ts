// `anomalies`: lists the batches anomaly detection flagged (domain/batch-anomaly.ts), newest first, with the reason.
import type { RowDataPacket } from 'mysql2';
import { loadConfig } from '../../config/env';
import { createDbPool } from '../../workers/clients';
import { type Command, numberFlag, parseCommandArgs } from '../command';

export interface AnomalyRow {
  importBatchId: number;
  migration: string;
  source: string;
  batchNo: number;
  importedAt: string;
  rowsRead: number;
  rejected: number;
  warnings: number;
  durationMs: number;
  reason: string;
}

const usage = `Usage: npm run cli -- anomalies [--migration NAME] [--limit N] [--json]

Lists the committed batches that anomaly detection flagged, newest first: each batch is compared, when it commits,
with its source's earlier batches (earlier migrations and this one) on row count, reject rate, warning rate, rows/s
and duration, by median and MAD; a metric is flagged only past both that bound and a minimum absolute change.
  --migration NAME   only that migration's batches
  --limit N          at most N (default 50)
  --json             one JSON array`;

export const anomaliesCommand: Command = {
  name: 'anomalies',
  summary: 'list the batches flagged as anomalous, with the reason',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { migration: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } });
    const limit = numberFlag(values.limit as string | undefined, 'limit', 50, 1, 10_000);
    const migration = values.migration as string | undefined;
    const pool = createDbPool(loadConfig(), { connectionLimit: 1 });
    try {
      const [rows] = await pool.execute<RowDataPacket[]>(
        `SELECT ib.id, sf.migration_name, sf.source_name, ib.batch_no, ib.imported_at, ib.rows_read, ib.rejected, ib.warnings, ib.duration_ms, ib.anomaly_reason
           FROM import_batches ib JOIN source_files sf ON sf.id = ib.source_file_id
          WHERE ib.is_anomalous = 1 ${migration ? 'AND sf.migration_name = ?' : ''}
          ORDER BY ib.imported_at DESC, ib.id DESC LIMIT ${limit}`,
        migration ? [migration] : [],
      );
      const list: AnomalyRow[] = rows.map((r) => ({
        importBatchId: Number(r.id), migration: String(r.migration_name), source: String(r.source_name), batchNo: Number(r.batch_no),
        importedAt: String(r.imported_at), rowsRead: Number(r.rows_read), rejected: Number(r.rejected), warnings: Number(r.warnings),
        durationMs: Number(r.duration_ms), reason: String(r.anomaly_reason),
      }));
      if (values.json) {
        console.log(JSON.stringify(list));
        return 0;
      }
      if (list.length === 0) {
        console.log(migration ? `no anomalous batches in migration ${migration}` : 'no anomalous batches');
        return 0;
      }
      for (const a of list) {
        console.log(`${a.importedAt}  ${a.migration}  ${a.source}  batch ${a.batchNo}  (${a.rowsRead} read, ${a.rejected} rejected, ${a.warnings} warnings, ${(a.durationMs / 1000).toFixed(1)} s)`);
        console.log(`    ${a.reason}`);
      }
      return 0;
    } finally {
      await pool.end();
    }
  },
};
