// The canonical batch CSV's columns and the raw row it holds, derived from the contact schema, plus its limits.
import { RECORD_ID_FIELD, SOURCE_FIELDS, type SourceField } from './contact-schema';

export { FIELD_LIMITS } from './contact-schema';

/** The fields a source column can be mapped onto (row_no and reject_* are written by the exporter itself). */
export const MAPPABLE_FIELDS: readonly SourceField[] = SOURCE_FIELDS;

export type MappableField = SourceField;

const ROW_NO = 'row_no';
const REJECT_CODE = 'reject_code';
const REJECT_DETAIL = 'reject_detail';

/** Column order of the canonical batch CSV that export writes to S3 (and the field order of `RawRow`). */
export const CANONICAL_COLUMNS = [ROW_NO, ...MAPPABLE_FIELDS, REJECT_CODE, REJECT_DETAIL] as const;

export type CanonicalField = typeof ROW_NO | SourceField | typeof REJECT_CODE | typeof REJECT_DETAIL;

/** Positions in a canonical record (a parsed batch CSV line). */
export const CANONICAL_INDEX = {
  rowNo: 0,
  recordId: CANONICAL_COLUMNS.indexOf(RECORD_ID_FIELD),
  rejectCode: CANONICAL_COLUMNS.length - 2,
  rejectDetail: CANONICAL_COLUMNS.length - 1,
} as const;

/**
 * One source record as the exporter wrote it: every field a string, empty when absent.
 * `row_no` is the 1-based source row number; `reject_code`/`reject_detail` are set by the exporter when
 * the record could not be read at all (then the other fields may be empty).
 */
export type RawRow = Record<CanonicalField, string>;

/** An empty `RawRow` with `row_no` set: a convenient base for exporters and tests. */
export function emptyRawRow(rowNo: number): RawRow {
  const row = Object.fromEntries(CANONICAL_COLUMNS.map((c) => [c, ''])) as RawRow;
  row.row_no = String(rowNo);
  return row;
}

/** A RawRow as a canonical record (values in CANONICAL_COLUMNS order). */
export function recordOf(raw: RawRow): string[] {
  return CANONICAL_COLUMNS.map((c) => raw[c]);
}
