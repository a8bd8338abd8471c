// The checks that decide a record cannot be read at all (undecodable text, over-limit values, nothing in it): reasons, not warnings.
import { clipForReport, DETAIL_VALUE_MAX } from './field-result';
import { CANONICAL_COLUMNS, MAPPABLE_FIELDS, type CanonicalField } from './fields';
import { codePointLength } from './normalize/clean-text';

export const REJECT_CODES = ['ENCODING', 'FIELD_TOO_LONG', 'EMPTY_ROW'] as const;
/** Our own reasons; a reason the exporter set in `reject_code` (e.g. a CSV structure error) is passed through as is. */
export type DomainRejectCode = (typeof REJECT_CODES)[number];

/** The fields that carry source data (everything but row_no and the exporter's reject columns): the mappable ones. */
export const CONTENT_FIELDS = MAPPABLE_FIELDS;
/** Their positions in a canonical record. */
const CONTENT_INDEXES: readonly number[] = CONTENT_FIELDS.map((f) => CANONICAL_COLUMNS.indexOf(f));

export interface IntegrityProblem {
  reasonCode: DomainRejectCode;
  field?: CanonicalField;
  detail: string;
}

/** Quick screen (a char loop beats 12 regex calls a row): C0 except tab/LF/CR, DEL, C1, U+FFFD, any surrogate. */
function hasSuspectChar(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20) {
      if (c !== 9 && c !== 10 && c !== 13) return true;
    } else if (c >= 0x7f && (c <= 0x9f || c === 0xfffd || (c >= 0xd800 && c <= 0xdfff))) {
      return true;
    }
  }
  return false;
}
const UNDECODABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function describe(char: string): string {
  const hex = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (char === '\ufffd') return `${hex} (replacement character: bytes that were not valid in the source encoding)`;
  if (char === '\u0000') return `${hex} (NUL)`;
  if (char.charCodeAt(0) >= 0xd800 && char.charCodeAt(0) <= 0xdfff) return `${hex} (unpaired surrogate)`;
  return `${hex} (control character)`;
}

/**
 * ENCODING when a content field holds U+FFFD (undecodable bytes), NUL or another control character (C0 other
 * than tab and line breaks, DEL, C1), or an unpaired surrogate. Line breaks are legitimate inside quoted CSV
 * fields (a street line, then the apartment): text normalization collapses them to a space. Only the position and code point are
 * reported, never the value. `record` is a canonical record (CANONICAL_COLUMNS order).
 */
export function findEncodingProblem(record: readonly string[]): IntegrityProblem | null {
  let suspect = false;
  for (let i = 0; i < CONTENT_INDEXES.length && !suspect; i++) suspect = hasSuspectChar(record[CONTENT_INDEXES[i]!]!);
  if (!suspect) return null;
  for (let i = 0; i < CONTENT_INDEXES.length; i++) {
    const field = CONTENT_FIELDS[i]!;
    const m = UNDECODABLE.exec(record[CONTENT_INDEXES[i]!]!);
    if (!m) continue;
    return {
      reasonCode: 'ENCODING',
      field,
      detail: `${field}: contains ${describe(m[0])} at character ${m.index + 1}; the rule is no undecodable bytes and no control characters other than tab and line breaks`,
    };
  }
  return null;
}

function isBlank(value: string): boolean {
  return value.length === 0 || value.trim().length === 0;
}

/** EMPTY_ROW when no content field of a canonical record has anything but whitespace. */
export function isEmptyRecord(record: readonly string[]): boolean {
  for (let i = 0; i < CONTENT_INDEXES.length; i++) if (!isBlank(record[CONTENT_INDEXES[i]!]!)) return false;
  return true;
}

/** FIELD_TOO_LONG naming the field, its length and the limit, with at most DETAIL_VALUE_MAX characters of the value. */
export function tooLong(field: CanonicalField, value: string, limit: number): IntegrityProblem {
  return {
    reasonCode: 'FIELD_TOO_LONG',
    field,
    detail: `${field}: ${codePointLength(value)} characters, over the schema limit of ${limit}: "${clipForReport(value, DETAIL_VALUE_MAX)}"`,
  };
}
