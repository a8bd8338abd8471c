// Field-by-field comparison of two contacts' features into named agreement levels; the model (model.ts) gives
// each level its weight. Every level is something a person can read in `explain`.
import { knownGivenName, nicknameEquivalent } from './name-forms';
import type { DateParts, Features } from './features';
import { editSimilarity, osaDistance } from './string-distance';
import type { StreetForm } from './address-forms';

export const FIELD_LEVELS = {
  email: ['exact', 'local', 'fuzzy', 'different'],
  phone: ['exact', 'different'],
  firstName: ['exact', 'nickname', 'fuzzy', 'weak', 'initial', 'different'],
  lastName: ['exact', 'fuzzy', 'weak', 'partial', 'different'],
  dob: ['exact', 'swapped', 'oneOff', 'different'],
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

export function compareEmail(a: Features, b: Features): Levels['email'] {
  if (a.email === '' || b.email === '') return 'missing';
  if (a.email === b.email) return 'exact';
  if (a.emailLocal.length >= 4 && a.emailLocal === b.emailLocal) return 'local';
  if (Math.max(a.email.length, b.email.length) >= 8 && osaDistance(a.email, b.email, 2) <= 2) return 'fuzzy';
  return 'different';
}

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
  // Two different known names (Mary / Mark, Daniel / Danielle) are two names, not a typo of one.
  if (knownGivenName(x) && knownGivenName(y)) return 'different';
  if (closeEnough(x, y, t.name)) return 'fuzzy';
  // "Alex" / "Alexander", "Chris" / "Christoph": a short form the table does not list.
  if (Math.min(x.length, y.length) >= 3 && (x.startsWith(y) || y.startsWith(x))) return 'nickname';
  if ((x.length === 1 && y.startsWith(x)) || (y.length === 1 && x.startsWith(y))) return 'initial';
  if (editSimilarity(x, y) >= t.weakName) return 'weak';
  return 'different';
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

export function compareDob(a: DateParts | null, b: DateParts | null): Levels['dob'] {
  if (a === null || b === null) return 'missing';
  const sameY = a.y === b.y;
  const sameM = a.m === b.m;
  const sameD = a.d === b.d;
  if (sameY && sameM && sameD) return 'exact';
  if (sameY && a.m === b.d && a.d === b.m) return 'swapped';
  if (Number(sameY) + Number(sameM) + Number(sameD) === 2) return 'oneOff';
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
