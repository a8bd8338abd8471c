// The canonical raw fields every source is mapped onto, in the column order of the canonical batch CSV, and the contacts schema limits.

/** The fields a source column can be mapped onto (row_no and reject_* are written by the exporter itself). */
export const MAPPABLE_FIELDS = [
  'record_id',
  'email',
  'phone',
  'first_name',
  'last_name',
  'address_line',
  'city',
  'state',
  'postal_code',
  'country',
  'dob',
  'updated_at',
] as const;

export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** Column order of the canonical batch CSV that export writes to S3 (and the field order of `RawRow`). */
export const CANONICAL_COLUMNS = ['row_no', ...MAPPABLE_FIELDS, 'reject_code', 'reject_detail'] as const;

export type CanonicalField = (typeof CANONICAL_COLUMNS)[number];

/**
 * One source record as the exporter wrote it: every field a string, empty when absent.
 * `row_no` is the 1-based source row number; `reject_code`/`reject_detail` are set by the exporter when
 * the record could not be read at all (then the other fields may be empty).
 */
export type RawRow = Record<CanonicalField, string>;

/**
 * Maximum lengths, in characters (Unicode code points, as utf8mb4 VARCHAR counts them), of the contacts table columns.
 * `phone` limits the raw phone text as the source gave it; `e164` the normalized number; `country` is ISO alpha-2.
 */
export const FIELD_LIMITS = {
  record_id: 128,
  email: 254,
  phone: 64,
  e164: 16,
  first_name: 100,
  last_name: 100,
  address_line: 200,
  city: 100,
  state: 64,
  postal_code: 20,
  country: 2,
} as const;

/** An empty `RawRow` with `row_no` set: a convenient base for exporters and tests. */
export function emptyRawRow(rowNo: number): RawRow {
  return {
    row_no: String(rowNo),
    record_id: '',
    email: '',
    phone: '',
    first_name: '',
    last_name: '',
    address_line: '',
    city: '',
    state: '',
    postal_code: '',
    country: '',
    dob: '',
    updated_at: '',
    reject_code: '',
    reject_detail: '',
  };
}
