// The per-field outcome of normalization: a value (or nothing), or a warning code saying why the raw value was dropped.
import { type CanonicalField } from './fields';

export const FIELD_WARNING_CODES = [
  'INVALID_EMAIL',
  'INVALID_PHONE',
  'INVALID_DATE',
  'INVALID_TIMESTAMP',
  'MISSING_TIMESTAMP',
  'INVALID_COUNTRY',
] as const;

export type FieldWarningCode = (typeof FIELD_WARNING_CODES)[number];

/** A field whose value was invalid: it is stored empty and this warning (with the raw value) is kept on the batch. */
export interface FieldWarning {
  field: CanonicalField;
  code: FieldWarningCode;
  /** The raw value as the source gave it, cut to `WARNING_RAW_MAX` characters (see `clipForReport`). */
  raw: string;
}

/** `ok` with a value (null when the input was empty), or not ok with the reason. */
export type FieldResult<T> = { ok: true; value: T | null } | { ok: false; code: FieldWarningCode };

/** Shared result for empty input: normalizers return it instead of allocating. */
export const EMPTY: { ok: true; value: null } = Object.freeze({ ok: true, value: null }) as { ok: true; value: null };

const INVALID_BY_CODE = new Map<FieldWarningCode, { ok: false; code: FieldWarningCode }>(
  FIELD_WARNING_CODES.map((code) => [code, Object.freeze({ ok: false as const, code })]),
);

/** Shared (frozen) failure result for a warning code. */
export function invalid(code: FieldWarningCode): { ok: false; code: FieldWarningCode } {
  return INVALID_BY_CODE.get(code) ?? { ok: false, code };
}

/** Warnings and reject details never carry more than this many characters of a raw value. */
export const WARNING_RAW_MAX = 256;
export const DETAIL_VALUE_MAX = 64;

/** Cuts a value for a report: at most `max` UTF-16 units, never splitting a surrogate pair, with an ellipsis when cut. */
export function clipForReport(value: string, max: number = WARNING_RAW_MAX): string {
  if (value.length <= max) return value;
  let end = max;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${value.slice(0, end)}…`;
}
