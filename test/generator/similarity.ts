// Loose matching used to check the truth labels: are two records plausibly the same person, do two share a phone?
import { NICKNAMES } from '../../generator/names';
import type { SourceRecord } from './generated-data';

const SUFFIX_TOKENS = new Set(['jr', 'sr', 'ii', 'iii']);

/** Undoes UTF-8-read-as-Latin-1 mojibake ("JosÃ©" → "José") when the bytes decode cleanly. */
function repairMojibake(value: string): string {
  if (!/[\u00c2-\u00f4][\u0080-\u00bf]/.test(value)) return value;
  const repaired = Buffer.from(value, 'latin1').toString('utf8');
  return repaired.includes('\ufffd') ? value : repaired;
}

/** Lower-case, accent-free name tokens of a record's first and last name fields. */
export function nameTokens(r: Pick<SourceRecord, 'first' | 'last'>): string[] {
  return `${repairMojibake(r.first)} ${repairMojibake(r.last)}`
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((t) => t.length > 0 && !SUFFIX_TOKENS.has(t));
}

const nicknameGroups = new Map<string, Set<string>>();
for (const [formal, nicks] of Object.entries(NICKNAMES)) {
  for (const name of [formal, ...nicks].map((n) => n.toLowerCase())) {
    const group = nicknameGroups.get(name) ?? new Set([name]);
    group.add(formal.toLowerCase());
    if (name === formal.toLowerCase()) for (const n of nicks) group.add(n.toLowerCase());
    nicknameGroups.set(name, group);
  }
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Same token or nickname-related (Bob ~ Robert, Chris ~ Christine ~ Christopher). */
export function nicknameEquivalent(a: string, b: string): boolean {
  const aForms = nicknameGroups.get(a) ?? new Set([a]);
  for (const x of nicknameGroups.get(b) ?? [b]) if (aForms.has(x)) return true;
  return false;
}

/** Same token, a nickname of it (Bob ~ Robert), or a typo away (Jonh ~ John). */
export function tokensMatch(a: string, b: string): boolean {
  const aForms = nicknameGroups.get(a) ?? new Set([a]);
  const bForms = nicknameGroups.get(b) ?? new Set([b]);
  for (const x of aForms) {
    for (const y of bForms) {
      if (x === y) return true;
      const limit = Math.min(x.length, y.length) <= 4 ? 1 : 2;
      if (Math.abs(x.length - y.length) <= limit && editDistance(x, y) <= limit) return true;
    }
  }
  return false;
}

export function namesMatch(a: SourceRecord, b: SourceRecord): boolean {
  const bTokens = nameTokens(b);
  return nameTokens(a).some((x) => bTokens.some((y) => tokensMatch(x, y)));
}

export function normalizedEmail(r: SourceRecord): string {
  return r.email.trim().toLowerCase();
}

/** Ten NANP digits without formatting, country code or extension; '' for junk like "n/a" or "000-000-0000". */
export function normalizedPhone(r: SourceRecord): string {
  let digits = r.phone.replace(/\s*(?:x|ext\.?)\s*\d+\s*$/i, '').replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(digits) && !/^(\d)\1+$/.test(digits) ? digits : '';
}

export function normalizedSurname(r: SourceRecord): string {
  return nameTokens({ first: '', last: r.last }).join(' ');
}
