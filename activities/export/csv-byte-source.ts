// Byte access to a CSV drop on local disk or in S3: size plus a version tag (to detect a changed file between
// inspect and export) and a stream opened at any byte offset (fs read stream `start` / ranged GetObject).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3 } from '../deps';
import type { SourceSpec } from './source-spec';

const READ_CHUNK_BYTES = 1024 * 1024;

export interface ByteSourceVersion {
  size: number;
  /** File mtime or S3 ETag: changes when the content is replaced. */
  version: string;
}

export interface ByteSource {
  stat(): Promise<ByteSourceVersion>;
  open(offset: number): AsyncIterable<Buffer>;
}

function parseS3Location(location: string): { bucket: string; key: string } | null {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  return match ? { bucket: match[1]!, key: match[2]! } : null;
}

/** `expectedVersion` (an S3 ETag) makes every ranged read fail if the object was replaced meanwhile. */
export function csvByteSource(spec: SourceSpec, s3: S3, expectedVersion?: string): ByteSource {
  const target = parseS3Location(spec.location);
  if (target) return s3ByteSource(s3, target.bucket, target.key, expectedVersion);
  return fileByteSource(spec.location);
}

function fileByteSource(file: string): ByteSource {
  return {
    async stat() {
      const s = await stat(file);
      if (!s.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOENT' });
      return { size: s.size, version: `mtime:${s.mtimeMs}` };
    },
    async *open(offset: number) {
      const stream = createReadStream(file, { start: offset, highWaterMark: READ_CHUNK_BYTES });
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } finally {
        stream.destroy();
      }
    },
  };
}

function s3ByteSource(s3: S3, bucket: string, key: string, expectedVersion?: string): ByteSource {
  return {
    async stat() {
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { size: Number(head.ContentLength ?? 0), version: `etag:${head.ETag ?? ''}` };
    },
    async *open(offset: number) {
      let body: Readable;
      try {
        const etag = expectedVersion?.startsWith('etag:') ? expectedVersion.slice(5) : undefined;
        const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${offset}-`, IfMatch: etag || undefined }));
        body = res.Body as Readable;
      } catch (err) {
        // A range starting at (or past) the end of the object: nothing left to read.
        if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416) return;
        throw err;
      }
      try {
        for await (const chunk of body) yield chunk as Buffer;
      } finally {
        body.destroy();
      }
    },
  };
}
