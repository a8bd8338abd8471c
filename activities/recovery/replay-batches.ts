// Replays the raw zone into a restored store: every batch object whose (source, batch) the store has not committed
// is ingested again, in source and batch order, through the one ingest transaction (a committed batch is a no-op, so
// a replay interrupted half-way is simply run again). A source registered after the snapshot is recreated from its
// source.json with the same id first.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { RowDataPacket } from 'mysql2';
import type { DbPool, S3, Buckets } from '../deps';
import { headBatchObject } from '../export/batch-object-store';
import { ingestBatch } from '../ingest/ingest-batch';
import { getSourceRecord } from './source-record';

export interface ReplayBatchesDeps {
  pool: DbPool;
  s3: S3;
  buckets: Pick<Buckets, 'raw'>;
  defaultPhoneRegion: string;
  progress?: (p: { migration: string; sourceFileId: number; batchNo: number; rows: number }) => void;
}

export interface ReplayBatchesResult {
  batchesReplayed: number;
  rowsReplayed: number;
  sourcesRecreated: number;
  /** Sources whose batches could not be replayed, and why (a person re-runs their migration). */
  problems: string[];
}

interface SourceObjects {
  migration: string;
  sourceFileId: number;
  recordKey?: string;
  batches: Array<{ batchNo: number; key: string }>;
}

const BATCH_KEY = /^migrations\/(.+)\/source-(\d+)\/batch-(\d+)\.csv$/;
const RECORD_KEY = /^migrations\/(.+)\/source-(\d+)\/source\.json$/;

async function rawZoneSources(s3: S3, bucket: string): Promise<SourceObjects[]> {
  const bySource = new Map<string, SourceObjects>();
  const entry = (migration: string, id: number) => {
    const k = `${migration}\u0000${id}`;
    const e = bySource.get(k) ?? { migration, sourceFileId: id, batches: [] };
    bySource.set(k, e);
    return e;
  };
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'migrations/', ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      const key = o.Key ?? '';
      const b = BATCH_KEY.exec(key);
      if (b) entry(b[1]!, Number(b[2])).batches.push({ batchNo: Number(b[3]), key });
      const r = RECORD_KEY.exec(key);
      if (r) entry(r[1]!, Number(r[2])).recordKey = key;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return [...bySource.values()].sort((a, b) => a.sourceFileId - b.sourceFileId);
}

export async function replayBatches(deps: ReplayBatchesDeps): Promise<ReplayBatchesResult> {
  const result: ReplayBatchesResult = { batchesReplayed: 0, rowsReplayed: 0, sourcesRecreated: 0, problems: [] };
  for (const src of await rawZoneSources(deps.s3, deps.buckets.raw)) {
    const [rows] = await deps.pool.query<RowDataPacket[]>('SELECT source_name, migration_name FROM source_files WHERE id = ?', [src.sourceFileId]);
    let sourceName = rows[0] ? String(rows[0].source_name) : undefined;
    if (rows[0] && String(rows[0].migration_name) !== src.migration) {
      result.problems.push(`source_files ${src.sourceFileId} belongs to migration ${String(rows[0].migration_name)} in the restored store, but the raw zone has it under ${src.migration}: not replayed`);
      continue;
    }
    if (!sourceName) {
      if (!src.recordKey) {
        result.problems.push(`migration ${src.migration} source ${src.sourceFileId} has batches but no source.json: re-run \`migrate --name ${src.migration}\` with its sources`);
        continue;
      }
      const rec = await getSourceRecord(deps.s3, deps.buckets.raw, src.recordKey);
      await deps.pool.query(
        `INSERT IGNORE INTO source_files (id, migration_name, source_name, source_kind, location, batch_size, mapping_json, snapshot_marker, declared_rows, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'exporting')`,
        [rec.id, rec.migrationName, rec.sourceName, rec.kind, rec.location, rec.batchSize, JSON.stringify(rec.mapping), rec.snapshotMarker, rec.declaredRows],
      );
      sourceName = rec.sourceName;
      result.sourcesRecreated += 1;
    }
    const [done] = await deps.pool.query<RowDataPacket[]>('SELECT batch_no FROM import_batches WHERE source_file_id = ?', [src.sourceFileId]);
    const committed = new Set(done.map((r) => Number(r.batch_no)));
    for (const b of src.batches.sort((x, y) => x.batchNo - y.batchNo)) {
      if (committed.has(b.batchNo)) continue;
      const info = await headBatchObject(deps.s3, deps.buckets.raw, b.key);
      const r = await ingestBatch(
        { pool: deps.pool, s3: deps.s3, buckets: deps.buckets, defaultPhoneRegion: deps.defaultPhoneRegion },
        { sourceFileId: src.sourceFileId, sourceName, batchNo: b.batchNo, objectKey: b.key, objectSha256: info?.sha256, workflowId: 'recovery-replay' },
      );
      result.batchesReplayed += 1;
      result.rowsReplayed += r.rowsRead;
      deps.progress?.({ migration: src.migration, sourceFileId: src.sourceFileId, batchNo: b.batchNo, rows: r.rowsRead });
    }
  }
  return result;
}
