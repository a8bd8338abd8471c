// The per-row entry point of ingestion: reject what cannot be read, normalize every field, keep invalid ones as warnings.
import { clipForReport, type FieldWarning, type FieldWarningCode } from './field-result';
import { FIELD_LIMITS, type CanonicalField, type RawRow } from './fields';
import { normalizeAddressText, normalizePostalCode, normalizeState } from './normalize/address';
import { exceedsLimit } from './normalize/clean-text';
import { normalizeCountry } from './normalize/country';
import { normalizeDob } from './normalize/dob';
import { normalizeEmail } from './normalize/email';
import { nameKey, normalizeName } from './normalize/name';
import { assertPhoneRegion, normalizePhone } from './normalize/phone';
import { normalizeTimestamp } from './normalize/timestamp';
import { findEncodingProblem, isEmptyRow, tooLong, type IntegrityProblem } from './row-integrity';

export interface NormalizeRowOptions {
  /** Region for national phone numbers (ISO alpha-2, e.g. 'US'). */
  defaultRegion: string;
  /** Read 'NN/NN/YYYY' dates of birth day first. */
  dayFirst?: boolean;
  /** Current time in epoch ms (injected): bounds dates of birth and timestamps. */
  now: number;
}

export interface NormalizedContact {
  rowNo: number;
  recordId: string;
  email: string | null;
  phoneE164: string | null;
  phoneExt: string | null;
  firstName: string | null;
  lastName: string | null;
  nameKey: string | null;
  addressLine: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  /** 'YYYY-MM-DD'. */
  dob: string | null;
  /** Source timestamp, UTC epoch ms. */
  updatedAtMs: number | null;
  /** Source timestamp as DATETIME(3) in UTC. */
  updatedAt: string | null;
  /** Email or phone present: the row is identified by them rather than by its source. */
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

function warn(warnings: FieldWarning[], field: CanonicalField, code: FieldWarningCode, raw: string): void {
  warnings.push({ field, code, raw: clipForReport(raw) });
}

const ROW_NO = /^[1-9]\d{0,15}$/;
/** Limits copied to plain constants once: read 9 times a row, and imported bindings cost a getter call each. */
const { record_id: MAX_RECORD_ID, email: MAX_EMAIL, phone: MAX_PHONE, first_name: MAX_FIRST_NAME, last_name: MAX_LAST_NAME } = FIELD_LIMITS;
const { address_line: MAX_ADDRESS_LINE, city: MAX_CITY, state: MAX_STATE, postal_code: MAX_POSTAL_CODE } = FIELD_LIMITS;

function rejected(rowNo: number, recordId: string, p: IntegrityProblem | { reasonCode: string; detail: string; field?: CanonicalField }): RowRejected {
  const out: RowRejected = { kind: 'rejected', rowNo, recordId: clipForReport(recordId, MAX_RECORD_ID), reasonCode: p.reasonCode, detail: p.detail };
  if (p.field !== undefined) out.field = p.field;
  return out;
}

/**
 * Normalizes one exported record. Rejects only what cannot be read at all: an exporter reject (passed through),
 * a completely empty row, undecodable text, a value over its schema limit. Every other problem empties that
 * one field and adds a FieldWarning carrying the raw value.
 */
export function normalizeRow(raw: RawRow, options: NormalizeRowOptions): NormalizeRowResult {
  const rowNoText = raw.row_no.trim();
  if (!ROW_NO.test(rowNoText)) throw new InvalidRowNumberError(raw.row_no);
  const rowNo = Number(rowNoText);
  const recordId = raw.record_id.trim();

  const exporterCode = raw.reject_code.trim();
  if (exporterCode !== '') {
    return rejected(rowNo, recordId, { reasonCode: exporterCode, detail: clipForReport(raw.reject_detail.trim(), 256) });
  }
  if (isEmptyRow(raw)) return rejected(rowNo, recordId, { reasonCode: 'EMPTY_ROW', detail: 'row: every field is empty' });
  const encoding = findEncodingProblem(raw);
  if (encoding) return rejected(rowNo, encoding.field === 'record_id' ? '' : recordId, encoding);

  if (exceedsLimit(recordId, MAX_RECORD_ID)) return rejected(rowNo, recordId, tooLong('record_id', recordId, MAX_RECORD_ID));
  const emailText = raw.email.trim();
  if (exceedsLimit(emailText, MAX_EMAIL)) return rejected(rowNo, recordId, tooLong('email', emailText, MAX_EMAIL));
  const phoneText = raw.phone.trim();
  if (exceedsLimit(phoneText, MAX_PHONE)) return rejected(rowNo, recordId, tooLong('phone', phoneText, MAX_PHONE));
  const firstName = normalizeName(raw.first_name);
  if (firstName !== null && exceedsLimit(firstName, MAX_FIRST_NAME)) return rejected(rowNo, recordId, tooLong('first_name', firstName, MAX_FIRST_NAME));
  const lastName = normalizeName(raw.last_name);
  if (lastName !== null && exceedsLimit(lastName, MAX_LAST_NAME)) return rejected(rowNo, recordId, tooLong('last_name', lastName, MAX_LAST_NAME));
  const addressLine = normalizeAddressText(raw.address_line);
  if (addressLine !== null && exceedsLimit(addressLine, MAX_ADDRESS_LINE)) return rejected(rowNo, recordId, tooLong('address_line', addressLine, MAX_ADDRESS_LINE));
  const city = normalizeAddressText(raw.city);
  if (city !== null && exceedsLimit(city, MAX_CITY)) return rejected(rowNo, recordId, tooLong('city', city, MAX_CITY));
  const state = normalizeState(raw.state);
  if (state !== null && exceedsLimit(state, MAX_STATE)) return rejected(rowNo, recordId, tooLong('state', state, MAX_STATE));
  const postalCode = normalizePostalCode(raw.postal_code);
  if (postalCode !== null && exceedsLimit(postalCode, MAX_POSTAL_CODE)) return rejected(rowNo, recordId, tooLong('postal_code', postalCode, MAX_POSTAL_CODE));

  assertPhoneRegion(options.defaultRegion);
  const warnings: FieldWarning[] = [];
  const email = normalizeEmail(emailText);
  if (!email.ok) warn(warnings, 'email', email.code, raw.email);
  const phone = normalizePhone(phoneText, options.defaultRegion);
  if (!phone.ok) warn(warnings, 'phone', phone.code, raw.phone);
  const country = normalizeCountry(raw.country);
  if (!country.ok) warn(warnings, 'country', country.code, raw.country);
  const dob = normalizeDob(raw.dob, options);
  if (!dob.ok) warn(warnings, 'dob', dob.code, raw.dob);
  const updated = normalizeTimestamp(raw.updated_at, options);
  if (!updated.ok) warn(warnings, 'updated_at', updated.code, raw.updated_at);

  const emailValue = email.ok ? email.value : null;
  const phoneValue = phone.ok ? phone.value : null;
  const updatedValue = updated.ok ? updated.value : null;
  return {
    kind: 'ok',
    contact: {
      rowNo,
      // A kept row without a source id is identified by its row number (its match key and source_record_id).
      recordId: recordId === '' ? rowNoText : recordId,
      email: emailValue,
      phoneE164: phoneValue?.e164 ?? null,
      phoneExt: phoneValue?.ext ?? null,
      firstName,
      lastName,
      nameKey: nameKey(firstName, lastName),
      addressLine,
      city,
      state,
      postalCode,
      country: country.ok ? country.value : null,
      dob: dob.ok ? dob.value : null,
      updatedAtMs: updatedValue?.ms ?? null,
      updatedAt: updatedValue?.datetime ?? null,
      hasContactKey: emailValue !== null || phoneValue !== null,
    },
    warnings,
  };
}
