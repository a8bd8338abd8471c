// registry_copies rows: a file registered once by its checksum (the same file twice is one copy), finished with its
// counts, earlier copies of the same list marked superseded; and the malformed lines of a load, by line number.
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import type { DbPool } from '../deps';
import { msOfSql, sqlOfMs } from './sql-time';

export const LIST_KINDS = ['federal', 'federal-additions', 'federal-deletions', 'state', 'litigator', 'wireless'] as const;
export const CSV_KINDS = ['suppression', 'transactions', 'inquiries', 'consents', 'attempts'] as const;
export const COPY_KINDS = [...LIST_KINDS, ...CSV_KINDS] as const;
export type CopyKind = (typeof COPY_KINDS)[number];

export interface CopyRecord {
  id: number;
  kind: CopyKind;
  state: string;
  sha256: string;
  rawKey: string;
  /** ISO. */
  downloadedAt: string;
  /** Area codes the copy declares it covers (null: those in the file). */
  areaCodes: string[] | null;
  /** A change list for every area code of the current federal subscription. */
  subscribed: boolean;
  status: 'loading' | 'loaded' | 'failed';
  linesRead: number;
  numbers: number;
  malformed: number;
  actor: string;
}

/** The file is not what was uploaded (its checksum differs): bad input, not retried. */
export class RegistryChecksumError extends Error {
  override name = 'RegistryChecksumError';
  constructor(readonly key: string, readonly expected: string, readonly actual: string) {
    super(`registry file ${key}: sha256 ${actual.slice(0, 12)}… is not the ${expected.slice(0, 12)}… it was registered with`);
  }
}

/** A load request that cannot be carried out as given (unknown kind, a state list without its state, ...). */
export class RegistryInputError extends Error {
  override name = 'RegistryInputError';
  constructor(readonly field: string, readonly problem: string) {
    super(`registry load: ${field} ${problem}`);
  }
}

function recordOf(r: RowDataPacket): CopyRecord {
  const codes = r.area_codes ? String(r.area_codes) : null;
  return {
    id: Number(r.id), kind: r.kind, state: r.state, sha256: r.sha256, rawKey: r.raw_key, downloadedAt: new Date(msOfSql(r.downloaded_at)).toISOString(),
    areaCodes: codes && codes !== 'subscribed' ? codes.split(',') : null, subscribed: codes === 'subscribed', status: r.status,
    linesRead: Number(r.lines_read), numbers: Number(r.numbers), malformed: Number(r.malformed), actor: r.actor,
  };
}

export interface RegisterCopyInput {
  kind: CopyKind;
  state: string;
  sha256: string;
  rawKey: string;
  downloadedAt: string;
  areaCodes: string[] | 'subscribed' | null;
  actor: string;
  workflowId: string;
}

/** Registers the file (once per kind, state and checksum) and returns its record. */
export async function registerCopy(pool: Pick<DbPool, 'query'>, input: RegisterCopyInput): Promise<CopyRecord> {
  const codes = input.areaCodes === null ? null : input.areaCodes === 'subscribed' ? 'subscribed' : input.areaCodes.join(',');
  await pool.query(
    `INSERT IGNORE INTO registry_copies (kind, state, sha256, raw_key, downloaded_at, area_codes, actor, workflow_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [input.kind, input.state, input.sha256, input.rawKey, sqlOfMs(Date.parse(input.downloadedAt)), codes, input.actor, input.workflowId],
  );
  const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM registry_copies WHERE kind = ? AND state = ? AND sha256 = ?', [input.kind, input.state, input.sha256]);
  return recordOf(rows[0]!);
}

export async function finishCopy(pool: Pick<DbPool, 'query'>, copy: CopyRecord, counts: { linesRead: number; numbers: number; malformed: number; seconds: number }): Promise<void> {
  await pool.query(
    `UPDATE registry_copies SET status = 'loaded', lines_read = ?, numbers = ?, malformed = ?, load_seconds = ?, loaded_at = CURRENT_TIMESTAMP(3) WHERE id = ? AND status <> 'loaded'`,
    [counts.linesRead, counts.numbers, counts.malformed, counts.seconds.toFixed(3), copy.id],
  );
  // A full list supersedes the earlier full copies of the same list (kept, with their bitmaps, for the retention period).
  if (copy.kind === 'federal' || copy.kind === 'state' || copy.kind === 'litigator' || copy.kind === 'wireless') {
    await pool.query<ResultSetHeader>(
      `UPDATE registry_copies SET superseded_at = CURRENT_TIMESTAMP(3) WHERE kind = ? AND state = ? AND id < ? AND superseded_at IS NULL AND status = 'loaded'${copy.kind === 'federal' && copy.areaCodes ? ' AND area_codes = ?' : ''}`,
      [copy.kind, copy.state, copy.id, ...(copy.kind === 'federal' && copy.areaCodes ? [copy.areaCodes.join(',')] : [])],
    );
  }
}

export async function copyById(pool: Pick<DbPool, 'query'>, id: number): Promise<CopyRecord> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM registry_copies WHERE id = ?', [id]);
  return recordOf(rows[0]!);
}

/** Stores malformed lines in batches (the first MAX_STORED; all are counted). */
export class ErrorRecorder {
  static readonly MAX_STORED = 10_000;
  count = 0;
  private rows: unknown[][] = [];
  constructor(private readonly pool: Pick<DbPool, 'query'>, private readonly copyId: number) {}

  add(lineNo: number, reason: string, text: string): void {
    this.count += 1;
    if (this.count <= ErrorRecorder.MAX_STORED) this.rows.push([this.copyId, lineNo, reason.slice(0, 128), text.slice(0, 80)]);
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.pool.query('INSERT IGNORE INTO registry_load_errors (copy_id, line_no, reason, text) VALUES ?', [rows]);
  }
}
