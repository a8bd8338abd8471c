// Phone normalization to E.164 with libphonenumber ("max" metadata), extensions split off, invalid numbers dropped with a warning.
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/core';
import { EMPTY, invalid, type FieldResult } from '../field-result';
import { tryNanpFastPath } from './nanp-fast-path';
import { PHONE_METADATA } from './phone-metadata';

export interface PhoneValue {
  /** '+' and up to 15 digits. */
  e164: string;
  /** Extension digits ('x123', 'ext. 123', '#123' → '123'), kept apart from the number. */
  ext: string | null;
}

export const DEFAULT_PHONE_REGION = 'US';

/** The configured default region is not a region libphonenumber knows: a configuration error, not a data error. */
export class UnsupportedRegionError extends Error {
  override readonly name = 'UnsupportedRegionError';
  constructor(readonly region: string) {
    super(`defaultRegion: "${region}" is not an ISO 3166 alpha-2 region known to libphonenumber`);
  }
}

const checkedRegions = new Set<string>();

/** Throws UnsupportedRegionError unless libphonenumber's metadata has the region. */
export function assertPhoneRegion(region: string): asserts region is CountryCode {
  if (checkedRegions.has(region)) return;
  if (!isSupportedCountry(region as CountryCode, PHONE_METADATA)) throw new UnsupportedRegionError(region);
  checkedRegions.add(region);
}

/** Digits as libphonenumber-js reads them (ASCII, full-width, Arabic-Indic, Eastern Arabic-Indic). */
const D = '0-9\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9';
/**
 * RFC 3966 global-number-digits (as libphonenumber-js defines it) and domainname (as RFC 3966 and Google's
 * libphonenumber define it: the JS port accepts only digits below the top label, so it refuses 'example.com'),
 * without the `g` flag and without nested quantifiers.
 */
const GLOBAL_NUMBER_DIGITS = new RegExp(`^\\+[-.()${D}]*[${D}][-.()${D}]*$`);
const DOMAIN_NAME = /^(?:[a-z0-9]+(?:-+[a-z0-9]+)*\.)*[a-z](?:[-a-z0-9]*[a-z0-9])?\.?$/i;
const PHONE_CONTEXT = ';phone-context=';

/**
 * Resolves an RFC 3966 `;phone-context=` before libphonenumber sees it, the way libphonenumber-js means to:
 * a global context ('+1-415') is prefixed to the local number, a domain context is dropped, anything else is
 * not a number (null). Why not leave it to the library: it checks the context with `g`-flagged regexes whose
 * lastIndex survives between calls, so the same input alternates between valid and invalid.
 * Text without the parameter is returned as it is.
 */
export function resolvePhoneContext(text: string): string | null {
  if (!text.includes(';')) return text;
  const at = text.toLowerCase().indexOf(PHONE_CONTEXT);
  if (at < 0) return text;
  const start = at + PHONE_CONTEXT.length;
  const end = text.indexOf(';', start);
  const context = text.slice(start, end < 0 ? text.length : end);
  const global = GLOBAL_NUMBER_DIGITS.test(context);
  if (!global && !DOMAIN_NAME.test(context)) return null;
  const tel = text.slice(0, at).toLowerCase().indexOf('tel:');
  const local = text.slice(tel < 0 ? 0 : tel + 4, at);
  return global ? context + local : local;
}

/** NANP national numbers have exactly 10 digits; libphonenumber also accepts Canada's 7-digit 310-xxxx service numbers. */
const NANP_CALLING_CODE = '1';
const NANP_NATIONAL_DIGITS = 10;

/**
 * libphonenumber's answer (max metadata): parse with `region` as default country and keep the number only if
 * isValid(), with two project rules on top: a `;phone-context=` is resolved first (resolvePhoneContext), and a
 * NANP number must have its area code (a 7-digit local number has no E.164 form: '310-1234' is not '+13101234').
 * This is the reference the fast path must agree with; null means "not a valid number".
 */
export function parsePhoneExact(text: string, region: string): PhoneValue | null {
  assertPhoneRegion(region);
  const resolved = resolvePhoneContext(text);
  if (resolved === null) return null;
  const parsed = parsePhoneNumberFromString(resolved, { defaultCountry: region }, PHONE_METADATA);
  if (!parsed || !parsed.isValid()) return null;
  if (parsed.countryCallingCode === NANP_CALLING_CODE && parsed.nationalNumber.length !== NANP_NATIONAL_DIGITS) return null;
  return { e164: parsed.number, ext: parsed.ext ?? null };
}

/**
 * E.164 form of a phone number written in any common way ('(415) 555-0132', '415.555.0132', '+1 415 555 0132',
 * '1-415-555-0132', international '+44 20 7946 0958'); national numbers are read in `defaultRegion`.
 * An extension is returned apart. Unparseable, too short (a NANP number without its area code included) or not
 * valid per libphonenumber → INVALID_PHONE. The verdict depends on the input and region only, never on earlier calls.
 */
export function normalizePhone(raw: string, defaultRegion: string = DEFAULT_PHONE_REGION): FieldResult<PhoneValue> {
  const text = raw.trim();
  if (text === '') return EMPTY;
  const fast = tryNanpFastPath(text, defaultRegion, parsePhoneExact);
  const value = fast === undefined ? parsePhoneExact(text, defaultRegion) : fast;
  return value ? { ok: true, value } : invalid('INVALID_PHONE');
}
