// Ingests one exported batch object in ONE transaction: normalize, fold, bulk-load, set-based merge,
// versions, errors and the import_batches row commit together; a committed batch is never applied twice.
import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ApplicationFailure } from '@temporalio/common';
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import type { DbPool, S3, Buckets } from '../deps';
import { holdConnection } from './connection';
import { loadData } from './load-data';
import { prepareBatch, type BatchPreparer } from './prepare-batch';
import * as sql from './stage-sql';
import { errorText, summarizeErrors } from './batch-rows';
import { logWarn } from '../export/activity-progress';
import { withDeadlockRetry } from '../deadlock-retry';

export interface IngestBatchInput {
  sourceFileId: number;
  /** Stable source identity; keys rows that have neither email nor phone. */
  sourceName: string;
  batchNo: number;
  objectKey: string;
  /** When given, the object's bytes must hash to it. */
  objectSha256?: string;
  workflowId?: string;
  runId?: string;
  workerIdentity?: string;
}

export interface IngestBatchResult {
  importBatchId: number;
  batchNo: number;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  folded: number;
  warnings: number;
  durationMs: number;
  /** Rejected rows per reason code (absent on a stored result): the metrics say what was rejected. */
  rejectedByReason?: Record<string, number>;
  /** Milliseconds spent in each step of this call, for logs and benchmarks (absent on a stored result). */
  stepsMs?: Record<string, number>;
  /** True when the batch had already committed and this call changed nothing. */
  alreadyCommitted: boolean;
}

export interface IngestDeps {
  pool: DbPool;
  s3: S3;
  buckets: Pick<Buckets, 'raw'>;
  defaultPhoneRegion: string;
  heartbeat?: (details?: unknown) => void;
  now?: () => number;
  /** The activity's cancellation: aborts the statement in flight (a cancelled attempt must end, not hang). */
  signal?: AbortSignal;
  /** Turns batch bytes into stage text and problems (a thread pool in the worker); on this thread when absent. */
  prepareBatch?: BatchPreparer;
}

const STORED_RESULT = `SELECT id, batch_no, rows_read, inserted, updated, unchanged, rejected, folded, warnings, duration_ms
  FROM import_batches WHERE source_file_id = ? AND batch_no = ?`;

function storedResult(row: RowDataPacket): IngestBatchResult {
  return {
    importBatchId: Number(row.id), batchNo: Number(row.batch_no), rowsRead: Number(row.rows_read), inserted: Number(row.inserted),
    updated: Number(row.updated), unchanged: Number(row.unchanged), rejected: Number(row.rejected), folded: Number(row.folded),
    warnings: Number(row.warnings), durationMs: Number(row.duration_ms), alreadyCommitted: true,
  };
}

/** Reads one batch object and checks its sha256; returns its bytes (rows are parsed one at a time later). */
export async function readBatchBytes(deps: Pick<IngestDeps, 's3' | 'buckets'>, key: string, expectedSha256?: string): Promise<Uint8Array> {
  const obj = await deps.s3.send(new GetObjectCommand({ Bucket: deps.buckets.raw, Key: key }));
  const bytes = await obj.Body!.transformToByteArray();
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (expectedSha256 && sha !== expectedSha256) {
    throw ApplicationFailure.nonRetryable(`batch object s3://${deps.buckets.raw}/${key} has sha256 ${sha}, expected ${expectedSha256}`, 'BatchChecksumMismatch');
  }
  return bytes;
}

/** Records how long each named step took since the previous mark. */
function stepClock() {
  const steps: Record<string, number> = {};
  let last = performance.now();
  return {
    steps,
    mark(name: string): void {
      const now = performance.now();
      steps[name] = Math.round(now - last);
      last = now;
    },
  };
}

