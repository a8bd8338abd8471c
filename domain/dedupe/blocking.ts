// Blocking: the keys under which two contacts become a candidate pair. Several independent keys per contact (email,
// phone, name + postal code, initials + birth date, street, names + state), so that one typo, a move or swapped names
// hide a match from some keys but not all. A key is stored as a 53-bit number: the rule in the top bits, a hash below.
import type { Features } from './features';

export const BLOCKING_RULES = {
  email: 1,
  phone: 2,
  emailLocal: 3,
  nameZip: 4,
  dobName: 5,
  street: 6,
  nameState: 7,
  dobZip: 8,
  streetCity: 9,
  lastCity: 10,
  streetName: 11,
  dobNumber: 12,
  dobCity: 13,
} as const;

export type BlockingRule = keyof typeof BLOCKING_RULES;
export const RULE_NAMES = Object.keys(BLOCKING_RULES) as BlockingRule[];
const RULE_BY_ID = new Map<number, BlockingRule>(RULE_NAMES.map((r) => [BLOCKING_RULES[r], r]));

/** Bits of a block key below the rule id. 5 rule bits + 48 hash bits = 53: exact in a JS number and a BIGINT. */
const HASH_BITS = 48;
const RULE_SPAN = 2 ** HASH_BITS;
export const MAX_BLOCK_KEY = (Math.max(...Object.values(BLOCKING_RULES)) + 1) * RULE_SPAN - 1;

/** Email local parts shared by unrelated people (role accounts): not a blocking key. */
const ROLE_LOCALS = new Set(['info', 'admin', 'contact', 'sales', 'office', 'support', 'mail', 'hello', 'noreply', 'no-reply', 'enquiries', 'accounts', 'billing', 'team', 'help', 'webmaster', 'postmaster', 'reception', 'test', 'user', 'email']);

/** 48-bit hash of a key text: two 32-bit multiplicative hashes (murmur3 finalizer) with different seeds. */
function hash48(text: string): number {
  let h1 = 0x9747b28c;
  let h2 = 0x85ebca6b;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x5bd1e995);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ c, 0xcc9e2d51);
    h2 = (h2 << 13) | (h2 >>> 19);
  }
  h1 ^= text.length;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h1 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x7feb352d);
  h2 = Math.imul(h2 ^ (h2 >>> 15), 0x846ca68b);
  h2 ^= h2 >>> 16;
  return (h1 & 0xffff) * 2 ** 32 + (h2 >>> 0);
}

/** The stored block key of a rule's key text. */
export function blockKey(rule: BlockingRule, text: string): number {
  return BLOCKING_RULES[rule] * RULE_SPAN + hash48(text);
}

/** The rule a stored block key belongs to. */
export function ruleOfKey(key: number): BlockingRule {
  const rule = RULE_BY_ID.get(Math.floor(key / RULE_SPAN));
  if (rule === undefined) throw new RangeError(`block key ${key} belongs to no blocking rule`);
  return rule;
}

/** The [first, last] block keys of a rule: a full pass partitions each rule's range. */
export function ruleKeyRange(rule: BlockingRule): [number, number] {
  const base = BLOCKING_RULES[rule] * RULE_SPAN;
  return [base, base + RULE_SPAN - 1];
}

const sorted2 = (a: string, b: string) => (a <= b ? `${a}|${b}` : `${b}|${a}`);
const dobText = (f: Features) => (f.dob ? `${f.dob.y}-${f.dob.m}-${f.dob.d}` : '');

/** The blocking key texts of one contact: one per rule, two for dobName (each name part with the birth date). */
export function blockingKeyTexts(f: Features): Array<[BlockingRule, string]> {
  const keys: Array<[BlockingRule, string]> = [];
  const region = f.state !== '' ? f.state : f.city;
  if (f.email !== '') keys.push(['email', f.email]);
  if (f.phone !== '') keys.push(['phone', f.phone]);
  if (f.emailLocal.length >= 4 && !ROLE_LOCALS.has(f.emailLocal)) keys.push(['emailLocal', f.emailLocal]);
  if (f.lastCode !== '' && f.postal !== '') keys.push(['nameZip', `${f.lastCode}|${f.givenInitial}|${f.postal}`]);
  if (f.dob) {
    // Each name part with the birth date: a replaced or mistyped other part, or the two parts swapped, still meet.
    const dob = dobText(f);
    if (f.givenCode !== '') keys.push(['dobName', `${f.givenCode}|${dob}`]);
    if (f.lastCode !== '' && f.lastCode !== f.givenCode) keys.push(['dobName', `${f.lastCode}|${dob}`]);
    if (f.postal !== '') keys.push(['dobZip', `${dob}|${f.postal}`]);
    // Birth date and house number, birth date and city: a person whose names, street and postal code all carry a
    // typo or a replacement still meets.
    if (f.street && f.street.number !== '') keys.push(['dobNumber', `${dob}|${f.street.number}`]);
    if (f.city !== '') keys.push(['dobCity', `${dob}|${f.city}`]);
  }
  if (f.street && f.street.name !== '') {
    const street = `${f.street.number}|${f.street.name.slice(0, 6)}`;
    if (f.postal !== '') keys.push(['street', `${street}|${f.postal}`]);
    if (f.city !== '') keys.push(['streetCity', `${street}|${f.city}`]);
    // The street without its number, with the surname's sound: a record that lost or mistyped its house number and
    // mistyped its postal code. (With the city instead of the surname, a long street in a big town is one block.)
    // The state (or the city where no state is known) keeps a common street name and surname sound from making one
    // block across the whole store (at 1M: 3.9M of the 9.6M pairs scored, model .9).
    if (f.lastCode !== '' && f.street.name.length >= 4 && region !== '') keys.push(['streetName', `${f.street.name}|${f.lastCode}|${region}`]);
  }
  // Surname sound, city and birth year: a record without a given name, or with another postal code in the same town.
  // (Without the year, a common surname in a big city is one block: 9× the candidate pairs on generated data.)
  if (f.lastCode !== '' && f.city !== '' && f.dob) keys.push(['lastCity', `${f.lastCode}|${f.city}|${f.dob.y}`]);
  // Both names (either order) and the state, or the city where no state is known.
  if (f.givenCode !== '' && f.lastCode !== '' && region !== '') keys.push(['nameState', `${sorted2(f.givenCode, f.lastCode)}|${region}`]);
  return keys;
}

/** The stored block keys of one contact. */
export function blockKeys(f: Features): number[] {
  return blockingKeyTexts(f).map(([rule, text]) => blockKey(rule, text));
}

/**
 * How the members of an oversized block are ordered before each is compared with its next `window`: by surname,
 * given name and birth date, so that records of one person sit together (sorted neighbourhood).
 */
export function neighbourhoodSortKey(f: Features): string {
  return `${f.name.last}|${f.given}|${dobText(f)}|${f.id}`;
}
