// Country to ISO 3166-1 alpha-2: codes, alpha-3 codes, names and common spellings ('USA', 'United States' → 'US').
import { EMPTY, invalid, type FieldResult } from '../field-result';
import { COUNTRY_ALIASES, ISO_ALPHA2_ALPHA3, NAME_LOCALES } from './iso-countries';
import { detach } from './clean-text';

/** Lookup form: no accents, upper case, no leading 'THE', letters and digits only ("the Netherlands" → "NETHERLANDS"). */
export function countryLookupKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/^\s*THE\s+/, '')
    .replace(/[^A-Z0-9]+/g, '');
}

let lookup: Map<string, string> | undefined;

/** All ISO alpha-2 codes this module accepts. */
export function isoCountryCodes(): string[] {
  const tokens = ISO_ALPHA2_ALPHA3.trim().split(/\s+/);
  return tokens.filter((_, i) => i % 2 === 0);
}

function buildLookup(): Map<string, string> {
  const map = new Map<string, string>();
  const add = (spelling: string, code: string): void => {
    const key = countryLookupKey(spelling);
    if (key !== '' && !map.has(key)) map.set(key, code);
  };
  const tokens = ISO_ALPHA2_ALPHA3.trim().split(/\s+/);
  const codes: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    const alpha2 = tokens[i] ?? '';
    codes.push(alpha2);
    add(alpha2, alpha2);
  }
  for (let i = 0; i + 1 < tokens.length; i += 2) add(tokens[i + 1] ?? '', tokens[i] ?? '');
  for (const [code, spellings] of Object.entries(COUNTRY_ALIASES)) for (const s of spellings) add(s, code);
  for (const locale of NAME_LOCALES) {
    // Short forms only in English: other languages abbreviate in ways that collide ('É.-U.' would make 'EU' mean US).
    for (const style of locale === 'en' ? (['long', 'short'] as const) : (['long'] as const)) {
      const names = new Intl.DisplayNames([locale], { type: 'region', style, fallback: 'none' });
      for (const code of codes) {
        const name = names.of(code);
        if (name) add(name, code);
      }
    }
  }
  return map;
}

/** Countries repeat endlessly: remember the verdict per distinct raw spelling (bounded, cleared when full). */
const recent = new Map<string, FieldResult<string>>();
const RECENT_MAX = 4096;

/** ISO alpha-2 (upper case) for a code, alpha-3 code or name in a common spelling; unknown → INVALID_COUNTRY. */
export function normalizeCountry(raw: string): FieldResult<string> {
  const text = raw.trim();
  if (text === '') return EMPTY;
  const known = recent.get(text);
  if (known) return known;
  lookup ??= buildLookup();
  const code = lookup.get(countryLookupKey(text));
  const result: FieldResult<string> = code ? Object.freeze({ ok: true, value: code }) : invalid('INVALID_COUNTRY');
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(detach(text), result);
  return result;
}
