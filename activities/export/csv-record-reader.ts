// Reads CSV records from a byte stream with bounded memory, tracking the byte offset of every record boundary so
// an export can stop and resume at exactly the same record; re-opens the stream when recovery must back up.
import { CsvRecordScanner, type CsvRejectCode } from './csv-record-splitter';

/** A record is never held beyond this many bytes; longer ones are scanned through and rejected (RECORD_TOO_LARGE). */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;
const MIN_READ_BYTES = 1024 * 1024;
const CR = 0x0d;
const LF = 0x0a;
const EMPTY = Buffer.alloc(0);

/** Opens the byte stream at an absolute offset. */
export type ByteStreamOpener = (offset: number) => AsyncIterable<Buffer>;

export type CsvRecord =
  /** Field spans are absolute [start, end, escaped] triples into `buf` (whose byte 0 is at `base`); valid until the next read. */
  | { kind: 'fields'; start: number; end: number; buf: Buffer; base: number; spans: readonly number[]; fieldCount: number }
  /** A broken record; its first `readable` field spans (as above) can still be read, e.g. for the record id. */
  | { kind: 'reject'; start: number; end: number; code: CsvRejectCode; detail: string; buf: Buffer; base: number; spans: readonly number[]; readable: number };

export class CsvRecordReader {
  private it: AsyncIterator<Buffer> | null = null;
  private buf: Buffer = EMPTY;
  private base: number;
  private pos: number;
  private eof = false;
  readonly scanner: CsvRecordScanner;

  constructor(private readonly open: ByteStreamOpener, start: number, expectedFields: number, readonly maxRecordBytes = MAX_RECORD_BYTES) {
    this.base = start;
    this.pos = start;
    this.scanner = new CsvRecordScanner(expectedFields, maxRecordBytes);
  }

  /** Absolute offset where the next record starts: always a record boundary, safe to resume from. */
  get offset(): number {
    return this.pos;
  }

  /** Skips blank lines; true when no record is left. */
  async atEnd(): Promise<boolean> {
    for (;;) {
      if (this.pos - this.base >= this.buf.length) {
        if (this.eof) return true;
        await this.fill(this.pos, 1);
        continue;
      }
      const b = this.buf[this.pos - this.base];
      if (b !== CR && b !== LF) return false;
      this.pos++;
    }
  }

  /** The next record, or null at end of input. Blank lines are skipped (they are not records). */
  async next(): Promise<CsvRecord | null> {
    if (await this.atEnd()) return null;
    const start = this.pos;
    const scanner = this.scanner;
    scanner.begin(start);
    let from = start - this.base;
    let dropped = false;
    let end: number;
    for (;;) {
      end = scanner.scan(this.buf, this.base, from);
      if (end >= 0) break;
      const scannedTo = this.base + this.buf.length;
      if (this.eof) {
        end = scanner.finishAtEof(scannedTo);
        break;
      }
      if (scannedTo - start > this.maxRecordBytes) {
        // Too large to hold: keep scanning for its end without keeping its bytes; it will be rejected.
        dropped = true;
        this.base = scannedTo;
        this.buf = EMPTY;
      }
      await this.fill(dropped ? scannedTo : start, Math.max(Math.min(MIN_READ_BYTES, this.maxRecordBytes), scannedTo - start));
      from = scannedTo - this.base;
    }
    const outcome = scanner.outcome();
    const buf = this.buf;
    const base = this.base;
    this.pos = outcome.end;
    if (this.pos < this.base) await this.reopen(this.pos);
    if (outcome.kind === 'reject') return { ...outcome, buf, base, spans: scanner.spans, readable: dropped ? 0 : outcome.readable };
    if (dropped) throw new Error(`CSV reader invariant: record at byte ${start} was dropped but not rejected`);
    return { kind: 'fields', start, end, buf: this.buf, base: this.base, spans: scanner.spans, fieldCount: scanner.fieldCount };
  }

  async close(): Promise<void> {
    const it = this.it;
    this.it = null;
    await it?.return?.();
  }

  private async reopen(offset: number): Promise<void> {
    await this.close();
    this.buf = EMPTY;
    this.base = offset;
    this.eof = false;
  }

  /** Appends at least `need` bytes (or up to EOF), discarding everything before `keepFrom`. */
  private async fill(keepFrom: number, need: number): Promise<void> {
    this.it ??= this.open(this.base + this.buf.length)[Symbol.asyncIterator]();
    const chunks: Buffer[] = [];
    let got = 0;
    while (got < need) {
      const r = await this.it.next();
      if (r.done) {
        this.eof = true;
        break;
      }
      chunks.push(r.value);
      got += r.value.length;
    }
    const kept = this.buf.subarray(keepFrom - this.base);
    if (kept.length === 0 && chunks.length === 1) this.buf = chunks[0]!;
    else this.buf = Buffer.concat([kept, ...chunks]);
    this.base = keepFrom;
  }
}
