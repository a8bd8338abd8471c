// The snapshot catalogue: rows in `snapshots` / `snapshot_validations` (state, validation outcome and details) and,
// in local mode, the manifests in the processed zone, which are the catalogue that survives losing the database.
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import { BACKUP_KEYS } from '../../config/constants';
import type { SnapshotManifest } from '../../domain/snapshot-manifest';
import type { DbPool, S3 } from '../deps';

export type ValidationState = 'pending' | 'validating' | 'passed' | 'failed';

export interface SnapshotRow {
  id: string;
  mode: 'local' | 'aws';
  status: 'taking' | 'taken' | 'failed' | 'deleted';
  validation: ValidationState;
  databaseName: string;
  location: string | null;
  objectBytes: number | null;
  consistentAt: string | null;
  startedAt: string;
  validatedAt: string | null;
  manifest: SnapshotManifest | null;
}

function toRow(r: RowDataPacket): SnapshotRow {
  const manifest = r.manifest === null ? null : ((typeof r.manifest === 'string' ? JSON.parse(r.manifest) : r.manifest) as SnapshotManifest);
  return {
    id: String(r.id), mode: r.mode, status: r.status, validation: r.validation, databaseName: String(r.database_name),
    location: r.location === null ? null : String(r.location), objectBytes: r.object_bytes === null ? null : Number(r.object_bytes),
    consistentAt: r.consistent_at === null ? null : String(r.consistent_at), startedAt: String(r.started_at),
    validatedAt: r.validated_at === null ? null : String(r.validated_at), manifest,
  };
}

export async function beginSnapshotRow(pool: DbPool, id: string, mode: 'local' | 'aws', databaseName: string): Promise<SnapshotRow> {
  // A retry after a failed attempt takes it again; a taken snapshot stays taken (the activity returns it as it is).
  await pool.query(
    "INSERT INTO snapshots (id, mode, status, database_name) VALUES (?, ?, 'taking', ?) ON DUPLICATE KEY UPDATE status = IF(status = 'failed', 'taking', status)",
    [id, mode, databaseName],
  );
  return (await loadSnapshotRow(pool, id))!;
}

export async function loadSnapshotRow(pool: DbPool, id: string): Promise<SnapshotRow | null> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM snapshots WHERE id = ?', [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function listSnapshotRows(pool: DbPool, limit = 100): Promise<SnapshotRow[]> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM snapshots ORDER BY started_at DESC, id DESC LIMIT ?', [limit]);
  return rows.map(toRow);
}

export async function markTaken(pool: DbPool, m: SnapshotManifest): Promise<void> {
  await pool.query(
    `UPDATE snapshots SET status = 'taken', location = ?, object_bytes = ?, object_sha256 = ?, consistent_at = ?, manifest = ?, error = NULL,
       finished_at = UTC_TIMESTAMP(3) WHERE id = ?`,
    [m.location, m.objectBytes ?? null, m.objectSha256 ?? null, m.consistentAt.replace('T', ' ').replace('Z', ''), JSON.stringify(m), m.id],
  );
}

export async function markSnapshotFailed(pool: DbPool, id: string, error: string): Promise<void> {
  await pool.query("UPDATE snapshots SET status = 'failed', error = ?, finished_at = UTC_TIMESTAMP(3) WHERE id = ? AND status = 'taking'", [error.slice(0, 1024), id]);
}

/** Marks the snapshot as being validated (retention never deletes it meanwhile); false when it is not a taken snapshot. */
export async function markValidating(pool: DbPool, id: string): Promise<boolean> {
  const [r] = await pool.query<ResultSetHeader>("UPDATE snapshots SET validation = 'validating', validated_at = UTC_TIMESTAMP(3) WHERE id = ? AND status = 'taken'", [id]);
  return r.affectedRows === 1;
}

/**
 * A validation that was interrupted (its worker died) leaves `validating` behind; the next run of the workflow calls
 * this first, so such a snapshot is judged again instead of being kept forever. Returns the ids it reset.
 */
export async function resetStaleValidations(pool: DbPool, olderThanMinutes: number): Promise<string[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    "SELECT id FROM snapshots WHERE validation = 'validating' AND validated_at < UTC_TIMESTAMP(3) - INTERVAL ? MINUTE", [olderThanMinutes],
  );
  const ids = rows.map((r) => String(r.id));
  if (ids.length > 0) await pool.query("UPDATE snapshots SET validation = 'pending' WHERE id IN (?) AND validation = 'validating'", [ids]);
  return ids;
}

export async function recordValidation(pool: DbPool, id: string, outcome: 'passed' | 'failed', details: unknown, secs: { restoreSec?: number; validateSec?: number }): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query('INSERT INTO snapshot_validations (snapshot_id, outcome, details, restore_sec, validate_sec) VALUES (?, ?, ?, ?, ?)',
      [id, outcome, JSON.stringify(details), secs.restoreSec ?? null, secs.validateSec ?? null]);
    await conn.query('UPDATE snapshots SET validation = ?, validated_at = UTC_TIMESTAMP(3) WHERE id = ?', [outcome, id]);
    await conn.commit();
  } catch (err) {
    await conn.rollback().catch(() => undefined);
    throw err;
  } finally {
    conn.release();
  }
}

export async function markDeleted(pool: DbPool, ids: string[]): Promise<void> {
  if (ids.length > 0) await pool.query("UPDATE snapshots SET status = 'deleted', deleted_at = UTC_TIMESTAMP(3) WHERE id IN (?)", [ids]);
}

export async function putManifest(s3: S3, bucket: string, m: SnapshotManifest): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: BACKUP_KEYS.manifest(m.id), Body: JSON.stringify(m, null, 2), ContentType: 'application/json' }));
}

export async function getManifest(s3: S3, bucket: string, id: string): Promise<SnapshotManifest | null> {
  try {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: BACKUP_KEYS.manifest(id) }));
    return JSON.parse(await got.Body!.transformToString('utf8')) as SnapshotManifest;
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return null;
    throw err;
  }
}

/** Every local snapshot that has a manifest in the processed zone (ids in time order). */
export async function listManifestIds(s3: S3, bucket: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: BACKUP_KEYS.prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      const m = /^backups\/([^/]+)\/manifest\.json$/.exec(o.Key ?? '');
      if (m) ids.push(m[1]!);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return ids.sort();
}

/** Deletes a local snapshot's objects (the backup and its manifest; parts of an aborted upload are not objects). */
export async function deleteSnapshotObjects(s3: S3, bucket: string, id: string): Promise<void> {
  // The manifest goes last: a snapshot whose deletion was interrupted is still listed, and deleted on the next run.
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: BACKUP_KEYS.object(id) }));
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: BACKUP_KEYS.manifest(id) }));
}
