// Writes batch objects to the raw zone with their sha256 and row range as object metadata, and reads that back,
// so finishing an export needs only the source id (no list of 840 batches through the workflow).
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3 } from '../deps';
import type { FormattedBatch } from './canonical-batch-writer';

export interface BatchObjectInfo {
  sha256: string;
  rows: number;
  firstRowNo: number;
  lastRowNo: number;
}

export async function putBatchObject(s3: S3, bucket: string, key: string, batch: FormattedBatch, firstRowNo: number, lastRowNo: number): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: batch.body,
      ContentLength: batch.body.length,
      ContentType: 'text/csv; charset=utf-8',
      Metadata: { sha256: batch.sha256, rows: String(batch.rows), 'first-row-no': String(firstRowNo), 'last-row-no': String(lastRowNo) },
    }),
  );
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/** The metadata export stored on a batch object, or null when the object does not exist. */
export async function headBatchObject(s3: S3, bucket: string, key: string): Promise<BatchObjectInfo | null> {
  let meta: Record<string, string> | undefined;
  try {
    meta = (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).Metadata;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
  const sha256 = meta?.sha256 ?? '';
  const numbers = [meta?.rows, meta?.['first-row-no'], meta?.['last-row-no']].map((v) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN));
  const [rows, firstRowNo, lastRowNo] = numbers as [number, number, number];
  if (!/^[0-9a-f]{64}$/.test(sha256) || numbers.some(Number.isNaN)) {
    throw new BatchObjectMetadataError(key);
  }
  return { sha256, rows, firstRowNo, lastRowNo };
}

/** A batch object without the metadata export writes: not written by this exporter, or tampered with. */
export class BatchObjectMetadataError extends Error {
  override name = 'BatchObjectMetadataError';
  constructor(readonly objectKey: string) {
    super(`batch object ${objectKey} lacks the sha256/rows/first-row-no/last-row-no metadata the exporter writes`);
  }
}
