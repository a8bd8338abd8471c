// Local mode: take (physical backup + manifest at its consistency point), validate (restore into a scratch server,
// compare every table with the manifest) and list/delete for retention.
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { BACKUP_KEYS } from '../../config/constants';
import type { AppConfig } from '../../config/env';
import { compareChecksums, type SnapshotManifest } from '../../domain/snapshot-manifest';
import type { RetainedSnapshot } from '../../domain/snapshot-retention';
import { ensureBackupTools } from '../../stack/backup-tools';
import { createContext, silentProgress } from '../../stack/context';
import type { DbPool, S3, Buckets } from '../deps';
import { type MysqlTarget, mysqlTarget, takePhysicalBackup } from './physical-backup';
import { restorePhysical } from './physical-restore';
import { cleanScratch, scratchLayout, startScratchServer } from './scratch-server';
import type { TakeSnapshotResult, ValidateSnapshotResult } from './snapshot-contract';
import { deleteSnapshotObjects, getManifest, listManifestIds, listSnapshotRows, putManifest } from './snapshot-store';
import { tableChecksums } from './table-checksums';

export interface LocalSnapshotDeps {
  pool: DbPool;
  s3: S3;
  buckets: Pick<Buckets, 'processed'>;
  config: AppConfig;
  progress?: (p: Record<string, unknown>) => void;
  signal?: AbortSignal;
}

/** The backup user's target: BACKUP_DATABASE_URL's credentials on DATABASE_URL's database. */
export function backupTarget(config: Pick<AppConfig, 'DATABASE_URL' | 'BACKUP_DATABASE_URL'>): MysqlTarget {
  const live = mysqlTarget(config.DATABASE_URL);
  return config.BACKUP_DATABASE_URL ? { ...mysqlTarget(config.BACKUP_DATABASE_URL), database: live.database } : live;
}

export async function takeLocalSnapshot(deps: LocalSnapshotDeps, snapshotId: string): Promise<{ manifest: SnapshotManifest; result: TakeSnapshotResult }> {
  const started = Date.now();
  await ensureBackupTools(createContext(deps.config, { progress: silentProgress }));
  const reader = mysqlTarget(deps.config.DATABASE_URL);
  const key = BACKUP_KEYS.object(snapshotId);
  const workDir = join(createContext(deps.config, { progress: silentProgress }).paths.dataDir, 'snapshot-work', snapshotId);
  const r = await takePhysicalBackup({
    s3: deps.s3, bucket: deps.buckets.processed, key, backup: backupTarget(deps.config), reader, workDir, signal: deps.signal,
    progress: (p) => deps.progress?.(p),
  });
  const manifest: SnapshotManifest = {
    id: snapshotId, mode: 'local', database: reader.database, consistentAt: r.consistentAt, consistency: 'block-commit-barrier',
    location: `s3://${deps.buckets.processed}/${key}`, objectBytes: r.bytes, objectSha256: r.sha256, lastImportBatchId: r.lastImportBatchId,
    tables: r.tables, tool: r.tool,
  };
  await putManifest(deps.s3, deps.buckets.processed, manifest);
  return {
    manifest,
    result: {
      snapshotId, location: manifest.location, consistentAt: r.consistentAt, objectBytes: r.bytes, tables: r.tables.length,
      rows: r.tables.reduce((a, t) => a + t.rows, 0), snapshotSec: (Date.now() - started) / 1000,
    },
  };
}

/** Restores the snapshot into the scratch server, compares every table with the manifest, always removes the copy. */
export async function validateLocalSnapshot(deps: LocalSnapshotDeps, manifest: SnapshotManifest): Promise<Omit<ValidateSnapshotResult, 'snapshotId'>> {
  const port = deps.config.SNAPSHOT_SCRATCH_PORT;
  const layout = scratchLayout(deps.config, port);
  const leftover = await cleanScratch(layout);
  const cleaned = [
    ...(leftover.stoppedPid ? [`scratch MariaDB pid ${leftover.stoppedPid} on port ${port}`] : []),
    ...(leftover.removedData ? [`scratch data directory ${layout.dataDir}`] : []),
  ];
  const key = manifest.location.replace(`s3://${deps.buckets.processed}/`, '');
  await ensureBackupTools(createContext(deps.config, { progress: silentProgress }));
  const t0 = Date.now();
  let restoreSec = 0;
  try {
    await restorePhysical({
      s3: deps.s3, bucket: deps.buckets.processed, key, expected: { bytes: manifest.objectBytes, sha256: manifest.objectSha256 }, dataDir: layout.dataDir,
      signal: deps.signal, progress: (p) => deps.progress?.(p),
    });
  } catch (err) {
    await cleanScratch(layout);
    return { outcome: 'failed', problem: `restore failed: ${(err as Error).message}`, differences: [], cleaned, restoreSec: (Date.now() - t0) / 1000, validateSec: 0 };
  }
  const server = await startScratchServer(deps.config, layout, port, { skipGrants: true });
  restoreSec = (Date.now() - t0) / 1000;
  const t1 = Date.now();
  try {
    const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
    try {
      deps.progress?.({ phase: 'comparing' });
      const actual = await tableChecksums(conn, manifest.database, (table) => deps.progress?.({ phase: 'comparing', table }));
      const differences = compareChecksums(manifest.tables, actual);
      return { outcome: differences.length === 0 ? 'passed' : 'failed', differences, cleaned, restoreSec, validateSec: (Date.now() - t1) / 1000 };
    } finally {
      await conn.end();
    }
  } finally {
    await server.stop({ removeData: true });
  }
}

/** The local snapshots retention judges: every manifest in the processed zone, with its validation state from the table. */
export async function listLocalSnapshots(deps: Pick<LocalSnapshotDeps, 'pool' | 's3' | 'buckets'>): Promise<RetainedSnapshot[]> {
  const states = new Map((await listSnapshotRows(deps.pool, 10_000)).map((r) => [r.id, r.validation]));
  const out: RetainedSnapshot[] = [];
  for (const id of await listManifestIds(deps.s3, deps.buckets.processed)) {
    const m = await getManifest(deps.s3, deps.buckets.processed, id);
    if (m) out.push({ id, takenAt: new Date(m.consistentAt), validation: states.get(id) ?? 'pending' });
  }
  return out;
}

export async function deleteLocalSnapshot(deps: Pick<LocalSnapshotDeps, 's3' | 'buckets'>, id: string): Promise<void> {
  await deleteSnapshotObjects(deps.s3, deps.buckets.processed, id);
}
