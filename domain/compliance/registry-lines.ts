// Parses registry files fast, byte by byte across chunk boundaries: one number a line, either 10 digits
// (`2125551234`) or `NPA,NNNNNNN` (`212,5551234`); blank lines are skipped, CR before LF is accepted, anything
// else is malformed and reported with its line number (the load goes on).
import { nanpVerdict } from './nanp';

export interface LineSink {
  number(npa: number, line7: number): void;
  malformed(lineNo: number, reason: string, text: string): void;
}

const MAX_LINE = 64;

export class RegistryLineParser {
  private buf = Buffer.alloc(MAX_LINE);
  private len = 0;
  private overflow = false;
  lineNo = 0;
  /** Bytes consumed so far (the resume offset after a complete line when `len` is 0). */
  bytes = 0;

  /** The byte offset of the first line not yet ended (where a resumed load starts), or null inside an over-long line. */
  get lineStart(): number | null {
    return this.overflow ? null : this.bytes - this.len;
  }

  constructor(private readonly sink: LineSink) {}

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i += 1) {
      const b = chunk[i]!;
      if (b === 10) {
        this.endLine();
      } else if (this.len < MAX_LINE) {
        this.buf[this.len++] = b;
      } else {
        this.overflow = true;
      }
    }
    this.bytes += chunk.length;
  }

  /** Ends the last line when the file has no final newline. */
  end(): void {
    if (this.len > 0 || this.overflow) this.endLine();
  }

  private endLine(): void {
    this.lineNo += 1;
    let n = this.len;
    if (n > 0 && this.buf[n - 1] === 13) n -= 1;
    const overflow = this.overflow;
    this.len = 0;
    this.overflow = false;
    if (n === 0 && !overflow) return;
    if (overflow) return this.sink.malformed(this.lineNo, `line longer than ${MAX_LINE} bytes`, this.buf.toString('latin1', 0, 20));
    let digits = 0;
    let value = 0;
    let comma = -1;
    for (let i = 0; i < n; i += 1) {
      const c = this.buf[i]!;
      if (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48);
        digits += 1;
      } else if (c === 44 && comma < 0 && i === 3) {
        comma = i;
      } else {
        return this.sink.malformed(this.lineNo, 'not a 10-digit number or NPA,NNNNNNN', this.buf.toString('latin1', 0, n));
      }
    }
    if (digits !== 10) return this.sink.malformed(this.lineNo, `${digits} digits, expected 10`, this.buf.toString('latin1', 0, n));
    const npa = Math.floor(value / 10_000_000);
    const line7 = value % 10_000_000;
    // Area code and exchange rules (2-9 first digit, not N11); 555-01xx fictional numbers are malformed too.
    if (npa < 200 || line7 < 2_000_000 || npa % 100 === 11 || Math.floor(line7 / 10_000) % 100 === 11 || (Math.floor(line7 / 10_000) === 555 && Math.floor(line7 / 100) % 100 === 1)) {
      const v = nanpVerdict(`+1${String(value)}`);
      return this.sink.malformed(this.lineNo, v.ok ? 'not a dialable NANP number' : v.reason, this.buf.toString('latin1', 0, n));
    }
    this.sink.number(npa, line7);
  }
}
