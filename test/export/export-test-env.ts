// Shared setup of the export tests: a throw-away database with the schema applied, the real local S3, a unique
// migration name, and helpers to read back and parse the batch objects an export wrote.
import { randomBytes } from 'node:crypto';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import mysql, { type Pool } from 'mysql2/promise';
import { createExportActivities } from '../../activities/export/export-activities';
import type { ExportChunkResult, ExportCursor, InspectSourceResult } from '../../activities/export/export-contract';
import type { SourceSpec } from '../../activities/export/source-spec';
import { loadConfig } from '../../config/env';
import { parseCanonicalCsv } from '../../domain/canonical-csv';
import { applyMigrations } from '../../db/migrator';
import { createDbPool, createS3, ensureDatabase } from '../../workers/clients';

export const ROOT_URL = 'mysql://root@127.0.0.1:3306';

export interface ExportTestEnv {
  pool: Pool;
  s3: S3Client;
  buckets: { raw: string; processed: string };
  migrationName: string;
  activities: ReturnType<typeof createExportActivities>;
  /** Runs inspect then chunks of `maxBatches` until done, then finish; returns everything. */
  exportAll(source: SourceSpec, batchSize: number, maxBatches: number, mappingJson?: string): Promise<FullExport>;
  objectBytes(key: string): Promise<Buffer>;
  close(): Promise<void>;
}

export interface FullExport {
  inspected: InspectSourceResult;
  chunks: ExportChunkResult[];
  keys: string[];
  /** Every canonical data row of every batch, in batch order (header lines checked and dropped). */
  rows: string[][];
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

export async function createExportTestEnv(prefix: string): Promise<ExportTestEnv> {
  const dbName = uniqueName(`t_${prefix}`);
  const config = loadConfig({ ...process.env, DATABASE_URL: `${ROOT_URL}/${dbName}` });
  await ensureDatabase(config);
  const pool = createDbPool(config, { connectionLimit: 4 });
  await applyMigrations(pool);
  const s3 = createS3(config);
  const buckets = { raw: config.S3_RAW_BUCKET, processed: config.S3_PROCESSED_BUCKET };
  const migrationName = uniqueName(prefix).replace(/_/g, '-');
  const activities = createExportActivities({ pool, s3, buckets });

  const objectBytes = async (key: string) => {
    const res = await s3.send(new GetObjectCommand({ Bucket: buckets.raw, Key: key }));
    return Buffer.from(await res.Body!.transformToByteArray());
  };

  const env: ExportTestEnv = {
    pool, s3, buckets, migrationName, activities, objectBytes,
    async exportAll(source, batchSize, maxBatches, mappingJson) {
      const inspected = await activities.inspectSource({ migrationName, source, batchSize, mappingJson });
      const chunks: ExportChunkResult[] = [];
      let cursor: ExportCursor | null = null;
      let firstBatchNo = 1;
      for (;;) {
        const chunk = await activities.exportChunk({ migrationName, sourceFileId: inspected.sourceFileId, source, batchSize, firstBatchNo, maxBatches, cursor });
        chunks.push(chunk);
        firstBatchNo += chunk.batches.length;
        cursor = chunk.cursor;
        if (chunk.done) break;
      }
      const keys = chunks.flatMap((c) => c.batches.map((b) => b.objectKey));
      const rows: string[][] = [];
      for (const key of keys) rows.push(...parseBatch(await objectBytes(key)));
      return { inspected, chunks, keys, rows };
    },
    async close() {
      await deletePrefix(s3, buckets.raw, `migrations/${migrationName}/`);
      await pool.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(dbName)}`);
      await pool.end();
      s3.destroy();
    },
  };
  return env;
}

/** Parses a batch object with the ingest side's reader; asserts the header line. */
export function parseBatch(bytes: Buffer): string[][] {
  const records = parseCanonicalCsv(bytes.toString('utf8'));
  const header = records.shift();
  if (header?.join(',') !== 'row_no,record_id,email,phone,first_name,last_name,address_line,city,state,postal_code,country,dob,updated_at,reject_code,reject_detail') {
    throw new Error(`unexpected batch header ${JSON.stringify(header)}`);
  }
  return records;
}

async function deletePrefix(s3: S3Client, bucket: string, prefix: string): Promise<void> {
  for (;;) {
    const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    const keys = (list.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length === 0) return;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
  }
}

/** Column index in a canonical row. */
export const COL = {
  row_no: 0, record_id: 1, email: 2, phone: 3, first_name: 4, last_name: 5, address_line: 6, city: 7, state: 8,
  postal_code: 9, country: 10, dob: 11, updated_at: 12, reject_code: 13, reject_detail: 14,
} as const;
