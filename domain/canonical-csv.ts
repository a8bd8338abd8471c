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
  forEachCanonicalRecord(text, (r) => records.push(r));
  return records;
}

/** Calls `onRecord` for each record in order, holding one record at a time (bounded memory per batch). */
export function forEachCanonicalRecord(text: string, onRecord: (record: string[], index: number) => void): number {
  let count = 0;
  const records = { push: (r: string[]) => onRecord(r, count++), get length() { return count; } };
  let record: string[] = [];
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      let out = '';
      let start = i + 1;
      for (;;) {
        const q = text.indexOf('"', start);
        if (q < 0) throw new CanonicalCsvError(records.length + 1, 'unclosed quote');
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
      if (i === n) record.push('');
    } else if (c === 13 || c === 10 || i >= n) {
      records.push(record);
      record = [];
      if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
      else i++;
    } else {
      throw new CanonicalCsvError(records.length + 1, `unexpected character after a quoted field`);
    }
  }
  if (record.length > 0) records.push(record);
  return count;
}
