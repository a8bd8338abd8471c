// Turns a backup object back into a MariaDB data directory: streamed from the object store through zstd into
// mbstream (no compressed copy on disk), its sha256 checked against the manifest, then prepared by mariadb-backup
// (the redo copied during the backup is applied up to the consistency point; transactions open then roll back).
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createZstdDecompress } from 'node:zlib';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3 } from '../deps';
import { BackupToolError } from './physical-backup';
import { hashingTap } from './hashing-tap';

/** The backup object is not what the snapshot wrote (truncated, corrupted, replaced): the same input fails again. */
export class SnapshotObjectError extends Error {
  override name = 'SnapshotObjectError';
  constructor(readonly location: string, readonly problem: string) {
    super(`snapshot object ${location} ${problem}`);
  }
}

export interface PhysicalRestoreInput {
  s3: S3;
  bucket: string;
  key: string;
  expected: { bytes?: number; sha256?: string };
  /** Emptied first; holds the prepared data directory afterwards. */
  dataDir: string;
  progress?: (p: { phase: string; bytes?: number }) => void;
  signal?: AbortSignal;
}

function run(cmd: string, args: string[], stdin?: (sink: NodeJS.WritableStream) => Promise<void>, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [stdin ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-8000);
    });
    const onAbort = () => child.kill('SIGTERM');
    signal?.addEventListener('abort', onAbort, { once: true });
    let feedError: Error | undefined;
    // The feeding pipeline's failure (a broken download, a bad zstd frame) kills the tool; its exit then reports it.
    stdin?.(child.stdin!).catch((err: unknown) => {
      feedError = err instanceof Error ? err : new Error(String(err));
      child.kill('SIGKILL');
    });
    child.stdin?.on('error', () => undefined);
    child.once('error', reject);
    child.once('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (feedError) reject(feedError);
      else if (code === 0) resolve();
      else reject(new BackupToolError(cmd, code, stderr.split('\n').filter(Boolean).slice(-4).join(' | ')));
    });
  });
}

export async function restorePhysical(input: PhysicalRestoreInput): Promise<{ bytes: number; sha256: string }> {
  const location = `s3://${input.bucket}/${input.key}`;
  rmSync(input.dataDir, { recursive: true, force: true });
  mkdirSync(input.dataDir, { recursive: true });
  const got = await input.s3.send(new GetObjectCommand({ Bucket: input.bucket, Key: input.key }));
  const counter = hashingTap((bytes) => input.progress?.({ phase: 'downloading', bytes }));
  try {
    await run('mbstream', ['-x', '-C', input.dataDir], (sink) => pipeline(got.Body as Readable, counter.tap, createZstdDecompress(), sink), input.signal);
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? '');
    if (code.startsWith('ERR_ZSTD') || code.startsWith('Z_') || /zstd|unexpected end|Unknown frame/i.test((err as Error).message)) {
      throw new SnapshotObjectError(location, `does not decompress (${(err as Error).message}); it is truncated or corrupted`);
    }
    if (err instanceof BackupToolError) throw new SnapshotObjectError(location, `does not unpack as mbstream (${err.stderrTail}); it is truncated or corrupted`);
    throw err;
  }
  const { bytes, sha256 } = counter.done();
  if (input.expected.sha256 && sha256 !== input.expected.sha256) {
    throw new SnapshotObjectError(location, `has sha256 ${sha256.slice(0, 12)}… (${bytes} bytes) but the manifest says ${input.expected.sha256.slice(0, 12)}… (${input.expected.bytes ?? '?'} bytes)`);
  }
  input.progress?.({ phase: 'preparing', bytes });
  await run('mariadb-backup', ['--prepare', `--target-dir=${input.dataDir}`, '--use-memory=256M'], undefined, input.signal);
  return { bytes, sha256 };
}
