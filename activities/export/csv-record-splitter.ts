// The byte-level RFC 4180 record state machine behind the CSV reader: finds record boundaries and field spans
// incrementally, and classifies broken records (unclosed quote, stray quote, wrong column count, oversize).
//
// Why not fast-csv's parser here: it reports neither the byte offset of a record (needed for an exact resumable
// cursor) nor recovery from an unclosed quote (it swallows the rest of the file into one field). Working on bytes
// is safe for both encodings we read: `,` `"` CR LF are single bytes that never occur inside a UTF-8 multi-byte
// sequence, and windows-1252 is single-byte. fast-csv still writes the canonical output (canonical-batch-writer.ts).

export type CsvRejectCode = 'COLUMN_COUNT' | 'UNCLOSED_QUOTE' | 'MALFORMED_QUOTE' | 'RECORD_TOO_LARGE';

export type RecordOutcome =
  | { kind: 'fields'; start: number; end: number }
  /**
   * `end` is where parsing resumes: after the record, or after the first physical line for a runaway quote.
   * `readable`: how many leading fields have trustworthy spans (they ended before whatever broke the record).
   */
  | { kind: 'reject'; start: number; end: number; code: CsvRejectCode; detail: string; readable: number };

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Field spans kept for a header (any count accepted): enough for any real header, bounded for a garbage line. */
const MAX_HEADER_SPANS = 65_536;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;

/**
 * Scans one record at a time. Offsets are absolute (bytes from the start of the file). `spans` holds
 * [start, end, escaped] triples of the field contents (inside the quotes for quoted fields; `escaped` = 1 when
 * the content contains doubled quotes), kept only up to `expected` fields so a runaway line cannot grow it.
 */
export class CsvRecordScanner {
  readonly spans: number[] = [];
  fieldCount = 0;
  private start = 0;
  private mode = FIELD_START;
  private fieldStart = 0;
  private escaped = 0;
  /** Absolute offset of the first CR/LF inside quotes, -1 when the record is on one physical line so far. */
  private firstLineEnd = -1;
  private multilineField = -1;
  private badQuoteField = -1;
  private eofInQuotes = false;
  private end = -1;

  /** `expected` field count, or -1 to accept any (the header). */
  constructor(public expected: number, readonly maxRecordBytes: number) {}

  begin(start: number): void {
    this.start = start;
    this.spans.length = 0;
    this.fieldCount = 0;
    this.mode = FIELD_START;
    this.escaped = 0;
    this.firstLineEnd = -1;
    this.multilineField = -1;
    this.badQuoteField = -1;
    this.eofInQuotes = false;
    this.end = -1;
  }

  private push(start: number, end: number, escaped: number): void {
    if (this.fieldCount < (this.expected < 0 ? MAX_HEADER_SPANS : this.expected)) this.spans.push(start, end, escaped);
    this.fieldCount++;
  }

  /**
   * Advances over buf[from..] (buf[0] is at absolute offset `base`). Returns the absolute offset just after the
   * record's terminator when the record ended inside this buffer, else -1 (feed more, or call `finishAtEof`).
   */
  scan(buf: Buffer, base: number, from: number): number {
    let mode = this.mode;
    const n = buf.length;
    for (let i = from; i < n; i++) {
      const b = buf[i]!;
      if (mode === UNQUOTED) {
        if (b === COMMA) {
          this.push(this.fieldStart, base + i, 0);
          mode = FIELD_START;
        } else if (b === LF || b === CR) {
          this.push(this.fieldStart, base + i, 0);
          return this.close(base + i + 1);
        }
      } else if (mode === QUOTED) {
        if (b === QUOTE) mode = QUOTE_SEEN;
        else if ((b === LF || b === CR) && this.firstLineEnd < 0) {
          this.firstLineEnd = base + i;
          this.multilineField = this.fieldCount;
        }
      } else if (mode === FIELD_START) {
        if (b === QUOTE) {
          mode = QUOTED;
          this.fieldStart = base + i + 1;
          this.escaped = 0;
        } else if (b === COMMA) {
          this.push(base + i, base + i, 0);
        } else if (b === LF || b === CR) {
          this.push(base + i, base + i, 0);
          return this.close(base + i + 1);
        } else {
          mode = UNQUOTED;
          this.fieldStart = base + i;
        }
      } else if (b === QUOTE) {
        // QUOTE_SEEN followed by a quote: an escaped quote inside the quoted field.
        this.escaped = 1;
        mode = QUOTED;
      } else if (b === COMMA) {
        this.push(this.fieldStart, base + i - 1, this.escaped);
        mode = FIELD_START;
      } else if (b === LF || b === CR) {
        this.push(this.fieldStart, base + i - 1, this.escaped);
        return this.close(base + i + 1);
      } else {
        // Text after a closing quote ("ab"c): structurally broken; read on to the field's end, then reject.
        if (this.badQuoteField < 0) this.badQuoteField = this.fieldCount;
        mode = UNQUOTED;
      }
    }
    this.mode = mode;
    return -1;
  }

  private close(end: number): number {
    this.end = end;
    this.mode = FIELD_START;
    return end;
  }

  /** Ends the record at end of input (no final line break). */
  finishAtEof(eof: number): number {
    if (this.mode === QUOTED) this.eofInQuotes = true;
    else if (this.mode === UNQUOTED) this.push(this.fieldStart, eof, 0);
    else if (this.mode === QUOTE_SEEN) this.push(this.fieldStart, eof - 1, this.escaped);
    else this.push(eof, eof, 0); // a trailing comma before EOF: one more empty field
    return this.close(eof);
  }

  /** Fields whose spans were kept. */
  private kept(): number {
    return this.spans.length / 3;
  }

  /** Classifies the finished record; call after `scan` returned an offset or after `finishAtEof`. */
  outcome(): RecordOutcome {
    const { start, end, expected } = this;
    const wrongCount = expected >= 0 && this.fieldCount !== expected;
    if (this.firstLineEnd >= 0 && (this.eofInQuotes || this.badQuoteField >= 0 || wrongCount)) {
      // A quote ran past the end of its line and the result is not a valid record: most likely an unclosed quote.
      // Reject only the first physical line and resume on the next, so later records are not swallowed.
      return {
        kind: 'reject', start, end: this.firstLineEnd + 1, code: 'UNCLOSED_QUOTE', detail: `unclosed quote in field ${this.multilineField + 1} (line at byte ${start})`,
        readable: Math.min(this.multilineField, this.kept()),
      };
    }
    if (this.eofInQuotes) {
      return { kind: 'reject', start, end, code: 'UNCLOSED_QUOTE', detail: `unclosed quote in field ${this.fieldCount + 1} (line at byte ${start})`, readable: this.kept() };
    }
    if (this.badQuoteField >= 0) {
      return {
        kind: 'reject', start, end, code: 'MALFORMED_QUOTE', detail: `text after the closing quote of field ${this.badQuoteField + 1} (line at byte ${start})`,
        readable: Math.min(this.badQuoteField, this.kept()),
      };
    }
    // A wrong count: the fields are read by position, as far as the header goes.
    if (wrongCount) return { kind: 'reject', start, end, code: 'COLUMN_COUNT', detail: `expected ${expected} fields, got ${this.fieldCount}`, readable: this.kept() };
    if (end - start > this.maxRecordBytes) {
      return {
        kind: 'reject', start, end, code: 'RECORD_TOO_LARGE', detail: `record of ${end - start} bytes at byte ${start} exceeds the ${this.maxRecordBytes}-byte limit`,
        readable: 0,
      };
    }
    return { kind: 'fields', start, end };
  }
}
