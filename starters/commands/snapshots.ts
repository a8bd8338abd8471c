// `snapshots`: lists the snapshots with their state, size, consistency point and validation outcome, newest first;
// in local mode also those whose manifest is in the object store but not in this database (taken after it, or
// listed from a restored copy).
import { loadConfig } from '../../config/env';
import { listManifestIds, listSnapshotRows, type SnapshotRow } from '../../activities/snapshots/snapshot-store';
import { createDbPool, createS3 } from '../../workers/clients';
import { type Command, parseCommandArgs } from '../command';

const mb = (n: number | null) => (n === null ? '-' : `${(n / 1e6).toFixed(1)} MB`);

export function formatSnapshots(rows: SnapshotRow[], storeOnly: string[]): string {
  const header = ['id', 'status', 'validation', 'consistent at (UTC)', 'size', 'rows', 'location'];
  const lines = rows.map((r) => [
    r.id, r.status, r.validation, r.consistentAt ?? '-', mb(r.objectBytes),
    r.manifest ? r.manifest.tables.reduce((a, t) => a + t.rows, 0).toLocaleString('en-US') : '-', r.location ?? '-',
  ]);
  for (const id of storeOnly) lines.push([id, 'in store only', '-', '-', '-', '-', 'manifest in the object store, not in this database']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [header, ...lines].map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export const snapshotsCommand: Command = {
  name: 'snapshots',
  summary: 'list snapshots with their validation state',
  usage: `Usage: npm run cli -- snapshots [--json] [--limit N]

Lists snapshots newest first from the snapshots table (status taking | taken | failed | deleted; validation
pending | validating | passed | failed) and, in local mode, any manifest in s3://<processed>/backups/ the table
does not know. The newest 'passed' one is what RECOVERY.md restores.`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' }, limit: { type: 'string' } });
    const config = loadConfig();
    const pool = createDbPool(config, { connectionLimit: 1 });
    const s3 = createS3(config);
    try {
      const rows = await listSnapshotRows(pool, Number(values.limit ?? 50));
      const known = new Set(rows.map((r) => r.id));
      const storeOnly = config.SNAPSHOT_MODE === 'local' ? (await listManifestIds(s3, config.S3_PROCESSED_BUCKET)).filter((id) => !known.has(id)).reverse() : [];
      if (values.json) console.log(JSON.stringify({ snapshots: rows.map(({ manifest, ...r }) => ({ ...r, tables: manifest?.tables ?? [] })), storeOnly }));
      else console.log(rows.length + storeOnly.length === 0 ? 'no snapshots yet: `npm run cli -- snapshot` takes one' : formatSnapshots(rows, storeOnly));
      return 0;
    } finally {
      await pool.end();
      s3.destroy();
    }
  },
};
