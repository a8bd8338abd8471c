// The non-retryable failures of export (bad input, bad schema, missing or changed source), each naming the source it is about.
import { ApplicationFailure } from '@temporalio/common';
import { isRetryable, type BadInputFailureType } from '../../domain/failure-classes';

/** Failure types export raises; domain/failure-classes.ts classifies them all as bad input (retrying cannot help). */
export type ExportFailureType = Extract<BadInputFailureType,
  | 'SourceSchemaError'
  | 'SourceNotFoundError'
  | 'SourceAccessError'
  | 'SourceChangedError'
  | 'SourceConflictError'
  | 'MappingError'
  | 'ExportInputError'
  | 'ExportIntegrityError'>;

export function exportFailure(type: ExportFailureType, sourceName: string, problem: string, details?: Record<string, unknown>): ApplicationFailure {
  return ApplicationFailure.create({
    message: `source ${sourceName}: ${problem}`,
    type,
    nonRetryable: !isRetryable(type),
    details: details ? [details] : undefined,
  });
}

export function schemaError(sourceName: string, problem: string, details?: Record<string, unknown>): ApplicationFailure {
  return exportFailure('SourceSchemaError', sourceName, problem, details);
}

/** MySQL error codes that mean the source is unusable as given (not a transient outage). */
const MYSQL_PERMANENT: Record<string, ExportFailureType> = {
  ER_ACCESS_DENIED_ERROR: 'SourceAccessError',
  ER_DBACCESS_DENIED_ERROR: 'SourceAccessError',
  ER_TABLEACCESS_DENIED_ERROR: 'SourceAccessError',
  ER_BAD_DB_ERROR: 'SourceNotFoundError',
  ER_NO_SUCH_TABLE: 'SourceNotFoundError',
};

/** Turns a driver error that can never succeed on retry into a non-retryable failure; anything else is rethrown as is. */
export function classifySourceError(sourceName: string, err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const type = MYSQL_PERMANENT[code];
    if (type) return exportFailure(type, sourceName, (err as Error).message, { code });
    if (code === 'ENOENT' || code === 'NoSuchKey' || code === 'NotFound') return exportFailure('SourceNotFoundError', sourceName, 'file or object does not exist', { code });
    if (code === 'SQLITE_CANTOPEN') return exportFailure('SourceNotFoundError', sourceName, 'SQLite file does not exist or cannot be opened', { code });
    if (code === 'SQLITE_NOTADB') return exportFailure('SourceSchemaError', sourceName, 'is not an SQLite database', { code });
    if (code === 'EACCES') return exportFailure('SourceAccessError', sourceName, 'permission denied reading the file', { code });
  }
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'NoSuchKey' || name === 'NotFound') return exportFailure('SourceNotFoundError', sourceName, 'object does not exist', { name });
  return err;
}

const MAX_BATCH_SIZE = 1_000_000;

export function checkBatchSize(sourceName: string, batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw exportFailure('ExportInputError', sourceName, `batchSize must be an integer between 1 and ${MAX_BATCH_SIZE} (got ${batchSize})`);
  }
}
