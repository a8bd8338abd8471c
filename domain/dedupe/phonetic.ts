// A phonetic code for blocking keys: names that sound alike share it ("Smith"/"Smyth", "Catherine"/"Kathryn"),
// so a typo after the first sound does not hide a candidate pair.

/** Soundex digit classes, with C/K/Q/G and S/Z/X sharing one; vowels and H, W, Y carry no sound ('' ). */
const CLASS: Readonly<Record<string, string>> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3',
  l: '4',
  m: '5', n: '5',
  r: '6',
};

/** Leading spellings that sound like another letter. */
const LEADING: ReadonlyArray<[RegExp, string]> = [
  [/^ph/, 'f'], [/^kn/, 'n'], [/^gn/, 'n'], [/^wr/, 'r'], [/^ps/, 's'], [/^wh/, 'w'], [/^x/, 's'], [/^c(?=[eiy])/, 's'], [/^c/, 'k'], [/^q/, 'k'], [/^z/, 's'],
];

const LATIN_WORD = /^[a-z]+$/;

/**
 * Phonetic code of one name key part (lower-case, accent-free letters as name.ts produces): the first sound's
 * letter and up to `digits` Soundex classes after it. Non-Latin keys, which Soundex cannot code, come back as
 * their first four characters. Empty input gives ''.
 */
export function phoneticCode(key: string, digits = 3): string {
  const word = key.replace(/[^\p{L}]/gu, '');
  if (word === '') return '';
  if (!LATIN_WORD.test(word)) return word.slice(0, 4);
  let w = word;
  for (const [pattern, replacement] of LEADING) {
    if (pattern.test(w)) {
      w = w.replace(pattern, replacement);
      break;
    }
  }
  let out = w[0]!;
  let last = CLASS[w[0]!] ?? '';
  for (let i = 1; i < w.length && out.length <= digits; i++) {
    const ch = w[i]!;
    const cls = CLASS[ch];
    if (cls === undefined) {
      // Vowels separate repeated classes ("Tymczak"); H and W do not (Soundex's rule).
      if (ch !== 'h' && ch !== 'w') last = '';
      continue;
    }
    if (cls !== last) out += cls;
    last = cls;
  }
  return out;
}
