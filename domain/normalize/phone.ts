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

/**
 * libphonenumber's own answer: parse with `region` as default country and keep the number only if isValid().
 * This is the reference the fast path must agree with; null means "not a valid number".
 */
export function parsePhoneExact(text: string, region: string): PhoneValue | null {
  assertPhoneRegion(region);
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: region }, PHONE_METADATA);
  if (!parsed || !parsed.isValid()) return null;
  return { e164: parsed.number, ext: parsed.ext ?? null };
}

/**
 * E.164 form of a phone number written in any common way ('(415) 555-0132', '415.555.0132', '+1 415 555 0132',
 * '1-415-555-0132', international '+44 20 7946 0958'); national numbers are read in `defaultRegion`.
 * An extension is returned apart. Unparseable, too short or not valid per libphonenumber → INVALID_PHONE.
 */
export function normalizePhone(raw: string, defaultRegion: string = DEFAULT_PHONE_REGION): FieldResult<PhoneValue> {
  const text = raw.trim();
  if (text === '') return EMPTY;
  const fast = tryNanpFastPath(text, defaultRegion, parsePhoneExact);
  const value = fast === undefined ? parsePhoneExact(text, defaultRegion) : fast;
  return value ? { ok: true, value } : invalid('INVALID_PHONE');
}
