// Builds a migration's reconciliation report from the version-tracking tables, stores it in the
// processed zone and the reconciliation_reports table, and fails loudly when anything does not add up.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ApplicationFailure } from '@temporalio/common';
import type { RowDataPacket } from 'mysql2';
import { PROCESSED_KEYS } from '../../config/constants';
import {
  orphanProblems, sourceProblems, type OrphanCounts, type ReconciliationSummary, type SourceReconciliation,
} from '../../domain/reconciliation';
import type { DbPool, S3, Buckets } from '../deps';

export type { ReconciliationSummary };

const PER_SOURCE = `SELECT sf.id, sf.source_name, sf.declared_rows, sf.exported_rows, sf.batch_count,
  COUNT(b.id) AS batches_ingested, COALESCE(SUM(b.rows_read), 0) AS rows_read, COALESCE(SUM(b.inserted), 0) AS inserted,
  COALESCE(SUM(b.updated), 0) AS updated, COALESCE(SUM(b.unchanged), 0) AS unchanged, COALESCE(SUM(b.rejected), 0) AS rejected,
  COALESCE(SUM(b.warnings), 0) AS warnings,
  COALESCE(SUM(b.rows_read <> b.inserted + b.updated + b.unchanged + b.rejected), 0) AS unbalanced
FROM source_files sf LEFT JOIN import_batches b ON b.source_file_id = sf.id
WHERE sf.migration_name = ? GROUP BY sf.id ORDER BY sf.id`;

const REJECTS_STORED = `SELECT b.source_file_id, COUNT(*) AS n FROM batch_errors e JOIN import_batches b ON b.id = e.import_batch_id
JOIN source_files sf ON sf.id = b.source_file_id WHERE sf.migration_name = ? AND e.severity = 'reject' GROUP BY b.source_file_id`;

/** Rows whose parent is missing, per relation (the orphan half of the reconciliation; also a restored copy's invariant). */
export async function orphanCounts(pool: Pick<DbPool, 'query'>): Promise<OrphanCounts> {
  const one = async (q: string) => Number((await pool.query<RowDataPacket[]>(q))[0][0]!.n);
  return {
    contactsWithoutBatch: await one('SELECT COUNT(*) AS n FROM contacts c LEFT JOIN import_batches b ON b.id = c.created_batch_id WHERE b.id IS NULL'),
    contactsWithoutSourceFile: await one('SELECT COUNT(*) AS n FROM contacts c LEFT JOIN source_files s ON s.id = c.source_file_id WHERE s.id IS NULL'),
    batchErrorsWithoutBatch: await one('SELECT COUNT(*) AS n FROM batch_errors e LEFT JOIN import_batches b ON b.id = e.import_batch_id WHERE b.id IS NULL'),
    versionsWithoutContact: await one('SELECT COUNT(*) AS n FROM record_versions v LEFT JOIN contacts c ON c.id = v.contact_id WHERE c.id IS NULL'),
  };
}

async function buildReconciliation(deps: { pool: DbPool }, migrationName: string, objectKey: string, now = new Date()): Promise<ReconciliationSummary> {
  const [rows] = await deps.pool.execute<RowDataPacket[]>(PER_SOURCE, [migrationName]);
  const [stored] = await deps.pool.execute<RowDataPacket[]>(REJECTS_STORED, [migrationName]);
  const storedBySource = new Map(stored.map((r) => [Number(r.source_file_id), Number(r.n)]));
  const nullable = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const sources: SourceReconciliation[] = rows.map((r) => {
    const base = {
      sourceFileId: Number(r.id), sourceName: String(r.source_name), declaredRows: nullable(r.declared_rows), exportedRows: nullable(r.exported_rows),
      batchCount: nullable(r.batch_count), batchesIngested: Number(r.batches_ingested), rowsRead: Number(r.rows_read), inserted: Number(r.inserted),
      updated: Number(r.updated), unchanged: Number(r.unchanged), rejected: Number(r.rejected), rejectedRowsStored: storedBySource.get(Number(r.id)) ?? 0,
      warnings: Number(r.warnings), unbalancedBatches: Number(r.unbalanced),
    };
    return { ...base, problems: sourceProblems(base) };
  });
  const orphans = await orphanCounts(deps.pool);
  const [contacts] = await deps.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM contacts');
  const sum = (f: (s: SourceReconciliation) => number) => sources.reduce((a, s) => a + f(s), 0);
  const problems = [
    ...(sources.length === 0 ? [`no sources registered for migration ${migrationName}`] : []),
    ...sources.flatMap((s) => s.problems.map((p) => `${s.sourceName}: ${p}`)),
    ...orphanProblems(orphans),
  ];
  return {
    migrationName,
    status: problems.length === 0 ? 'ok' : 'mismatch',
    generatedAt: now.toISOString(),
    sources,
    totals: {
      declaredRows: sum((s) => s.declaredRows ?? 0), rowsRead: sum((s) => s.rowsRead), inserted: sum((s) => s.inserted), updated: sum((s) => s.updated),
      unchanged: sum((s) => s.unchanged), rejected: sum((s) => s.rejected), warnings: sum((s) => s.warnings),
    },
    orphans,
    contactsInStore: Number(contacts[0]!.n),
    problems,
    objectKey,
  };
}

export async function reconcileMigration(deps: { pool: DbPool; s3: S3; buckets: Pick<Buckets, 'processed'> }, migrationName: string): Promise<ReconciliationSummary> {
  const objectKey = PROCESSED_KEYS.report(migrationName);
  const summary = await buildReconciliation(deps, migrationName, `s3://${deps.buckets.processed}/${objectKey}`);
  const body = JSON.stringify(summary, null, 2);
  await deps.s3.send(new PutObjectCommand({ Bucket: deps.buckets.processed, Key: objectKey, Body: body, ContentType: 'application/json' }));
  await deps.pool.execute('INSERT INTO reconciliation_reports (migration_name, status, report, object_key) VALUES (?, ?, ?, ?)', [migrationName, summary.status, body, summary.objectKey]);
  if (summary.status !== 'ok') {
    throw ApplicationFailure.nonRetryable(`Reconciliation of migration ${migrationName} failed: ${summary.problems.join('; ')}`, 'ReconciliationMismatch', summary);
  }
  return summary;
}
