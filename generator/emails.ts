// Plausible personal and work email addresses, unique per person, built from the ASCII spelling of the name.
import { type Prng, Weighted } from './prng';
import type { SeenFilter } from './seen-filter';

const freeDomains = new Weighted<string>([
  ['gmail.com', 35], ['yahoo.com', 14], ['outlook.com', 8], ['hotmail.com', 7], ['icloud.com', 6], ['aol.com', 4],
  ['comcast.net', 3], ['msn.com', 2], ['att.net', 2], ['live.com', 2], ['verizon.net', 1], ['me.com', 1], ['protonmail.com', 1],
]);

/** Misspelt domains seen in hand-typed forms. */
export const DOMAIN_TYPOS: Readonly<Record<string, string>> = {
  'gmail.com': 'gmial.com',
  'yahoo.com': 'yaho.com',
  'hotmail.com': 'hotmial.com',
  'outlook.com': 'outlok.com',
  'aol.com': 'aol.co',
};

type LocalPart = (first: string, last: string, birthYear: number, rng: Prng) => string;

const personalPatterns = new Weighted<LocalPart>([
  [(f, l) => `${f}.${l}`, 20],
  [(f, l) => `${f}${l}`, 14],
  [(f, l) => `${f.charAt(0)}${l}`, 14],
  [(f, l) => `${f}_${l}`, 4],
  [(f, l, y) => `${f}.${l}${String(y).slice(2)}`, 10],
  [(f, l, _y, rng) => `${f}${l}${rng.between(1, 999)}`, 12],
  [(f, l) => `${l}.${f}`, 4],
  [(f, _l, y) => `${f}${y}`, 6],
  [(f, l) => `${f.charAt(0)}.${l}`, 4],
  [(f, l, _y, rng) => `${f}${l.charAt(0)}${rng.between(10, 99)}`, 6],
]);

const workPatterns = new Weighted<LocalPart>([
  [(f, l) => `${f}.${l}`, 6],
  [(f, l) => `${f.charAt(0)}${l}`, 4],
  [(f) => f, 1],
]);

function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A new address for the person; `companyDomain` makes it a work address. Never returns one handed out before. */
export function newEmail(rng: Prng, asciiFirst: string, asciiLast: string, birthYear: number, seen: SeenFilter, companyDomain?: string): string {
  const first = slug(asciiFirst) || 'user';
  const last = slug(asciiLast) || 'mail';
  const domain = companyDomain ?? freeDomains.pick(rng);
  const pattern = (companyDomain ? workPatterns : personalPatterns).pick(rng);
  let local = pattern(first, last, birthYear, rng);
  for (let attempt = 0; ; attempt++) {
    const email = `${local}@${domain}`;
    if (seen.claim(email)) return email;
    local = `${pattern(first, last, birthYear, rng)}${rng.between(1, attempt < 3 ? 99 : 9999)}`;
  }
}
