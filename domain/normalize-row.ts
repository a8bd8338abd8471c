// The per-row entry point of ingestion: reject what cannot be read, normalize every field as the contact schema
// declares it, keep invalid ones as warnings.
import { clipForReport, type FieldResult, type FieldWarning } from './field-result';
import {
  DERIVED_COLUMNS, KEY_COLUMNS, RECORD_ID_LIMIT, SOURCE_FIELD_SPECS, SOURCE_FIELDS, VALUE_COLUMNS, valueIndex,
  type FieldRecipe, type NormalizeOptions, type SourceFieldSpec, type ValueColumn,
} from './contact-schema';
import { CANONICAL_COLUMNS, CANONICAL_INDEX, recordOf, type CanonicalField, type RawRow } from './fields';
import { exceedsLimit } from './normalize/clean-text';
import { assertPhoneRegion, type PhoneValue } from './normalize/phone';
import type { TimestampValue } from './normalize/timestamp';
import { findEncodingProblem, isEmptyRecord, tooLong, type IntegrityProblem } from './row-integrity';

export interface NormalizeRowOptions extends NormalizeOptions {
  /** Read 'NN/NN/YYYY' dates of birth day first. */
  dayFirst?: boolean;
  /** Current time in epoch ms (injected): bounds dates of birth and timestamps. */
  now: number;
}

export interface NormalizedContact {
  rowNo: number;
  recordId: string;
  /** The stored values in VALUE_COLUMNS order, null when empty (see contactValue / contactValues). */
  values: Array<string | null>;
  /** Source timestamp, UTC epoch ms. */
  updatedAtMs: number | null;
  /** Source timestamp as DATETIME(3) in UTC. */
  updatedAt: string | null;
  /** A match-key column (email or phone) has a value: the row is identified by them rather than by its source. */
  hasContactKey: boolean;
}

export interface RowAccepted {
  kind: 'ok';
  contact: NormalizedContact;
  warnings: FieldWarning[];
}

export interface RowRejected {
  kind: 'rejected';
  rowNo: number;
  recordId: string;
  /** ENCODING, FIELD_TOO_LONG, EMPTY_ROW, or the exporter's own reject_code passed through. */
  reasonCode: string;
  field?: CanonicalField;
  detail: string;
}

export type NormalizeRowResult = RowAccepted | RowRejected;

/** The exporter wrote a row number that is not a positive integer: a broken batch file, not a bad record. */
export class InvalidRowNumberError extends Error {
  override readonly name = 'InvalidRowNumberError';
  constructor(readonly rowNo: string) {
    super(`row_no: "${clipForReport(rowNo, 64)}" is not a positive integer (the exporter numbers source rows from 1)`);
  }
}

/** A value of a normalized contact by column name (tests, tools; the hot path reads `values` by index). */
export function contactValue(contact: Pick<NormalizedContact, 'values'>, column: ValueColumn): string | null {
  return contact.values[valueIndex(column)] ?? null;
}

/** The values of a normalized contact as an object keyed by column name. */
export function contactValues(contact: Pick<NormalizedContact, 'values'>): Record<ValueColumn, string | null> {
  return Object.fromEntries(VALUE_COLUMNS.map((c, i) => [c, contact.values[i] ?? null])) as Record<ValueColumn, string | null>;
}

const CLEAN = 0;
const CHECK = 1;
const PHONE = 2;
const RECORD_ID = 3;
const TIMESTAMP = 4;
const KIND: Record<FieldRecipe['kind'], number> = { clean: CLEAN, check: CHECK, phone: PHONE, recordId: RECORD_ID, timestamp: TIMESTAMP };

/** One source field's normalization, resolved to indexes once. */
interface Step {
  field: CanonicalField;
  /** Position in the canonical record. */
  at: number;
  kind: number;
  /** 0 when unlimited. */
  limit: number;
  /** The recipe's function (clean, check or parse), or null: one property for every step, so reads stay monomorphic. */
  fn: ((raw: string, options: NormalizeRowOptions) => unknown) | null;
  /** Value indexes the field fills. */
  into: number[];
}

const STEPS: readonly Step[] = SOURCE_FIELDS.map((field) => {
  const spec: SourceFieldSpec = SOURCE_FIELD_SPECS[field];
  const recipe = spec.recipe;
  return {
    field, at: CANONICAL_COLUMNS.indexOf(field), kind: KIND[recipe.kind], limit: spec.limit ?? 0,
    fn: recipe.kind === 'clean' ? recipe.clean : recipe.kind === 'check' ? recipe.check : recipe.kind === 'phone' ? (raw, o) => recipe.parse(raw, o.defaultRegion)
      : recipe.kind === 'timestamp' ? recipe.parse : null,
    into: 'into' in recipe ? recipe.into.map(valueIndex) : [],
  };
});
const DERIVED = DERIVED_COLUMNS.map((d) => ({ at: valueIndex(d.column), a: valueIndex(d.from[0]), b: valueIndex(d.from[1]), derive: d.derive }));
const KEY_INDEXES = KEY_COLUMNS.map(valueIndex);
/** A packed all-null values array: copied per row (slice keeps it packed, unlike new Array(n).fill). */
const NO_VALUES: ReadonlyArray<string | null> = VALUE_COLUMNS.map(() => null);

