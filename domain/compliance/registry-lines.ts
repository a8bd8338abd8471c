// Parses registry files fast, straight from the chunk bytes across chunk boundaries: one number a line, either 10
// digits (`2125551234`) or `NPA,NNNNNNN` (`212,5551234`); blank lines are skipped, CR before LF is accepted, anything
// else is malformed and reported with its line number (the load goes on). A well-formed line is parsed where it lies
// in the chunk (no copy, no string); only a line cut by a chunk boundary is carried over, and only a line that is not
// a plain number takes the slow path that names what is wrong with it.
import { nanpVerdict } from './nanp';

export interface LineSink {
  number(npa: number, line7: number): void;
  malformed(lineNo: number, reason: string, text: string): void;
}

const MAX_LINE = 64;
const LF = 10;
const CR = 13;
const COMMA = 44;

/** Whether a 10-digit number is one a registry can list: area code and exchange 2-9, not N11, not 555-01xx. */
function dialable(npa: number, line7: number): boolean {
  const exchange = (line7 / 10_000) | 0;
  return npa >= 200 && line7 >= 2_000_000 && npa % 100 !== 11 && exchange % 100 !== 11 && !(exchange === 555 && ((line7 / 100) | 0) % 100 === 1);
}

export class RegistryLineParser {
  /** The start of a line cut by the end of the last chunk (its first MAX_LINE bytes). */
  private carry = Buffer.alloc(MAX_LINE);
  private carryLen = 0;
  private overflow = false;
  lineNo = 0;
  /** Bytes consumed so far (the resume offset after a complete line when nothing is carried). */
  bytes = 0;

  /** The byte offset of the first line not yet ended (where a resumed load starts), or null inside an over-long line. */
  get lineStart(): number | null {
    return this.overflow ? null : this.bytes - this.carryLen;
  }

  constructor(private readonly sink: LineSink) {}

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    let i = 0;
    if (this.carryLen > 0 || this.overflow) {
      const nl = chunk.indexOf(LF);
      this.append(chunk, 0, nl < 0 ? n : nl);
      if (nl < 0) {
        this.bytes += n;
        return;
      }
      this.endCarried();
      i = nl + 1;
    }
    const sink = this.sink;
    while (i < n) {
      // The fast path: 10 digits, or 3 digits, a comma and 7 digits, then LF (a CR before it is allowed).
      const start = i;
      let value = 0;
      let digits = 0;
      let plain = true;
      let c = 0;
      for (; i < n; i += 1) {
        c = chunk[i]!;
        if (c === LF) break;
        const d = c - 48;
        if (d >= 0 && d <= 9) {
          value = value * 10 + d;
          digits += 1;
        } else if (!(c === COMMA && i - start === 3) && !(c === CR && i + 1 < n && chunk[i + 1] === LF)) {
          plain = false;
        }
      }
      if (i === n) {
        // A line cut by the chunk's end: carried into the next push (or ended by end()).
        this.append(chunk, start, n);
        break;
      }
      this.lineNo += 1;
      if (plain && digits === 10 && i - start <= 12) {
        const npa = (value / 10_000_000) | 0;
        const line7 = value - npa * 10_000_000;
        if (dialable(npa, line7)) sink.number(npa, line7);
        else this.endLine(chunk, start, i);
      } else if (i > start && !(i - start === 1 && chunk[start] === CR)) {
        this.endLine(chunk, start, i);
      }
      i += 1;
    }
    this.bytes += n;
  }

  /** Ends the last line when the file has no final newline. */
  end(): void {
    if (this.carryLen > 0 || this.overflow) this.endCarried();
  }

  private append(chunk: Uint8Array, from: number, to: number): void {
    const room = MAX_LINE - this.carryLen;
    if (to - from > room) this.overflow = true;
    const take = Math.min(room, to - from);
    if (take > 0) this.carry.set(chunk.subarray(from, from + take), this.carryLen);
    this.carryLen += take;
  }

  private endCarried(): void {
    const overflow = this.overflow;
    const len = this.carryLen;
    this.carryLen = 0;
    this.overflow = false;
    this.lineNo += 1;
    if (overflow) return this.sink.malformed(this.lineNo, `line longer than ${MAX_LINE} bytes`, this.carry.toString('latin1', 0, 20));
    this.parseLine(this.carry, 0, len);
  }

  /** A line found whole in a chunk that the fast path did not take (its number is already counted). */
  private endLine(chunk: Uint8Array, start: number, end: number): void {
    if (end - start > MAX_LINE) return this.sink.malformed(this.lineNo, `line longer than ${MAX_LINE} bytes`, Buffer.from(chunk.buffer, chunk.byteOffset + start, 20).toString('latin1'));
    this.parseLine(chunk, start, end);
  }

  /** The slow path: one line (without its LF), parsed byte by byte, its fault named. */
  private parseLine(bytes: Uint8Array, start: number, end: number): void {
    let n = end;
    if (n > start && bytes[n - 1] === CR) n -= 1;
    if (n === start) return;
    const text = () => Buffer.from(bytes.buffer, bytes.byteOffset + start, n - start).toString('latin1');
    let digits = 0;
    let value = 0;
    let comma = -1;
    for (let i = start; i < n; i += 1) {
      const c = bytes[i]!;
      if (c >= 48 && c <= 57) {
        value = value * 10 + (c - 48);
        digits += 1;
      } else if (c === COMMA && comma < 0 && i - start === 3) {
        comma = i;
      } else {
        return this.sink.malformed(this.lineNo, 'not a 10-digit number or NPA,NNNNNNN', text());
      }
    }
    if (digits !== 10) return this.sink.malformed(this.lineNo, `${digits} digits, expected 10`, text());
    const npa = Math.floor(value / 10_000_000);
    const line7 = value % 10_000_000;
    // Area code and exchange rules (2-9 first digit, not N11); 555-01xx fictional numbers are malformed too.
    if (!dialable(npa, line7)) {
      const v = nanpVerdict(`+1${String(value)}`);
      return this.sink.malformed(this.lineNo, v.ok ? 'not a dialable NANP number' : v.reason, text());
    }
    this.sink.number(npa, line7);
  }
}
