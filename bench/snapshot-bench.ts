// `npm run bench -- snapshot --rows N`: the chosen snapshot (physical: mariadb-backup → zstd → S3, manifest under the
// backup's BLOCK_COMMIT; restore into a scratch MariaDB; validation of every table) against the logical anchor
// (mariadb-dump --single-transaction → zstd → S3; restored with the mariadb client into the same scratch server),
// on the same N contacts, in the same run. Prints the load averages beside the figures (the cores are shared).
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createZstdCompress, createZstdDecompress, constants as zlibConstants } from 'node:zlib';
import { DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { loadConfig } from '../config/env';
import { applyMigrations } from '../db/migrator';
import { compareChecksums } from '../domain/snapshot-manifest';
import { mysqlTarget, takePhysicalBackup } from '../activities/snapshots/physical-backup';
import { restorePhysical } from '../activities/snapshots/physical-restore';
import { cleanScratch, scratchLayout, startScratchServer } from '../activities/snapshots/scratch-server';
import { tableChecksums } from '../activities/snapshots/table-checksums';
import { createContext, silentProgress } from '../stack/context';
import { createDbPool, createS3 } from '../workers/clients';
import { loadBenchContacts } from './snapshot-data';

export interface SnapshotBenchResult {
  rows: number;
  databaseMb: number;
  snapshotSec: number;
  restoreSec: number;
  validateSec: number;
  objectMb: number;
  snapshotMbPerSec: number;
  restoreMbPerSec: number;
  validated: boolean;
  logicalSnapshotSec: number;
  logicalRestoreSec: number;
  logicalObjectMb: number;
  loadBefore: number[];
  loadAfter: number[];
  machine: string;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function spawnChecked(cmd: string, args: string[], stdio: ['ignore' | 'pipe', 'ignore' | 'pipe', 'pipe']) {
  const child = spawn(cmd, args, { stdio });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const done = new Promise<void>((res, rej) => child.once('close', (code) => (code === 0 ? res() : rej(new Error(`${cmd} exited ${code}: ${stderr}`)))));
  return { child, done };
}

export async function runSnapshotBench(opts: { rows: number; log: (line: string) => void }): Promise<SnapshotBenchResult> {
  const config = loadConfig();
  const live = mysqlTarget(config.DATABASE_URL);
  const database = `${live.database}_snapbench`.slice(0, 64);
  const url = new URL(config.DATABASE_URL);
  url.pathname = `/${database}`;
  const bench = mysqlTarget(url.toString());
  const s3 = createS3(config);
  const bucket = config.S3_PROCESSED_BUCKET;
  const dataDir = createContext(config, { progress: silentProgress }).paths.dataDir;
  const conn = await mysql.createConnection({ host: bench.host, port: bench.port, user: bench.user, password: bench.password, multipleStatements: false });
  try {
    const [have] = await conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [database, 'contacts']);
    const existing = Number(have[0]!.n) === 1 ? Number(((await conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${mysql.escapeId(database)}.contacts`))[0])[0]!.n) : -1;
    if (existing !== opts.rows) {
      opts.log(`loading ${opts.rows.toLocaleString('en-US')} contacts directly (set-based SQL, not through ingestion) into ${database}`);
      await conn.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(database)}`);
      await conn.query(`CREATE DATABASE ${mysql.escapeId(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      const pool = createDbPool({ DATABASE_URL: url.toString() }, { connectionLimit: 1 });
      await applyMigrations(pool).finally(() => pool.end());
      await conn.query(`USE ${mysql.escapeId(database)}`);
      await loadBenchContacts(conn, opts.rows, (done) => opts.log(`  ${done.toLocaleString('en-US')} contacts`));
    } else {
      opts.log(`reusing ${database} with ${opts.rows.toLocaleString('en-US')} contacts`);
    }
    const [[size]] = (await conn.query<RowDataPacket[]>('SELECT SUM(DATA_LENGTH + INDEX_LENGTH) AS b FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [database])) as unknown as [RowDataPacket[]];
    const databaseMb = Number(size!.b) / 1e6;
    const loadBefore = os.loadavg().map((l) => round(l, 2));
    opts.log(`database ${round(databaseMb)} MB; load averages before ${loadBefore.join(' ')}`);

    // Physical, the chosen method.
    const physKey = `bench-snapshots/${database}/physical.mbstream.zst`;
    let t = Date.now();
    const backup = await takePhysicalBackup({ s3, bucket, key: physKey, backup: bench, reader: bench, workDir: join(dataDir, 'snapshot-work', 'bench') });
    const snapshotSec = (Date.now() - t) / 1000;
    opts.log(`physical snapshot  ${round(snapshotSec)} s, ${round(backup.bytes / 1e6)} MB object (manifest checksums included)`);
    const port = config.SNAPSHOT_SCRATCH_PORT;
    const layout = scratchLayout(config, port, 'bench');
    await cleanScratch(layout);
    t = Date.now();
    await restorePhysical({ s3, bucket, key: physKey, expected: { sha256: backup.sha256 }, dataDir: layout.dataDir });
    const server = await startScratchServer(config, layout, port, { skipGrants: true, bufferPoolMb: 1024 });
    const restoreSec = (Date.now() - t) / 1000;
    opts.log(`physical restore   ${round(restoreSec)} s (download, unpack, prepare, server up)`);
    let validateSec = 0;
    let validated = false;
    let logicalSnapshotSec = 0;
    let logicalRestoreSec = 0;
    let logicalBytes = 0;
    try {
      const scratch = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
      try {
        t = Date.now();
        validated = compareChecksums(backup.tables, await tableChecksums(scratch, database)).length === 0;
        validateSec = (Date.now() - t) / 1000;
        opts.log(`validation         ${round(validateSec)} s: ${validated ? 'every table matches the manifest' : 'DIFFERENCES'}`);

        // Logical, the anchor: mariadb-dump in one REPEATABLE READ transaction, the same compression and upload.
        const cnf = join(dataDir, 'snapshot-work', 'bench-dump.cnf');
        mkdirSync(join(dataDir, 'snapshot-work'), { recursive: true });
        writeFileSync(cnf, `[client]\nuser=${bench.user}\npassword=${bench.password}\nhost=${bench.host}\nport=${bench.port}\n`, { mode: 0o600 });
        const logicalKey = `bench-snapshots/${database}/logical.sql.zst`;
        t = Date.now();
        const dump = spawnChecked('mariadb-dump', [`--defaults-extra-file=${cnf}`, '--single-transaction', '--quick', '--hex-blob', '--skip-ssl', database], ['ignore', 'pipe', 'pipe']);
        const body = new PassThrough();
        const upload = new Upload({ client: s3 as S3Client, params: { Bucket: bucket, Key: logicalKey, Body: body }, partSize: 16 * 1024 * 1024, queueSize: 2 });
        const counting = new PassThrough();
        counting.on('data', (c: Buffer) => {
          logicalBytes += c.length;
        });
        await Promise.all([pipeline(dump.child.stdout!, createZstdCompress({ params: { [zlibConstants.ZSTD_c_compressionLevel]: 1 } }), counting, body), upload.done(), dump.done]);
        logicalSnapshotSec = (Date.now() - t) / 1000;
        opts.log(`logical snapshot   ${round(logicalSnapshotSec)} s, ${round(logicalBytes / 1e6)} MB object`);
        await scratch.query('CREATE DATABASE logical_restore CHARACTER SET utf8mb4 COLLATE utf8mb4_bin');
        t = Date.now();
        const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: logicalKey }));
        const load = spawnChecked('mariadb', ['-h127.0.0.1', `-P${port}`, '-uroot', '--skip-ssl', 'logical_restore'], ['pipe', 'ignore', 'pipe']);
        await Promise.all([pipeline(got.Body as Readable, createZstdDecompress(), load.child.stdin!), load.done]);
        logicalRestoreSec = (Date.now() - t) / 1000;
        opts.log(`logical restore    ${round(logicalRestoreSec)} s (mariadb client into the same scratch server)`);
        rmSync(cnf, { force: true });
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: logicalKey }));
      } finally {
        await scratch.end();
      }
    } finally {
      await server.stop({ removeData: true });
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: physKey }));
    }
    const loadAfter = os.loadavg().map((l) => round(l, 2));
    return {
      rows: opts.rows, databaseMb: round(databaseMb), snapshotSec: round(snapshotSec), restoreSec: round(restoreSec), validateSec: round(validateSec),
      objectMb: round(backup.bytes / 1e6), snapshotMbPerSec: round(databaseMb / snapshotSec), restoreMbPerSec: round(databaseMb / restoreSec), validated,
      logicalSnapshotSec: round(logicalSnapshotSec), logicalRestoreSec: round(logicalRestoreSec), logicalObjectMb: round(logicalBytes / 1e6),
      loadBefore, loadAfter,
      machine: `${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`,
    };
  } finally {
    await conn.end();
    s3.destroy();
  }
}