const ROW_NO = /^[1-9]\d{0,15}$/;
const MAX_RECORD_ID = RECORD_ID_LIMIT;

function rejected(rowNo: number, recordId: string, p: IntegrityProblem | { reasonCode: string; detail: string; field?: CanonicalField }): RowRejected {
  const out: RowRejected = { kind: 'rejected', rowNo, recordId: clipForReport(recordId, MAX_RECORD_ID), reasonCode: p.reasonCode, detail: p.detail };
  if (p.field !== undefined) out.field = p.field;
  return out;
}

/** `normalizeRecord` for a RawRow object (tests, tools). */
export function normalizeRow(raw: RawRow, options: NormalizeRowOptions): NormalizeRowResult {
  return normalizeRecord(recordOf(raw), options);
}

/**
 * Normalizes one exported record (a canonical batch CSV record, CANONICAL_COLUMNS order). Rejects only what
 * cannot be read at all: an exporter reject (passed through), a completely empty row, undecodable text, a value
 * over its schema limit. Every other problem empties that one field and adds a FieldWarning carrying the raw value.
 */
export function normalizeRecord(record: readonly string[], options: NormalizeRowOptions): NormalizeRowResult {
  const rowNoRaw = record[CANONICAL_INDEX.rowNo]!;
  const rowNoText = rowNoRaw.trim();
  if (!ROW_NO.test(rowNoText)) throw new InvalidRowNumberError(rowNoRaw);
  const rowNo = Number(rowNoText);
  const recordId = record[CANONICAL_INDEX.recordId]!.trim();

  const exporterCode = record[CANONICAL_INDEX.rejectCode]!.trim();
  if (exporterCode !== '') {
    return rejected(rowNo, recordId, { reasonCode: exporterCode, detail: clipForReport(record[CANONICAL_INDEX.rejectDetail]!.trim(), 256) });
  }
  if (isEmptyRecord(record)) return rejected(rowNo, recordId, { reasonCode: 'EMPTY_ROW', detail: 'row: every field is empty' });
  const encoding = findEncodingProblem(record);
  if (encoding) return rejected(rowNo, encoding.field === CANONICAL_COLUMNS[CANONICAL_INDEX.recordId] ? '' : recordId, encoding);

  assertPhoneRegion(options.defaultRegion);
  const values = NO_VALUES.slice();
  let warnings: FieldWarning[] | null = null;
  let updatedAtMs: number | null = null;
  let updatedAt: string | null = null;
  for (let s = 0; s < STEPS.length; s++) {
    const step = STEPS[s]!;
    const raw = record[step.at]!;
    const kind = step.kind;
    if (kind === CLEAN) {
      const value = step.fn!(raw, options) as string | null;
      if (value !== null && step.limit > 0 && exceedsLimit(value, step.limit)) return rejected(rowNo, recordId, tooLong(step.field, value, step.limit));
      values[step.into[0]!] = value;
      continue;
    }
    if (step.limit > 0) {
      const text = raw.trim();
      if (exceedsLimit(text, step.limit)) return rejected(rowNo, recordId, tooLong(step.field, text, step.limit));
    }
    if (kind === RECORD_ID) continue;
    let code;
    if (kind === CHECK) {
      const result = step.fn!(raw, options) as FieldResult<string>;
      if (result.ok) values[step.into[0]!] = result.value;
      else code = result.code;
    } else if (kind === PHONE) {
      const result = step.fn!(raw, options) as FieldResult<PhoneValue>;
      if (result.ok) {
        values[step.into[0]!] = result.value?.e164 ?? null;
        values[step.into[1]!] = result.value?.ext ?? null;
      } else code = result.code;
    } else {
      const result = step.fn!(raw, options) as FieldResult<TimestampValue>;
      if (result.ok) {
        updatedAtMs = result.value?.ms ?? null;
        updatedAt = result.value?.datetime ?? null;
      } else code = result.code;
    }
    if (code !== undefined) (warnings ??= []).push({ field: step.field, code, raw: clipForReport(raw) });
  }
  for (const d of DERIVED) values[d.at] = d.derive(values[d.a] ?? null, values[d.b] ?? null);
  let hasContactKey = false;
  for (const k of KEY_INDEXES) if (values[k] !== null) hasContactKey = true;
  return {
    kind: 'ok',
    // A kept row without a source id is identified by its row number (its match key and source_record_id).
    contact: { rowNo, recordId: recordId === '' ? rowNoText : recordId, values, updatedAtMs, updatedAt, hasContactKey },
    warnings: warnings ?? [],
  };
}
