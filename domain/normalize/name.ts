// Person names: stored trimmed/collapsed/NFC with accents and scripts intact, plus an accent-free comparison key for dedupe.
import { cleanText, detach } from './clean-text';

/** Stored form of a name part: trimmed, whitespace collapsed, NFC. Null when empty. */
export function normalizeName(raw: string): string | null {
  return cleanText(raw);
}

const NON_ASCII = /[^\x00-\x7f]/;
/** Already in key form apart from case: the common case, answered without the full pipeline. */
const PLAIN_ASCII_WORDS = /^[A-Za-z]+(?: [A-Za-z]+)*$/;
const NONSPACING_MARKS = /\p{Mn}+/gu;
/** Apostrophes and dots join ("O'Brien" → "obrien", "J.R." → "jr"). */
const JOINING_PUNCTUATION = /['’‘`´.·]+/g;
/** Other punctuation (and '|', the key's separator) separates ("Jean-Luc" → "jean luc"). */
const SEPARATING_PUNCTUATION = /[\p{P}|]+/gu;
const WHITESPACE_RUN = /\s+/g;
/** Latin letters that carry their "accent" in the base letter, so NFKD leaves them alone. */
const LATIN_FOLDS: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };
const LATIN_FOLDABLE = /[ßæœøłđðþıħ]/g;

/** Names repeat a lot ('María', 'O'Brien'): the full pipeline runs once per distinct spelling (bounded memo). */
const recentKeys = new Map<string, string>();
const RECENT_MAX = 50_000;

/** Comparison form of one name part: NFKD, non-spacing marks stripped, lower-cased, punctuation removed, spaces collapsed. */
export function nameKeyPart(name: string | null): string {
  if (name === null) return '';
  if (PLAIN_ASCII_WORDS.test(name)) return name.toLowerCase();
  const known = recentKeys.get(name);
  if (known !== undefined) return known;
  const key = computeKeyPart(name);
  if (recentKeys.size >= RECENT_MAX) recentKeys.clear();
  recentKeys.set(detach(name), detach(key));
  return key;
}

function computeKeyPart(name: string): string {
  let key = name;
  if (NON_ASCII.test(key)) {
    // NFC after stripping recomposes what NFKD split apart without a mark (e.g. Hangul syllables into jamo),
    // so non-Latin scripts keep a readable, non-empty key.
    key = key.normalize('NFKD').replace(NONSPACING_MARKS, '').normalize('NFC');
  }
  key = key.toLowerCase();
  if (NON_ASCII.test(key)) key = key.replace(LATIN_FOLDABLE, (c) => LATIN_FOLDS[c] ?? c);
  return key
    .replace(JOINING_PUNCTUATION, '')
    .replace(SEPARATING_PUNCTUATION, ' ')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/**
 * Accent-, case- and punctuation-insensitive key of a person's name: `first|last` of the key parts
 * ("José  García-Pérez" → "jose|garcia perez"). Null when both parts are empty.
 */
export function nameKey(first: string | null, last: string | null): string | null {
  const f = nameKeyPart(first);
  const l = nameKeyPart(last);
  return f === '' && l === '' ? null : `${f}|${l}`;
}
