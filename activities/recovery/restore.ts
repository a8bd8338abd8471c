// `restore`: the recovery procedure of RECOVERY.md as one function, runnable without Temporal or workers (they may be
// down in a disaster): read the manifest from the object store, refuse the live database unless told, restore the
// backup into a recovered MariaDB on the target's port, verify it against the manifest, give it the target's database
// name, then replay the raw-zone batches and the journal after the snapshot.
import { join } from 'node:path';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { AppConfig } from '../../config/env';
import { compareChecksums, type SnapshotManifest, type TableDifference } from '../../domain/snapshot-manifest';
import { ensureBackupTools } from '../../stack/backup-tools';
import { createContext, silentProgress } from '../../stack/context';
import { isPortOpen } from '../../stack/processes';
import type { S3 } from '../deps';
import { mysqlTarget } from '../snapshots/physical-backup';
import { restorePhysical } from '../snapshots/physical-restore';
import { type ScratchServer, cleanScratch, startScratchServer } from '../snapshots/scratch-server';
import { SnapshotNotFoundError } from '../snapshots/snapshot-activities';
import { getManifest } from '../snapshots/snapshot-store';
import { tableChecksums } from '../snapshots/table-checksums';
import type { ReplayBatchesResult } from './replay-batches';
import type { JournalReplayer, ReplayJournalResult } from './replay-journal';
import { replayAfter } from './replay-after';
import type { JournalStream } from '../journal';

/** A restore that would overwrite what it must not, or cannot use its target. */
export class RestoreRefusedError extends Error {
  override name = 'RestoreRefusedError';
}

export interface RestoreOptions {
  snapshotId: string;
  /** mysql://user@127.0.0.1:PORT/DB of the recovered server; default: SNAPSHOT_SCRATCH_PORT + 1, the snapshot's database. */
  targetUrl?: string;
  /** Allows a target on the live database's host and port (its server must be stopped first). */
  allowLive?: boolean;
  verify?: boolean;
  replay?: boolean;
  replayers?: Partial<Record<JournalStream, JournalReplayer>>;
  progress?: (step: string, data?: Record<string, unknown>) => void;
}

export interface RestoreResult {
  manifest: SnapshotManifest;
  targetUrl: string;
  server: ScratchServer;
  restoreSec: number;
  verifySec: number;
  differences: TableDifference[];
  batches: ReplayBatchesResult | null;
  journal: ReplayJournalResult | null;
  replaySec: number;
}

/**
 * Moves every table to another schema (RENAME TABLE is a metadata change, no copy). Triggers cannot move across
 * schemas: their definitions are read, dropped and created again in the new schema.
 */
async function renameDatabase(admin: mysql.Connection, from: string, to: string): Promise<void> {
  const [triggers] = await admin.query<RowDataPacket[]>('SELECT TRIGGER_NAME AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?', [from]);
  const definitions: string[] = [];
  for (const tr of triggers) {
    const [def] = await admin.query<RowDataPacket[]>(`SHOW CREATE TRIGGER ${mysql.escapeId(from)}.${mysql.escapeId(String(tr.n))}`);
    definitions.push(String(def[0]!['SQL Original Statement']));
    await admin.query(`DROP TRIGGER ${mysql.escapeId(from)}.${mysql.escapeId(String(tr.n))}`);
  }
  const [tables] = await admin.query<RowDataPacket[]>("SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", [from]);
  if (tables.length > 0) {
    await admin.query(`RENAME TABLE ${tables.map((r) => `${mysql.escapeId(from)}.${mysql.escapeId(String(r.t))} TO ${mysql.escapeId(to)}.${mysql.escapeId(String(r.t))}`).join(', ')}`);
  }
  await admin.query(`USE ${mysql.escapeId(to)}`);
  for (const d of definitions) await admin.query(d);
  await admin.query(`DROP DATABASE ${mysql.escapeId(from)}`);
}

const sameServer = (a: URL, b: URL) => a.hostname === b.hostname && (a.port || '3306') === (b.port || '3306');

