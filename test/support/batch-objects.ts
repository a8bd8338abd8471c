// Writes canonical batch objects to the real raw bucket, the way the exporters do, for ingestion tests.
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { CANONICAL_COLUMNS, type RawRow } from '../../domain/fields';
import type { S3 } from '../../activities/deps';

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function canonicalCsv(rows: Array<Partial<RawRow>>): string {
  const lines = [CANONICAL_COLUMNS.join(',')];
  rows.forEach((r, i) => lines.push(CANONICAL_COLUMNS.map((c) => quote(c === 'row_no' ? (r.row_no ?? String(i + 1)) : (r[c] ?? ''))).join(',')));
  return lines.join('\r\n') + '\r\n';
}

export async function putBatch(s3: S3, bucket: string, key: string, rows: Array<Partial<RawRow>>): Promise<string> {
  const body = Buffer.from(canonicalCsv(rows), 'utf8');
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  return createHash('sha256').update(body).digest('hex');
}
