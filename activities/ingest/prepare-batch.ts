// The CPU part of ingesting a batch, free of I/O so it can run on a worker thread (prepare-threads.ts):
// decode, parse, normalize, key, fold and write the stage table's LOAD DATA text.
import { ApplicationFailure } from '@temporalio/common';
import { CANONICAL_COLUMNS } from '../../domain/fields';
import { CanonicalCsvCursor } from '../../domain/canonical-csv';
import { InvalidRowNumberError, normalizeRecord, type NormalizedContact } from '../../domain/normalize-row';
import { matchKey } from '../../domain/match-key';
import { BatchFolder, type FoldedCandidate } from '../../domain/fold-batch';
import { ROWS_PER_SLICE, yieldToEventLoop } from '../event-loop';
import { TsvChunks, type StageText } from './load-data';
import { stageLine, type BatchProblem } from './batch-rows';

/**
 * Calls `onRecord` for every data record of a canonical batch text (fields in CANONICAL_COLUMNS order, checked
 * against the header), yielding to the event loop every ROWS_PER_SLICE rows; a malformed object is a
 * non-retryable BatchFormatError.
 */
export async function forEachRecord(text: string, key: string, onRecord: (record: string[]) => void): Promise<number> {
  const expected = CANONICAL_COLUMNS.join(',');
  const width = CANONICAL_COLUMNS.length;
  const cursor = new CanonicalCsvCursor(text);
  const header = cursor.next();
  if (header === null) {
    if (!text.startsWith(expected) && !text.startsWith(`\ufeff${expected}`)) {
      throw ApplicationFailure.nonRetryable(`batch object ${key} does not start with the canonical header (${expected})`, 'BatchFormatError');
    }
    return 0;
  }
  if (header.join(',') !== expected) throw ApplicationFailure.nonRetryable(`batch object ${key} does not start with the canonical header (${expected})`, 'BatchFormatError');
  let rows = 0;
  for (let r = cursor.next(); r !== null; r = cursor.next()) {
    if (r.length !== width) {
      throw ApplicationFailure.nonRetryable(`batch object ${key} record ${cursor.count} has ${r.length} fields, expected ${width}`, 'BatchFormatError');
    }
    onRecord(r);
    rows += 1;
    if (rows % ROWS_PER_SLICE === 0) await yieldToEventLoop();
  }
  return rows;
}

/**
 * Normalizes every row of a batch text and folds the accepted ones by match key as it goes: one candidate
 * per key, and every reject and warning with its reason.
 */
export async function normalizeAll(text: string, key: string, defaultRegion: string, now: number, sourceName: string) {
  const folder = new BatchFolder<NormalizedContact>();
  const problems: BatchProblem[] = [];
  const options = { defaultRegion, now };
  const rowsRead = await forEachRecord(text, key, (record) => {
    const result = normalizeRecord(record, options);
    if (result.kind === 'rejected') {
      problems.push({ severity: 'reject', rowNo: result.rowNo, recordId: result.recordId, code: result.reasonCode, field: result.field ?? null, detail: result.detail });
      return;
    }
    for (const w of result.warnings) {
      problems.push({ severity: 'warning', rowNo: result.contact.rowNo, recordId: result.contact.recordId, code: w.code, field: w.field, detail: w.raw });
    }
    folder.add(result.contact, matchKey(result.contact, sourceName));
  });
  return { candidates: folder.candidates, problems, rowsRead };
}

/** The stage table's LOAD DATA text for the folded candidates, yielding to the event loop between slices. */
export async function stageLinesOf(candidates: Map<string, FoldedCandidate<NormalizedContact>>): Promise<TsvChunks> {
  const out = new TsvChunks();
  for (const candidate of candidates.values()) {
    out.push(stageLine(candidate));
    if (out.lines % ROWS_PER_SLICE === 0) await yieldToEventLoop();
  }
  return out;
}

export interface PrepareRequest {
  /** The batch object's bytes (UTF-8 canonical CSV). */
  bytes: Uint8Array;
  objectKey: string;
  defaultRegion: string;
  now: number;
  sourceName: string;
}

export interface PreparedBatch {
  stage: StageText;
  problems: BatchProblem[];
  rowsRead: number;
}

export type BatchPreparer = (req: PrepareRequest) => Promise<PreparedBatch>;

/**
 * The CPU part of a batch: decode, parse, normalize, key, fold and write the stage text. Pure of I/O, so it
 * can run on a worker thread (prepare-threads.ts). A malformed object is a non-retryable BatchFormatError.
 */
export async function prepareBatch(req: PrepareRequest): Promise<PreparedBatch> {
  const text = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength).toString('utf8');
  try {
    const { candidates, problems, rowsRead } = await normalizeAll(text, req.objectKey, req.defaultRegion, req.now, req.sourceName);
    const stage = await stageLinesOf(candidates);
    return { stage: { chunks: stage.finish(), lines: stage.lines }, problems, rowsRead };
  } catch (err) {
    if (err instanceof InvalidRowNumberError) throw ApplicationFailure.nonRetryable(`batch object ${req.objectKey}: ${err.message}`, 'BatchFormatError');
    throw err;
  }
}

