// A migration source's registration, also written to the raw zone beside its batches (source.json), so that after a
// restore to a snapshot older than the source, replay can recreate its `source_files` row with the same id and
// ingest its batches exactly as they were keyed (rows without email or phone are keyed by the source's name).
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { BACKUP_KEYS } from '../../config/constants';
import type { S3 } from '../deps';
import type { SourceFileRow } from '../export/source-files-store';

export interface SourceRecord {
  id: number;
  migrationName: string;
  sourceName: string;
  kind: string;
  location: string;
  batchSize: number;
  mapping: unknown;
  snapshotMarker: string | null;
  declaredRows: number | null;
}

export async function putSourceRecord(s3: S3, rawBucket: string, row: SourceFileRow & { location?: string }, location: string): Promise<void> {
  const record: SourceRecord = {
    id: row.id, migrationName: row.migrationName, sourceName: row.sourceName, kind: row.kind, location, batchSize: row.batchSize,
    mapping: row.mapping, snapshotMarker: row.snapshotMarker, declaredRows: row.declaredRows,
  };
  await s3.send(new PutObjectCommand({
    Bucket: rawBucket, Key: BACKUP_KEYS.sourceRecord(row.migrationName, row.id), Body: JSON.stringify(record), ContentType: 'application/json',
  }));
}

export async function getSourceRecord(s3: S3, rawBucket: string, key: string): Promise<SourceRecord> {
  const got = await s3.send(new GetObjectCommand({ Bucket: rawBucket, Key: key }));
  return JSON.parse(await got.Body!.transformToString('utf8')) as SourceRecord;
}
