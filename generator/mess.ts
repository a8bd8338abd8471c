// The small corruptions hand-typed legacy data carries: typos, odd casing, padding, lost accents, mojibake.
import type { Prng } from './prng';

const LETTER = /\p{Script=Latin}/u;

/**
 * One typing slip in a word of at least four letters, never on the first letter: a transposition ("Jonh"),
 * a dropped letter ("Jon") or a doubled one ("Johhn"). Shorter or non-alphabetic values come back unchanged.
 */
export function typo(rng: Prng, value: string): string {
  const chars = Array.from(value);
  if (chars.length < 4) return value;
  const i = rng.between(1, chars.length - 2);
  if (!LETTER.test(chars[i]!) || !LETTER.test(chars[i + 1]!)) return value;
  const kind = rng.int(3);
  if (kind === 0) [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
  else if (kind === 1) chars.splice(i, 1);
  else chars.splice(i, 0, chars[i]!);
  return chars.join('');
}

/** "José Müller" → "Jose Muller": what ASCII-only systems stored. */
export function foldAccents(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '');
}

/** UTF-8 bytes read back as Latin-1 ("José" → "JosÃ©"), the classic double-encoding of legacy MySQL. */
export function mojibake(value: string): string {
  return /[\u0080-\u{10ffff}]/u.test(value) ? Buffer.from(value, 'utf8').toString('latin1') : value;
}

/** PHP magic quotes: "O'Brien" reached the old CRM as O, backslash, apostrophe, Brien. */
export function magicQuotes(value: string): string {
  return value.replace(/'/g, "\\'");
}

/** Leading/trailing whitespace as pasted from spreadsheets and emails. */
export function pad(rng: Prng, value: string): string {
  switch (rng.int(4)) {
    case 0:
      return ` ${value}`;
    case 1:
      return `${value} `;
    case 2:
      return `  ${value}  `;
    default:
      return `${value}\t`;
  }
}

/** "john.smith@gmail.com" → "John.Smith@Gmail.com" or "JOHN.SMITH@GMAIL.COM". */
export function mixCase(rng: Prng, email: string): string {
  if (rng.chance(0.3)) return email.toUpperCase();
  return email.replace(/(^|[._@-])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Whole-field casing as different clerks typed it. */
export function recase(rng: Prng, value: string, upper: number, lower: number): string {
  const roll = rng.float();
  if (roll < upper) return value.toUpperCase();
  if (roll < upper + lower) return value.toLowerCase();
  return value;
}
