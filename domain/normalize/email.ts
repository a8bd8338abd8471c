// Email normalization: trimmed, lower-cased, practical RFC 5321 syntax check; invalid addresses are dropped with a warning.
import { EMPTY, invalid, type FieldResult } from '../field-result';

/*
 * Accepted syntax (a deliberate, practical subset of RFC 5321/5322):
 * - exactly one '@'; local part 1..64 characters of RFC 5322 "atext" (letters, digits and !#$%&'*+/=?^_`{|}~-),
 *   dots allowed only between atoms (no leading, trailing or doubled dot); quoted local parts are refused;
 * - domain: at least two dot-separated labels, each 1..63 of [a-z0-9-] not starting or ending with '-';
 *   the top-level label is letters only (2..63) or an IDNA A-label ('xn--…', which like every label does not end
 *   with '-'); IP-literal domains are refused;
 * - whole address at most 254 characters.
 * Internationalised addresses are ASCII-only here: a domain in Unicode (e.g. 'bücher.de') or a non-ASCII local
 * part is INVALID_EMAIL; its punycode form ('xn--bcher-kva.de') is accepted. This keeps the stored key ASCII,
 * so one mailbox cannot appear under two spellings (Unicode and punycode) in the match key.
 */
const EMAIL_SYNTAX =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--(?:[a-z0-9-]{0,58}[a-z0-9]))$/;

const NON_ASCII = /[^\x00-\x7f]/;

export const EMAIL_MAX_LENGTH = 254;
export const EMAIL_LOCAL_MAX_LENGTH = 64;

/** Trimmed, lower-cased email, or INVALID_EMAIL. Empty input gives an empty value and no warning. */
export function normalizeEmail(raw: string): FieldResult<string> {
  const trimmed = raw.trim();
  if (trimmed === '') return EMPTY;
  if (trimmed.length > EMAIL_MAX_LENGTH) return invalid('INVALID_EMAIL');
  // Checked before lower-casing: toLowerCase maps a few non-ASCII letters to ASCII (KELVIN SIGN → 'k').
  if (NON_ASCII.test(trimmed)) return invalid('INVALID_EMAIL');
  const email = trimmed.toLowerCase();
  if (!EMAIL_SYNTAX.test(email)) return invalid('INVALID_EMAIL');
  if (email.indexOf('@') > EMAIL_LOCAL_MAX_LENGTH) return invalid('INVALID_EMAIL');
  return { ok: true, value: email };
}
