// Field-by-field comparison of two contacts' features into named agreement levels; the model (model.ts) gives
// each level its weight. Every level is something a person can read in `explain`.
import { knownGivenName, nicknameEquivalent, nicknameForms } from './name-forms';
import type { DateParts, Features } from './features';
import { editSimilarity, osaDistance } from './string-distance';
import { phoneticCode } from './phonetic';
import type { StreetForm } from './address-forms';

export const FIELD_LEVELS = {
  email: ['exact', 'local', 'fuzzy', 'different'],
  phone: ['exact', 'different'],
  firstName: ['exact', 'nickname', 'fuzzy', 'weak', 'initial', 'different'],
  lastName: ['exact', 'fuzzy', 'weak', 'partial', 'different'],
  dob: ['exact', 'swapped', 'oneOff', 'near', 'different'],
  street: ['exact', 'fuzzy', 'nameOnly', 'numberOnly', 'different'],
  postal: ['exact', 'close', 'different'],
  city: ['exact', 'fuzzy', 'different'],
  state: ['exact', 'different'],
} as const;

export type Field = keyof typeof FIELD_LEVELS;
export type Level<F extends Field> = (typeof FIELD_LEVELS)[F][number];
/** Every field's level, or 'missing' when either side has no value. */
export type Levels = { [F in Field]: Level<F> | 'missing' };
export const FIELDS = Object.keys(FIELD_LEVELS) as Field[];

/** Similarity thresholds of the fuzzy levels (from the model file). */
export interface FuzzyThresholds {
  /** Given names and surnames: normalized edit similarity at or above which a name is a "fuzzy" match. */
  name: number;
  /** ... and at or above which it is a "weak" one (two typos in a short name). */
  weakName: number;
  /** Street names. */
  street: number;
  /** City names. */
  city: number;
}

/** A typo-sized difference: one edit for short words, two for long ones, or the similarity threshold. */
function closeEnough(a: string, b: string, minSimilarity: number): boolean {
  const longer = Math.max(a.length, b.length);
  if (longer < 3) return false;
  const edits = osaDistance(a, b, 2);
  if (edits <= 1) return true;
  // Two edits only between two long words ("Martin" / "Martinez" are two surnames, not a typo).
  if (edits === 2 && Math.min(a.length, b.length) >= 8) return true;
  return editSimilarity(a, b) >= minSimilarity;
}

