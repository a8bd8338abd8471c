// Fast RFC 4180 reader for the canonical batch objects the exporters write (trusted, UTF-8, header first).

export class CanonicalCsvError extends Error {
  override name = 'CanonicalCsvError';
  constructor(readonly line: number, readonly problem: string) {
    super(`canonical batch CSV is malformed at record ${line}: ${problem}`);
  }
}

/** Parses the whole text into records of strings; quoted fields may contain commas, quotes ("") and newlines. */
export function parseCanonicalCsv(text: string): string[][] {
  const records: string[][] = [];
  const cursor = new CanonicalCsvCursor(text);
  for (let r = cursor.next(); r !== null; r = cursor.next()) records.push(r);
  return records;
}

/**
 * Reads records one call at a time, so a caller can stop between records (to let the event loop run)
 * and carry on where it left off.
 */
export class CanonicalCsvCursor {
  private i: number;
  private readonly n: number;
  /** Records returned so far. */
  count = 0;

  constructor(private readonly text: string) {
    this.n = text.length;
    this.i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** The next record, or null at the end of the text. */
  next(): string[] | null {
    const text = this.text;
    const n = this.n;
    let i = this.i;
    if (i >= n) return null;
    const record: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === 34 /* " */) {
        let out = '';
        let start = i + 1;
        for (;;) {
          const q = text.indexOf('"', start);
          if (q < 0) throw new CanonicalCsvError(this.count + 1, 'unclosed quote');
          out += text.slice(start, q);
          if (text.charCodeAt(q + 1) === 34) {
            out += '"';
            start = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        field = out;
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      record.push(field);
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        if (i === n) {
          record.push('');
          break;
        }
      } else if (c === 13 || c === 10 || i >= n) {
        if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
        else i++;
        break;
      } else {
        throw new CanonicalCsvError(this.count + 1, `unexpected character after a quoted field`);
      }
    }
    this.i = i;
    this.count += 1;
    return record;
  }
}