export async function ingestBatch(deps: IngestDeps, input: IngestBatchInput): Promise<IngestBatchResult> {
  const started = Date.now();
  const clock = stepClock();
  const beat = deps.heartbeat ?? (() => {});
  const [existing] = await deps.pool.execute<RowDataPacket[]>(STORED_RESULT, [input.sourceFileId, input.batchNo]);
  if (existing[0]) return storedResult(existing[0]);

  const bytes = await readBatchBytes(deps, input.objectKey, input.objectSha256);
  clock.mark('read');
  const { stage: stageLines, problems, rowsRead } = await (deps.prepareBatch ?? prepareBatch)({
    bytes, objectKey: input.objectKey, defaultRegion: deps.defaultPhoneRegion, now: (deps.now ?? Date.now)(), sourceName: input.sourceName,
  });
  clock.mark('prepare');
  beat({ step: 'normalized', rows: rowsRead, keys: stageLines.lines });

  const held = await holdConnection(deps.pool, deps.signal);
  const conn = held.conn;
  // Batches of different sources that share keys lock the same contacts; InnoDB may pick this one as a deadlock
  // victim and roll it back whole, and then the whole transaction (stage table included) runs again.
  const oneTry = async (): Promise<IngestBatchResult> => {
    await conn.query(`DROP TEMPORARY TABLE IF EXISTS ${sql.STAGE_TABLE}`);
    await conn.query(sql.CREATE_STAGE);
    await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    await conn.beginTransaction();
    clock.mark('connect');
    try {
      let batchId: number;
      try {
        const [ins] = await conn.execute<ResultSetHeader>(
          'INSERT INTO import_batches (source_file_id, batch_no, object_key, object_sha256, rows_read, workflow_id, run_id, worker_identity) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [input.sourceFileId, input.batchNo, input.objectKey, input.objectSha256 ?? '', rowsRead, input.workflowId ?? null, input.runId ?? null, input.workerIdentity ?? null],
        );
        batchId = ins.insertId;
      } catch (err) {
        if ((err as { code?: string }).code !== 'ER_DUP_ENTRY') throw err;
        await conn.rollback();
        const [again] = await deps.pool.execute<RowDataPacket[]>(STORED_RESULT, [input.sourceFileId, input.batchNo]);
        return storedResult(again[0]!);
      }
      clock.mark('batchRow');
      await loadData(conn, sql.STAGE_TABLE, sql.STAGE_LOAD_COLUMNS, stageLines, sql.STAGE_LOAD_SET);
      clock.mark('loadStage');
      beat({ step: 'staged' });
      await conn.query(sql.CLASSIFY);
      clock.mark('classify');
      await conn.query(sql.INSERT_NEW, [input.sourceFileId, batchId, batchId]);
      clock.mark('insertNew');
      await conn.query(sql.FIND_EXISTING, [batchId, batchId]);
      clock.mark('findExisting');
      beat({ step: 'inserted' });
      await conn.query(sql.DECIDE);
      await conn.query(sql.WRITE_VERSIONS, [batchId]);
      await conn.query(sql.APPLY_UPDATES, [input.sourceFileId, batchId]);
      clock.mark('update');
      const [countRows] = await conn.query<RowDataPacket[]>(sql.COUNT_OUTCOMES);
      const c = countRows[0]!;
      const rejected = problems.filter((p) => p.severity === 'reject').length;
      const warnings = problems.length - rejected;
      const result: IngestBatchResult = {
        importBatchId: batchId,
        batchNo: input.batchNo,
        rowsRead: rowsRead,
        inserted: Number(c.inserted),
        updated: Number(c.updated),
        unchanged: Number(c.unchanged_keys) + Number(c.folded),
        rejected,
        folded: Number(c.folded),
        warnings,
        durationMs: 0,
        alreadyCommitted: false,
      };
      if (result.inserted + result.updated + result.unchanged + result.rejected !== result.rowsRead) {
        throw ApplicationFailure.nonRetryable(
          `batch ${input.batchNo} of source file ${input.sourceFileId} does not add up: read ${result.rowsRead} != inserted ${result.inserted} + updated ${result.updated} + unchanged ${result.unchanged} + rejected ${result.rejected}`,
          'BatchAccountingError',
        );
      }
      await loadData(conn, 'batch_errors', sql.BATCH_ERROR_LOAD_COLUMNS, errorText(problems), 'import_batch_id = ?', [batchId]);
      result.durationMs = Date.now() - started;
      const summary = summarizeErrors(problems);
      await conn.execute(
        `UPDATE import_batches SET inserted = ?, updated = ?, unchanged = ?, rejected = ?, folded = ?, warnings = ?, error_summary = ?, duration_ms = ?, imported_at = CURRENT_TIMESTAMP(3) WHERE id = ?`,
        [result.inserted, result.updated, result.unchanged, result.rejected, result.folded, result.warnings, JSON.stringify(summary), result.durationMs, batchId],
      );
      result.rejectedByReason = summary.reject;
      clock.mark('errorsAndCounts');
      await conn.commit();
      clock.mark('commit');
      result.stepsMs = clock.steps;
      return result;
    } catch (err) {
      await conn.rollback().catch(() => {});
      throw err;
    }
  };
  try {
    return await withDeadlockRetry(oneTry, (err, attempt) => {
      logWarn('ingest batch rolled back by a lock conflict; running it again', { sourceFileId: input.sourceFileId, batchNo: input.batchNo, attempt, error: err.message });
      beat({ step: 'retrying after a lock conflict', attempt });
    });
  } finally {
    held.release();
  }
}