/** The domain of an address. */
function at(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/** Long addresses this similar (three or four typos in 20+ characters) are one address mistyped. */
const EMAIL_SIMILARITY = 0.85;

export function compareEmail(a: Features, b: Features): Levels['email'] {
  if (a.email === '' || b.email === '') return 'missing';
  if (a.email === b.email) return 'exact';
  if (a.emailLocal.length >= 4 && a.emailLocal === b.emailLocal) {
    // One local part at two providers is weak (namesakes pick the same name-based address); a typo in the domain is not.
    return osaDistance(at(a.email), at(b.email), 2) <= 2 ? 'fuzzy' : 'local';
  }
  // Addresses that differ only in digits and separators ("joe.jones@" / "joe.jones90@", "lhuang@" / "l.huang@") are
  // name-based addresses, as namesakes have: weak, like a shared local part.
  if (a.email.replace(NAME_ADDRESS_NOISE, '') === b.email.replace(NAME_ADDRESS_NOISE, '')) return a.emailLocal.length >= 4 ? 'local' : 'different';
  const longer = Math.max(a.email.length, b.email.length);
  if (longer >= 8 && (osaDistance(a.email, b.email, 2) <= 2 || (longer >= 16 && editSimilarity(a.email, b.email) >= EMAIL_SIMILARITY))) return 'fuzzy';
  return 'different';
}

/** Digits and separators in an address: what tells name-based addresses of namesakes apart. */
const NAME_ADDRESS_NOISE = /[\d._-]+/g;

export function comparePhone(a: Features, b: Features): Levels['phone'] {
  if (a.phone === '' || b.phone === '') return 'missing';
  return a.phone === b.phone ? 'exact' : 'different';
}

export function compareGiven(a: readonly string[], b: readonly string[], t: FuzzyThresholds): Levels['firstName'] {
  const x = a[0];
  const y = b[0];
  if (x === undefined || y === undefined) return 'missing';
  if (x === y) return 'exact';
  for (const p of a) for (const q of b) if (p === q || nicknameEquivalent(p, q)) return 'nickname';
  // A typo of a name the other is a form of ("Ptricia" / "Trish", "Kathelen" / "Kate").
  if (typoOfEquivalent(x, y) || typoOfEquivalent(y, x)) return 'fuzzy';
  // Two different known names (Mary / Mark, Daniel / Danielle) are two names, not a typo of one.
  if (knownGivenName(x) && knownGivenName(y)) return 'different';
  if (closeEnough(x, y, t.name)) return 'fuzzy';
  // "Alex" / "Alexander", "Chris" / "Christoph": a short form the table does not list.
  if (Math.min(x.length, y.length) >= 3 && (x.startsWith(y) || y.startsWith(x))) return 'nickname';
  if ((x.length === 1 && y.startsWith(x)) || (y.length === 1 && x.startsWith(y))) return 'initial';
  if (editSimilarity(x, y) >= t.weakName || sameLetters(x, y) || (x[0] === y[0] && phoneticCode(x) === phoneticCode(y))) return 'weak';
  return 'different';
}

/** True when `typo` is no known name but one edit from a name that `known` is a nickname or formal form of. */
function typoOfEquivalent(typo: string, known: string): boolean {
  if (typo.length < 4 || knownGivenName(typo)) return false;
  for (const form of nicknameForms(known)) if (form !== known && Math.abs(form.length - typo.length) <= 1 && osaDistance(form, typo, 1) <= 1) return true;
  return false;
}

/** The same letters in another order ("hugo" / "hogu", "lucas" / "aucal"): a garbled name, not another one. */
function sameLetters(x: string, y: string): boolean {
  if (x.length !== y.length || x.length < 3) return false;
  return [...x].sort().join('') === [...y].sort().join('');
}

export function compareSurname(a: Features['name'], b: Features['name'], t: FuzzyThresholds): Levels['lastName'] {
  if (a.last === '' || b.last === '') return 'missing';
  if (a.last === b.last) return 'exact';
  if (closeEnough(a.last, b.last, t.name)) return 'fuzzy';
  if (a.lastTokens.length > 1 || b.lastTokens.length > 1) {
    for (const p of a.lastTokens) if (p.length >= 3 && b.lastTokens.includes(p)) return 'partial';
  }
  if (editSimilarity(a.last, b.last) >= t.weakName) return 'weak';
  return 'different';
}

/** Birth dates at most this many days apart are 'near'. */
const NEAR_DAYS = 366;
const dayNumber = (p: DateParts) => Date.UTC(p.y, p.m - 1, p.d) / 86_400_000;

export function compareDob(a: DateParts | null, b: DateParts | null): Levels['dob'] {
  if (a === null || b === null) return 'missing';
  const sameY = a.y === b.y;
  const sameM = a.m === b.m;
  const sameD = a.d === b.d;
  if (sameY && sameM && sameD) return 'exact';
  if (sameY && a.m === b.d && a.d === b.m) return 'swapped';
  if (Number(sameY) + Number(sameM) + Number(sameD) === 2) return 'oneOff';
  // Within a year of each other (a mistyped year and day, a month off): weak, siblings are often further apart.
  if (Math.abs(dayNumber(a) - dayNumber(b)) <= NEAR_DAYS) return 'near';
  return 'different';
}

export function compareStreet(a: StreetForm | null, b: StreetForm | null, t: FuzzyThresholds): Levels['street'] {
  if (a === null || b === null || a.name === '' || b.name === '') return 'missing';
  const sameName = a.name === b.name;
  const similarName = sameName || closeEnough(a.name, b.name, t.street);
  if (a.number !== '' && b.number !== '') {
    if (a.number === b.number) return sameName ? 'exact' : similarName ? 'fuzzy' : 'numberOnly';
    if (similarName && osaDistance(a.number, b.number, 1) <= 1) return 'fuzzy';
  }
  return similarName ? 'nameOnly' : 'different';
}

export function comparePostal(a: string, b: string): Levels['postal'] {
  if (a === '' || b === '') return 'missing';
  if (a === b) return 'exact';
  return osaDistance(a, b, 1) <= 1 ? 'close' : 'different';
}

export function compareCity(a: string, b: string, t: FuzzyThresholds): Levels['city'] {
  if (a === '' || b === '') return 'missing';
  if (a === b) return 'exact';
  return closeEnough(a, b, t.city) ? 'fuzzy' : 'different';
}

export function compareState(a: string, b: string): Levels['state'] {
  if (a === '' || b === '') return 'missing';
  return a === b ? 'exact' : 'different';
}
