// Local mode's snapshot: mariadb-backup streams a physical copy of the database (and the server's `mysql` schema, so
// a restored server has its users) as mbstream, compressed with zstd on the way, into the object store by multipart
// upload; nothing touches local disk but mariadb-backup's small temp files. Writers are never blocked except for the
// moment the backup holds BLOCK_COMMIT, in which the manifest's REPEATABLE READ snapshot is opened (commit-barrier.ts).
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createZstdCompress, constants as zlibConstants } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { TableChecksum } from '../../domain/snapshot-manifest';
import type { S3 } from '../deps';
import { startCommitBarrier } from './commit-barrier';
import { hashingTap } from './hashing-tap';
import { tableChecksums } from './table-checksums';

export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function mysqlTarget(url: string): MysqlTarget {
  const u = new URL(url);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
}

export interface PhysicalBackupInput {
  s3: S3;
  bucket: string;
  key: string;
  /** The user mariadb-backup connects as (backup grants). */
  backup: MysqlTarget;
  /** The user the manifest's snapshot reads as (DATABASE_URL). */
  reader: MysqlTarget;
  /** Scratch directory for mariadb-backup's temp files (removed after). */
  workDir: string;
  /** zstd level; 1 by default (the measured best time for snapshot + restore). */
  zstdLevel?: number;
  progress?: (p: { phase: string; bytes?: number; table?: string }) => void;
  signal?: AbortSignal;
}

export interface PhysicalBackupResult {
  bytes: number;
  sha256: string;
  consistentAt: string;
  lastImportBatchId: number | null;
  tables: TableChecksum[];
  tool: string;
}

/** mariadb-backup failed or ended without reaching its consistency point: transient (retried) unless it keeps failing. */
export class BackupToolError extends Error {
  override name = 'BackupToolError';
  constructor(readonly tool: string, readonly code: number | null, readonly stderrTail: string) {
    super(`${tool} exited with ${code ?? 'a signal'}: ${stderrTail}`);
  }
}

export async function takePhysicalBackup(input: PhysicalBackupInput): Promise<PhysicalBackupResult> {
  rmSync(input.workDir, { recursive: true, force: true });
  mkdirSync(input.workDir, { recursive: true });
  const defaults = join(input.workDir, 'client.cnf');
  writeFileSync(defaults, `[client]\nuser=${input.backup.user}\npassword=${input.backup.password}\n`, { mode: 0o600 });
  const reader = await mysql.createConnection({ host: input.reader.host, port: input.reader.port, user: input.reader.user, password: input.reader.password, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  let consistentAt = '';
  let lastImportBatchId: number | null = null;
  const barrier = await startCommitBarrier({ host: input.backup.host, port: input.backup.port }, async () => {
    await reader.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await reader.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const [r] = await reader.query<RowDataPacket[]>("SELECT DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%fZ') AS t");
    consistentAt = String(r[0]!.t);
  });
  try {
    const child = spawn('mariadb-backup', [
      `--defaults-extra-file=${defaults}`, '--backup', '--stream=mbstream', `--databases=${input.backup.database} mysql`,
      '--host=127.0.0.1', `--port=${barrier.port}`, '--protocol=TCP', '--skip-ssl', `--target-dir=${input.workDir}`,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    const onAbort = () => child.kill('SIGTERM');
    input.signal?.addEventListener('abort', onAbort, { once: true });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-8000);
    });
    const exited = new Promise<number | null>((res, rej) => {
      child.once('error', rej);
      child.once('close', (code) => res(code));
    });
    const counter = hashingTap((bytes) => input.progress?.({ phase: 'uploading', bytes }));
    const body = new PassThrough();
    const upload = new Upload({
      client: input.s3 as S3Client,
      params: { Bucket: input.bucket, Key: input.key, Body: body, ContentType: 'application/zstd' },
      partSize: 16 * 1024 * 1024,
      queueSize: 2,
      leavePartsOnError: false,
    });
    const uploaded = upload.done();
    uploaded.catch(() => undefined);
    const zstd = createZstdCompress({ params: { [zlibConstants.ZSTD_c_compressionLevel]: input.zstdLevel ?? 1 } });
    const streamed = pipeline(child.stdout, zstd, counter.tap, body);
    streamed.catch(() => undefined);
    // The manifest is read in the snapshot opened under BLOCK_COMMIT, while the backup finishes and uploads.
    const manifest = barrier.reached.then(async () => {
      input.progress?.({ phase: 'checksums' });
      const tables = await tableChecksums(reader, input.reader.database, (table) => input.progress?.({ phase: 'checksums', table }));
      const [b] = await reader.query<RowDataPacket[]>(`SELECT MAX(id) AS id FROM ${mysql.escapeId(input.reader.database)}.import_batches`);
      lastImportBatchId = b[0]!.id === null ? null : Number(b[0]!.id);
      return tables;
    });
    manifest.catch(() => undefined);
    // An upload or compression failure (the object store unreachable) stops the backup at once: nothing waits on a
    // pipe that no one drains, and the multipart upload is aborted, so no partial object is left behind.
    const broken = new Promise<never>((_, reject) => {
      uploaded.catch(reject);
      streamed.catch(reject);
    });
    let code: number | null;
    try {
      code = await Promise.race([exited, broken]);
    } catch (err) {
      child.kill('SIGKILL');
      await exited.catch(() => undefined);
      await upload.abort().catch(() => undefined);
      throw err;
    } finally {
      input.signal?.removeEventListener('abort', onAbort);
    }
    if (code !== 0) {
      await upload.abort().catch(() => undefined);
      throw new BackupToolError('mariadb-backup', code, stderr.split('\n').filter(Boolean).slice(-4).join(' | '));
    }
    await streamed;
    await uploaded;
    const versionLine = /mariadb-backup based on MariaDB server ([^\s]+)/.exec(stderr)?.[1] ?? 'unknown';
    if (!consistentAt) throw new BackupToolError('mariadb-backup', code, 'finished without taking BACKUP STAGE BLOCK_COMMIT (no consistency point)');
    const tables = await manifest;
    const { bytes, sha256 } = counter.done();
    return { bytes, sha256, consistentAt, lastImportBatchId, tables, tool: `mariadb-backup ${versionLine}` };
  } finally {
    await barrier.close();
    await reader.end().catch(() => undefined);
    rmSync(input.workDir, { recursive: true, force: true });
  }
}
