// Postal address parts: free text cleaned like every text field, state codes and postal codes in upper case.
import { cleanText } from './clean-text';

const TWO_LETTERS = /^[A-Za-z]{2}$/;

/** Street line or city: trimmed, whitespace collapsed, NFC. */
export function normalizeAddressText(raw: string): string | null {
  return cleanText(raw);
}

/** State/region: cleaned; a two-letter code is upper-cased ('ca' → 'CA'), names are kept as written. */
export function normalizeState(raw: string): string | null {
  const text = cleanText(raw);
  return text !== null && TWO_LETTERS.test(text) ? text.toUpperCase() : text;
}

/** Postal code: cleaned and upper-cased ('sw1a 1aa' → 'SW1A 1AA'); digits are kept as text (leading zeros survive). */
export function normalizePostalCode(raw: string): string | null {
  const text = cleanText(raw);
  return text === null ? null : text.toUpperCase();
}
