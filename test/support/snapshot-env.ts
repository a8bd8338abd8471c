// A snapshot test's own world on the real stack: a throwaway database with contacts ingested through the real batch
// transaction, its own raw and processed buckets (so retention and replay see only this test's objects), and the
// activity deps and config a worker needs for snapshots.
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import { putSourceRecord } from '../../activities/recovery/source-record';
import type { AppConfig } from '../../config/env';
import { ingestBatch } from '../../activities/ingest/ingest-batch';
import type { Alert, AlertSink } from '../../activities/alerts/alert-sink';
import type { ActivityDeps, S3 } from '../../activities/deps';
import { RAW_KEYS } from '../../config/constants';
import type { RawRow } from '../../domain/fields';
import { createHash } from 'node:crypto';
import { putBatchObject } from '../../activities/export/batch-object-store';
import { canonicalCsv } from './batch-objects';
import { activityDeps, createTestDatabase, type TestDatabase } from './services';
import { createAttemptActivities } from '../../activities/compliance/attempt-activities';
import { createSuppressionActivities } from '../../activities/compliance/suppression-activities';

export interface SnapshotEnv {
  db: TestDatabase;
  config: AppConfig;
  deps: ActivityDeps & { config: AppConfig; close(): Promise<void> };
  /** Alerts the snapshot activities sent (a real sink: the interface every alert goes through). */
  alerts: Alert[];
  drop(): Promise<void>;
}

export async function emptyBucket(s3: S3, bucket: string): Promise<void> {
  for (;;) {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    if (!page.Contents?.length) return;
    for (const o of page.Contents) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key! }));
  }
}

export async function createSnapshotEnv(prefix: string, scratchPort: number): Promise<SnapshotEnv> {
  const db = await createTestDatabase(prefix);
  const tag = `t${process.pid}-${randomBytes(3).toString('hex')}`;
  const buckets = { raw: `${tag}-raw`, processed: `${tag}-processed` };
  const base = activityDeps(db);
  for (const b of Object.values(buckets)) await base.s3.send(new CreateBucketCommand({ Bucket: b }));
  const config: AppConfig = { ...db.config, S3_RAW_BUCKET: buckets.raw, S3_PROCESSED_BUCKET: buckets.processed, SNAPSHOT_SCRATCH_PORT: scratchPort };
  const alerts: Alert[] = [];
  const sink: AlertSink = {
    async send(alert) {
      alerts.push(alert);
      return { delivered: ['test'], duplicate: false };
    },
  };
  const deps = { ...base, buckets, config, alerts: sink };
  return {
    db, config, deps, alerts,
    async drop() {
      for (const b of Object.values(buckets)) {
        await emptyBucket(base.s3, b);
        await base.s3.send(new DeleteBucketCommand({ Bucket: b }));
      }
      await base.close();
      await db.drop();
    },
  };
}

/** Registers a CSV source of `migration` and ingests `batches` batches of `perBatch` generated contacts into it. */
export async function ingestContacts(env: SnapshotEnv, migration: string, batches: number, perBatch: number, offset = 0): Promise<number> {
  const [res] = await env.db.pool.execute<ResultSetHeader>(
    "INSERT INTO source_files (migration_name, source_name, source_kind, location, batch_size, status) VALUES (?, ?, 'csv', '/test.csv', ?, 'exporting')",
    [migration, `csv:/${migration}.csv`, perBatch],
  );
  const sourceFileId = res.insertId;
  // As inspectSource does: the registration beside the batches, for a replay after a restore.
  const [rows] = await env.db.pool.query<RowDataPacket[]>('SELECT * FROM source_files WHERE id = ?', [sourceFileId]);
  await putSourceRecord(env.deps.s3, env.deps.buckets.raw, {
    id: sourceFileId, migrationName: migration, sourceName: String(rows[0]!.source_name), kind: 'csv', status: 'exporting', batchSize: perBatch, mapping: null,
    snapshotMarker: null, declaredRows: null, exportedRows: null, batchCount: null, checksumSha256: null,
  }, '/test.csv');
  for (let b = 1; b <= batches; b++) await ingestGeneratedBatch(env, migration, sourceFileId, b, perBatch, offset);
  return sourceFileId;
}

export function generatedRows(batchNo: number, perBatch: number, offset: number): Array<Partial<RawRow>> {
  return Array.from({ length: perBatch }, (_, i) => {
    const n = offset + (batchNo - 1) * perBatch + i;
    return {
      row_no: String((batchNo - 1) * perBatch + i + 1), record_id: `r${n}`, email: `person${n}@example.com`,
      phone: `(415) 555-${String(1000 + (n % 9000)).padStart(4, '0')}`, first_name: `Ann${n % 50}`, last_name: 'Lee', city: 'Oakland',
      updated_at: `2024-01-${String(1 + (n % 28)).padStart(2, '0')}T00:00:00Z`,
    };
  });
}

export async function ingestGeneratedBatch(env: SnapshotEnv, migration: string, sourceFileId: number, batchNo: number, perBatch: number, offset = 0) {
  const key = RAW_KEYS.batch(migration, sourceFileId, batchNo);
  // Written the way the exporter writes batches (with its metadata), so a replay reads them like real ones.
  const body = Buffer.from(canonicalCsv(generatedRows(batchNo, perBatch, offset)), 'utf8');
  const sha = createHash('sha256').update(body).digest('hex');
  const first = (batchNo - 1) * perBatch + 1;
  await putBatchObject(env.deps.s3, env.deps.buckets.raw, key, { body, sha256: sha, rows: perBatch }, first, first + perBatch - 1);
  return ingestBatch(
    { pool: env.db.pool, s3: env.deps.s3, buckets: env.deps.buckets, defaultPhoneRegion: 'US' },
    { sourceFileId, sourceName: `csv:/${migration}.csv`, batchNo, objectKey: key, objectSha256: sha },
  );
}

/** Contacts, batches and sources in a store: what a recovered store must hold as the store did before the loss. */
export async function storeCounts(pool: Pick<TestDatabase['pool'], 'query'>): Promise<{ contacts: number; batches: number; sources: number }> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT (SELECT COUNT(*) FROM contacts) AS contacts, (SELECT COUNT(*) FROM import_batches) AS batches, (SELECT COUNT(*) FROM source_files) AS sources');
  const c = rows[0]!;
  return { contacts: Number(c.contacts), batches: Number(c.batches), sources: Number(c.sources) };
}

/**
 * People's decisions after a snapshot, through the real activities (each journaled as it is recorded): a contact
 * attempt to +13052345678 by agent:test and an SMS STOP opt-out of +14155551234 on every channel.
 */
export async function journalDecisions(env: SnapshotEnv, tag: string): Promise<void> {
  await createAttemptActivities(env.deps).recordAttempts({
    requestId: `attempts-${tag}-1`, actor: 'agent:test', at: new Date().toISOString(), source: 'test',
    attempts: [{ phone: '+13052345678', attemptedAt: '2026-03-03T09:00:00-05:00', channel: 'VOICE', campaign: 'spring' }],
  });
  await createSuppressionActivities(env.deps).recordSuppression({
    requestId: `optout-${tag}-1`,
    request: {
      kind: 'opt-out', phone: '+14155551234', email: null, channel: 'ALL', scope: 'global', scopeValue: null, method: 'SMS_STOP',
      receivedAt: new Date().toISOString(), source: 'test', evidence: 'sms:STOP', actor: 'sms:+14155551234',
    },
  });
}
