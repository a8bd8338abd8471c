// Edit distance on the scoring hot path: optimal string alignment (Levenshtein plus adjacent transpositions, so
// "Jonh" is one edit from "John"), on reused typed-array rows, chosen by measurement (npm run bench -- string-distance).

const ROW = 128;
let prev2 = new Int32Array(ROW);
let prev = new Int32Array(ROW);
let cur = new Int32Array(ROW);

function ensure(width: number): void {
  if (width <= prev.length) return;
  const size = Math.max(width, prev.length * 2);
  prev2 = new Int32Array(size);
  prev = new Int32Array(size);
  cur = new Int32Array(size);
}

/** Per-character match masks of the pattern for the bit-parallel path (ASCII only; reset after each call). */
const peq = new Int32Array(128);

/**
 * Bit-parallel OSA distance (Hyyrö 2003: Myers' bit-vector Levenshtein with the transposition term) for a pattern
 * `a` of 1..32 ASCII code units: one pass over `b` with a handful of integer operations per character.
 */
function osaBitParallel(a: string, b: string): number {
  const m = a.length;
  for (let i = 0; i < m; i++) {
    const c = a.charCodeAt(i);
    if (c >= 128) {
      for (let k = 0; k < i; k++) peq[a.charCodeAt(k)] = 0;
      return -1;
    }
    peq[c]! |= 1 << i;
  }
  const last = 1 << (m - 1);
  let pv = -1;
  let mv = 0;
  let score = m;
  let d0Prev = 0;
  let pmPrev = 0;
  for (let j = 0; j < b.length; j++) {
    const c = b.charCodeAt(j);
    const pm = c < 128 ? peq[c]! : 0;
    const tr = (((~d0Prev & pm) << 1) & pmPrev);
    const d0 = ((((pm & pv) + pv) ^ pv) | pm | mv | tr);
    let hp = mv | ~(d0 | pv);
    let hn = pv & d0;
    if (hp & last) score++;
    else if (hn & last) score--;
    hp = (hp << 1) | 1;
    hn = hn << 1;
    pv = hn | ~(d0 | hp);
    mv = hp & d0;
    d0Prev = d0;
    pmPrev = pm;
  }
  for (let i = 0; i < m; i++) peq[a.charCodeAt(i)] = 0;
  return score;
}

/**
 * Optimal-string-alignment distance between `a` and `b` (UTF-16 code units; name keys are accent-folded, so
 * code units are letters). When `limit` is given and the distance exceeds it, returns `limit + 1` early.
 */
export function osaDistance(a: string, b: string, limit = Number.MAX_SAFE_INTEGER): number {
  if (a === b) return 0;
  if (a.length > 0 && a.length <= 32 && b.length > 0) {
    const d = osaBitParallel(a, b);
    if (d >= 0) return d > limit ? limit + 1 : d;
  }
  return osaTable(a, b, limit);
}

/** The dynamic-programming OSA distance: any length, any characters (and the reference the fast path is tested against). */
export function osaTable(a: string, b: string, limit = Number.MAX_SAFE_INTEGER): number {
  if (a === b) return 0;
  if (a === b) return 0;
  let la = a.length;
  let lb = b.length;
  // Common prefix and suffix cost nothing and shorten the table.
  let start = 0;
  while (start < la && start < lb && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (la > start && lb > start && a.charCodeAt(la - 1) === b.charCodeAt(lb - 1)) {
    la--;
    lb--;
  }
  // Keep the prefix's last character: a transposition may straddle the boundary ("ab" vs "ba" shares nothing, fine;
  // "xab" vs "xba" strips x only). Backing off one character keeps the transposition visible.
  if (start > 0) start--;
  const n = la - start;
  const m = lb - start;
  if (n === 0) return m;
  if (m === 0) return n;
  if (Math.abs(n - m) > limit) return limit + 1;
  ensure(m + 1);
  let p2 = prev2;
  let p1 = prev;
  let c = cur;
  for (let j = 0; j <= m; j++) p1[j] = j;
  let prevRowMin = 0;
  for (let i = 1; i <= n; i++) {
    const ca = a.charCodeAt(start + i - 1);
    c[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(start + j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = p1[j - 1]! + cost;
      const del = p1[j]! + 1;
      if (del < v) v = del;
      const ins = c[j - 1]! + 1;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ca === b.charCodeAt(start + j - 2) && a.charCodeAt(start + i - 2) === cb) {
        const t = p2[j - 2]! + 1;
        if (t < v) v = t;
      }
      c[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // A transposition reaches two rows down, so stop only when neither of the last two rows can come back under.
    if (rowMin > limit && prevRowMin > limit) return limit + 1;
    prevRowMin = rowMin;
    const t = p2;
    p2 = p1;
    p1 = c;
    c = t;
  }
  prev2 = p2;
  prev = p1;
  cur = c;
  return p1[m]!;
}

/** 1 − distance / longer length: 1 for equal strings, 0 for nothing in common; 0 when either is empty. */
export function editSimilarity(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0 || a.length === 0 || b.length === 0) return 0;
  return 1 - osaDistance(a, b) / longer;
}