export async function restoreSnapshot(config: AppConfig, s3: S3, opts: RestoreOptions): Promise<RestoreResult> {
  const say = opts.progress ?? (() => {});
  const manifest = await getManifest(s3, config.S3_PROCESSED_BUCKET, opts.snapshotId);
  if (!manifest) throw new SnapshotNotFoundError(opts.snapshotId);
  if (manifest.mode !== 'local') throw new RestoreRefusedError(`snapshot ${opts.snapshotId} is an Aurora cluster snapshot: restore it with RECOVERY.md's AWS steps`);
  const live = new URL(config.DATABASE_URL);
  const target = new URL(opts.targetUrl ?? `mysql://root@127.0.0.1:${config.SNAPSHOT_SCRATCH_PORT + 1}/${manifest.database}`);
  const t = mysqlTarget(target.toString());
  if (!['127.0.0.1', 'localhost', '::1'].includes(t.host)) throw new RestoreRefusedError(`--target ${target.host}: a physical restore starts the recovered server on this machine; use 127.0.0.1`);
  if (sameServer(target, live) && !opts.allowLive) {
    throw new RestoreRefusedError(`--target ${target.host} is the live database's server (DATABASE_URL): refusing to replace it; choose another port, or stop that server and pass --allow-live`);
  }
  if (await isPortOpen('127.0.0.1', t.port)) {
    throw new RestoreRefusedError(`port ${t.port} of --target answers: a server already runs there${sameServer(target, live) ? ' (the live database: stop it first)' : ''}`);
  }
  const name = `restore-${t.port}`;
  const paths = createContext(config, { progress: silentProgress }).paths;
  const layout = { dataDir: join(paths.dataDir, 'restores', `${opts.snapshotId}-${t.port}`), pidFile: join(paths.runDir, `mariadb-${name}.pid`), logFile: join(paths.logsDir, `mariadb-${name}.log`) };
  await cleanScratch(layout);
  await ensureBackupTools(createContext(config, { progress: silentProgress }));
  const t0 = Date.now();
  say('restoring', { snapshot: opts.snapshotId, from: manifest.location, into: layout.dataDir });
  await restorePhysical({
    s3, bucket: config.S3_PROCESSED_BUCKET, key: manifest.location.replace(`s3://${config.S3_PROCESSED_BUCKET}/`, ''),
    expected: { bytes: manifest.objectBytes, sha256: manifest.objectSha256 }, dataDir: layout.dataDir,
    progress: (() => {
      let last = '';
      let shownMb = -1;
      return (p: { phase: string; bytes?: number }) => {
        const mb = Math.round((p.bytes ?? 0) / 1e6);
        if (p.phase === last && mb < shownMb + 100) return;
        last = p.phase;
        shownMb = mb;
        say(p.phase, { mb });
      };
    })(),
  });
  const server = await startScratchServer(config, layout, t.port, { skipGrants: false, bufferPoolMb: config.MARIADB_BUFFER_POOL_MB });
  const restoreSec = (Date.now() - t0) / 1000;
  try {
    const admin = await mysql.createConnection({ host: '127.0.0.1', port: t.port, user: t.user, password: t.password });
    let differences: TableDifference[] = [];
    const t1 = Date.now();
    try {
      if (opts.verify !== false) {
        say('verifying against the manifest', { tables: manifest.tables.length });
        differences = compareChecksums(manifest.tables, await tableChecksums(admin, manifest.database));
        if (differences.length > 0) throw new RestoreRefusedError(`the restored copy differs from the manifest in ${differences.map((d) => d.table).join(', ')}: pick an older snapshot`);
      }
      if (t.database && t.database !== manifest.database) {
        say('renaming database', { from: manifest.database, to: t.database });
        await admin.query(`CREATE DATABASE IF NOT EXISTS ${mysql.escapeId(t.database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
        await renameDatabase(admin, manifest.database, t.database);
      }
    } finally {
      await admin.end();
    }
    const verifySec = (Date.now() - t1) / 1000;
    const replayed = opts.replay === false ? null : await replayAfter(config, s3, {
      target: { DATABASE_URL: target.toString() }, since: new Date(manifest.consistentAt), replayers: opts.replayers, progress: say,
    });
    return {
      manifest, targetUrl: target.toString(), server, restoreSec, verifySec, differences,
      batches: replayed?.batches ?? null, journal: replayed?.journal ?? null, replaySec: replayed?.replaySec ?? 0,
    };
  } catch (err) {
    await server.stop({ removeData: false });
    throw err;
  }
}
