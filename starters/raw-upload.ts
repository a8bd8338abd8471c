// Puts a local file in the raw zone under a key derived from its sha256 (computed first, streaming), in 16 MB parts,
// so a file of any size never sits in memory and the same file uploaded twice is one object.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, HeadObjectCommand, PutObjectCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';

const PART = 16 << 20;

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Uploads `file` to bucket/key unless an object of the same size is there already. */
export async function uploadFile(s3: S3Client, bucket: string, key: string, file: string): Promise<{ uploaded: boolean; bytes: number }> {
  const { size } = await stat(file);
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).catch(() => null);
  if (head && head.ContentLength === size) return { uploaded: false, bytes: size };
  if (size <= PART) {
    const body = await new Promise<Buffer>((resolve, reject) => {
      const parts: Buffer[] = [];
      createReadStream(file).on('data', (c) => parts.push(c as Buffer)).on('end', () => resolve(Buffer.concat(parts))).on('error', reject);
    });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    return { uploaded: true, bytes: size };
  }
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const done: Array<{ ETag: string; PartNumber: number }> = [];
  let partNo = 0;
  let buf: Buffer[] = [];
  let len = 0;
  const send = async () => {
    partNo += 1;
    const r = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: partNo, Body: Buffer.concat(buf, len) }));
    done.push({ ETag: r.ETag!, PartNumber: partNo });
    buf = [];
    len = 0;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    buf.push(chunk as Buffer);
    len += (chunk as Buffer).length;
    if (len >= PART) await send();
  }
  if (len > 0) await send();
  await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: done } }));
  return { uploaded: true, bytes: size };
}
