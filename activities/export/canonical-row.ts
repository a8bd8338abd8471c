// Turns one source record into one canonical row (CANONICAL_COLUMNS order) through the resolved column mapping,
// or into a reject row with a reason when the record cannot be read; every source record yields exactly one row.
import { isUtf8 } from 'node:buffer';
import { CANONICAL_COLUMNS, CANONICAL_INDEX, MAPPABLE_FIELDS, type CanonicalField } from '../../domain/fields';
import { columnsOf, type ColumnMapping } from '../../domain/column-mapping';

const { rowNo: ROW_NO, recordId: RECORD_ID, rejectCode: REJECT_CODE, rejectDetail: REJECT_DETAIL } = CANONICAL_INDEX;
const MAPPABLE: ReadonlySet<string> = new Set(MAPPABLE_FIELDS);

/** A value of a record that cannot be turned into text; the record becomes a reject row with this code. */
export class UnreadableValueError extends Error {
  override name = 'UnreadableValueError';
  constructor(readonly code: string, readonly detail: string) {
    super(detail);
  }
}

export class CanonicalRowPlan {
  /** Per canonical column: the index of the source value feeding it, or -1. */
  private readonly sourceIndex: number[];
  /** Per canonical column fed by several source columns (joined with a space): their indices; else null. */
  private readonly joined: Array<number[] | null>;

  /** `columns` are the source column names in the order values will be presented to `build`. */
  constructor(mapping: ColumnMapping, private readonly columns: readonly string[]) {
    const byName = new Map<string, number>();
    columns.forEach((c, i) => {
      if (!byName.has(c)) byName.set(c, i);
    });
    const indexOf = (column: string, field: string) => {
      const index = byName.get(column);
      if (index === undefined) throw new Error(`mapped column "${column}" for ${field} is not among the source columns`);
      return index;
    };
    this.joined = CANONICAL_COLUMNS.map((field) => {
      const cols = columnsOf((mapping as Partial<Record<CanonicalField, string | string[]>>)[field]);
      return MAPPABLE.has(field) && cols.length > 1 ? cols.map((c) => indexOf(c, field)) : null;
    });
    this.sourceIndex = CANONICAL_COLUMNS.map((field) => {
      const cols = columnsOf((mapping as Partial<Record<CanonicalField, string | string[]>>)[field]);
      if (cols.length === 0 || !MAPPABLE.has(field)) return -1;
      return indexOf(cols[0]!, field);
    });
  }

  /** Source column indices the plan reads (for sources that select only what they need). */
  get usedIndices(): number[] {
    const all = [...this.sourceIndex.filter((i) => i >= 0), ...this.joined.flatMap((j) => j ?? [])];
    return [...new Set(all)].sort((a, b) => a - b);
  }

  /** Index of the source value feeding record_id, or -1 when the source has no id column. */
  get recordIdIndex(): number {
    return this.sourceIndex[RECORD_ID]!;
  }

  /**
   * The canonical row for record `rowNo`; `valueAt(i)` returns source value i as text and may throw
   * UnreadableValueError, which makes the row a reject that still carries the record id when that one value
   * reads. An unmapped or empty record_id stays empty: ingestion rejects an all-empty row as EMPTY_ROW and
   * identifies a kept row without an id by its row number.
   */
  build(rowNo: number, valueAt: (sourceIndex: number) => string): string[] {
    const row = new Array<string>(CANONICAL_COLUMNS.length);
    try {
      for (let c = 0; c < row.length; c++) {
        const i = this.sourceIndex[c]!;
        const several = this.joined[c];
        const value = several ? several.map((k) => valueAt(k).trim()).filter((v) => v !== '').join(' ') : i < 0 ? '' : valueAt(i);
        // fast-csv's formatter drops NUL characters; reject instead of silently altering the value.
        if (value.includes('\0')) throw new UnreadableValueError('NUL_CHARACTER', `column "${this.columns[i]}" contains a NUL character`);
        row[c] = value;
      }
    } catch (err) {
      if (err instanceof UnreadableValueError) return this.reject(rowNo, err.code, err.detail, this.readableRecordId(valueAt));
      throw err;
    }
    row[ROW_NO] = String(rowNo);
    return row;
  }

  /** The record id as text when the id column reads cleanly (no error, no NUL), else ''. */
  readableRecordId(valueAt: (sourceIndex: number) => string): string {
    const i = this.recordIdIndex;
    if (i < 0) return '';
    try {
      const id = valueAt(i);
      return id.includes('\0') ? '' : id;
    } catch (err) {
      if (err instanceof UnreadableValueError) return '';
      throw err;
    }
  }

  /** A reject row: row number, the record id when it could be read (else empty), reason code and detail. */
  reject(rowNo: number, code: string, detail: string, recordId = ''): string[] {
    const row = new Array<string>(CANONICAL_COLUMNS.length).fill('');
    row[ROW_NO] = String(rowNo);
    row[RECORD_ID] = recordId;
    row[REJECT_CODE] = code;
    row[REJECT_DETAIL] = detail;
    return row;
  }
}

/**
 * Raw text of a database value: strings as they are, numbers and bigints via String(), dates already strings
 * (dateStrings), JSON objects serialized, binary only when it is valid UTF-8.
 */
export function databaseValueText(value: unknown, column: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (Buffer.isBuffer(value)) {
    if (isUtf8(value)) return value.toString('utf8');
    throw new UnreadableValueError('INVALID_ENCODING', `column "${column}" holds binary data that is not valid UTF-8`);
  }
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}
