// Valid NANP phone numbers and the many ways legacy forms wrote them, extensions and junk values included.
import { type Prng, Weighted } from './prng';
import type { SeenFilter } from './seen-filter';

export type PhoneStyle = 'paren' | 'dash' | 'dot' | 'plain' | 'intl-spaced' | 'e164' | 'one-dash';

/** Placeholders and fragments clerks typed when they had no real number. */
export const INVALID_PHONES: readonly string[] = ['555-1234', '000-000-0000', 'n/a', '12345', 'N/A', 'none', '999-999-9999', '867-5309', 'TBD'];

/** A random exchange (NXX): starts 2-9, is not an N11 service code and not the fictional 555. */
function exchange(rng: Prng): string {
  for (;;) {
    const nxx = rng.between(200, 999);
    if (nxx % 100 !== 11 && nxx !== 555 && nxx !== 958 && nxx !== 959) return String(nxx);
  }
}

/** A ten-digit number in one of the area codes, never handed out before (per the filter). */
export function newPhoneNumber(rng: Prng, areaCodes: readonly string[], seen: SeenFilter): string {
  for (;;) {
    const digits = rng.pick(areaCodes) + exchange(rng) + String(rng.int(10_000)).padStart(4, '0');
    if (seen.claim(digits)) return digits; // emails always contain '@', so the two kinds of key cannot collide
  }
}

/** Writes ten digits in a style, e.g. paren → "(415) 555-0132", intl-spaced → "+1 415 555 0132". */
export function formatPhone(digits: string, style: PhoneStyle): string {
  const a = digits.slice(0, 3);
  const b = digits.slice(3, 6);
  const c = digits.slice(6);
  switch (style) {
    case 'paren':
      return `(${a}) ${b}-${c}`;
    case 'dash':
      return `${a}-${b}-${c}`;
    case 'dot':
      return `${a}.${b}.${c}`;
    case 'plain':
      return digits;
    case 'intl-spaced':
      return `+1 ${a} ${b} ${c}`;
    case 'e164':
      return `+1${digits}`;
    case 'one-dash':
      return `1-${a}-${b}-${c}`;
  }
}

const extensionStyles = new Weighted<(ext: string) => string>([
  [(ext) => ` x${ext}`, 5],
  [(ext) => ` ext. ${ext}`, 3],
  [(ext) => ` ext ${ext}`, 1],
  [(ext) => ` X${ext}`, 1],
  [(ext) => `x${ext}`, 1],
]);

export function withExtension(rng: Prng, phone: string, ext: string): string {
  return phone + extensionStyles.pick(rng)(ext);
}
