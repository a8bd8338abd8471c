// Decides a CSV drop's encoding once per file (valid UTF-8, else windows-1252) and decodes field bytes accordingly.
import { isUtf8 } from 'node:buffer';

/**
 * `utf-8` when every byte of the file is valid UTF-8 (a BOM is allowed and skipped), otherwise `windows-1252`
 * (the superset of Latin-1 that Excel and legacy Windows tools write; bytes 0x80-0x9F become €, ‚, “, ... and
 * every byte sequence decodes, so no record is lost to encoding). Decided per file by inspectSource, stored in
 * the snapshot marker, and applied identically by every chunk.
 */
export type CsvEncoding = 'utf-8' | 'windows-1252';

/** Length of a leading UTF-8 BOM (3) or 0. */
export function bomLength(head: Buffer): number {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
}

/** True for a UTF-16 BOM, which this exporter does not read (the file must be converted first). */
export function isUtf16(head: Buffer): boolean {
  return head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
}

/** Streaming UTF-8 validity check over chunks that may split a multi-byte sequence. */
export class Utf8Validator {
  private tail: Buffer = Buffer.alloc(0);
  valid = true;

  feed(chunk: Buffer): void {
    if (!this.valid || chunk.length === 0) return;
    const data = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    const cut = incompleteTailStart(data);
    this.tail = Buffer.from(data.subarray(cut));
    if (!isUtf8(data.subarray(0, cut))) this.valid = false;
  }

  /** Call at end of input; a dangling partial sequence makes the input invalid. */
  end(): boolean {
    if (this.tail.length > 0) this.valid = false;
    return this.valid;
  }
}

/** Index where a trailing, possibly incomplete multi-byte sequence starts (data.length when the end is complete). */
function incompleteTailStart(data: Buffer): number {
  for (let back = 1; back <= 3 && back <= data.length; back++) {
    const b = data[data.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? data.length - back : data.length;
  }
  return data.length;
}

/** windows-1252 code points for bytes 0x80-0x9F (the five undefined bytes map to the C1 control of the same value). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const C1_RANGE = /[\x80-\x9f]/g;

export type FieldDecoder = (buf: Buffer, start: number, end: number) => string;

export function decoderFor(encoding: CsvEncoding): FieldDecoder {
  if (encoding === 'utf-8') return (buf, start, end) => buf.toString('utf8', start, end);
  return (buf, start, end) => {
    const text = buf.toString('latin1', start, end);
    return text.replace(C1_RANGE, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
  };
}
