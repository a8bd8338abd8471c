// `report`: prints a migration's latest stored reconciliation report (table, or JSON with --json).
import type { RowDataPacket } from 'mysql2';
import { loadConfig } from '../../config/env';
import { formatReconciliation, type ReconciliationSummary } from '../../domain/reconciliation';
import { createDbPool } from '../../workers/clients';
import { type Command, UsageError, parseCommandArgs } from '../command';

export const reportCommand: Command = {
  name: 'report',
  summary: 'print the reconciliation report of a migration',
  usage: `Usage: npm run cli -- report NAME [--json]\n\nPrints the latest reconciliation report of migration NAME from the reconciliation_reports table\n(the same JSON is in the processed zone at reports/NAME/reconciliation.json). Exit code 1 when it is a mismatch.`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    const name = positionals[0];
    if (!name) throw new UsageError('the migration NAME is required');
    const pool = createDbPool(loadConfig(), { connectionLimit: 1 });
    try {
      const [rows] = await pool.execute<RowDataPacket[]>(
        'SELECT report FROM reconciliation_reports WHERE migration_name = ? ORDER BY id DESC LIMIT 1', [name],
      );
      if (!rows[0]) {
        console.error(`no reconciliation report for migration ${JSON.stringify(name)} yet`);
        return 1;
      }
      const raw = rows[0].report as unknown;
      const summary = (typeof raw === 'string' ? JSON.parse(raw) : raw) as ReconciliationSummary;
      console.log(values.json ? JSON.stringify(summary) : formatReconciliation(summary));
      return summary.status === 'ok' ? 0 : 1;
    } finally {
      await pool.end();
    }
  },
};
