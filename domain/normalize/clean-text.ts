// The one text clean-up every free-text field gets: trim, collapse internal whitespace, Unicode NFC.

/** One screen for the common case (plain ASCII, single spaces): nothing to do after trim. */
const NEEDS_WORK = /\s\s|[^\S ]|[^\x00-\x7f]/;
const NEEDS_COLLAPSE = /\s\s|[^\S ]/;
const WHITESPACE_RUN = /\s+/g;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Trims, collapses every run of whitespace (any Unicode space, tab, newline) to one space and applies NFC.
 * Returns null when nothing is left. Accents, scripts, emoji and right-to-left text pass through unchanged.
 */
export function cleanText(raw: string): string | null {
  let text = raw.trim();
  if (text === '') return null;
  if (!NEEDS_WORK.test(text)) return text;
  if (NEEDS_COLLAPSE.test(text)) text = text.replace(WHITESPACE_RUN, ' ');
  if (NON_ASCII.test(text)) text = text.normalize('NFC');
  return text;
}

/** Number of Unicode code points (what a utf8mb4 VARCHAR(n) limit counts), without allocating for short strings. */
export function codePointLength(text: string): number {
  let surrogatePairs = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        surrogatePairs++;
        i++;
      }
    }
  }
  return text.length - surrogatePairs;
}

/** True when the text is longer than `limit` code points (fast when its UTF-16 length is already within the limit). */
export function exceedsLimit(text: string, limit: number): boolean {
  return text.length > limit && codePointLength(text) > limit;
}

/**
 * A copy of `text` that does not share memory with the string it was cut from. Fields are slices of a whole
 * batch object's text (10+ MB); a slice kept in a long-lived cache would keep that whole text alive, batch after
 * batch. Call it on anything stored beyond the current batch.
 */
export function detach(text: string): string {
  return (' ' + text).slice(1);
}
