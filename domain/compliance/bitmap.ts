// One area code's registry as a bitmap: bit n set = line n (the 7 digits after the area code) is listed. 10^7 bits,
// 1.25 MB; bit order as Redis SETBIT/GETBIT (bit 0 is the most significant bit of byte 0), so either store can hold it.

export const LINES_PER_AREA_CODE = 10_000_000;
export const BITMAP_BYTES = LINES_PER_AREA_CODE / 8;

export function newBitmap(): Buffer {
  return Buffer.alloc(BITMAP_BYTES);
}

export function hasLine(bitmap: Uint8Array, line7: number): boolean {
  return (bitmap[line7 >>> 3]! & (0x80 >>> (line7 & 7))) !== 0;
}

export function setLine(bitmap: Uint8Array, line7: number): void {
  bitmap[line7 >>> 3]! |= 0x80 >>> (line7 & 7);
}

export function clearLine(bitmap: Uint8Array, line7: number): void {
  bitmap[line7 >>> 3]! &= ~(0x80 >>> (line7 & 7));
}

/** The bitmap as 32-bit words (its byte length is a multiple of 4); bit order within a word does not matter to counts. */
function words(bitmap: Uint8Array): Uint32Array {
  return new Uint32Array(bitmap.buffer, bitmap.byteOffset, bitmap.byteLength >>> 2);
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** How many lines are listed. */
export function countLines(bitmap: Uint8Array): number {
  const w = bitmap.byteOffset % 4 === 0 ? words(bitmap) : words(Uint8Array.from(bitmap));
  let n = 0;
  for (let i = 0; i < w.length; i += 1) if (w[i]) n += popcount32(w[i]!);
  return n;
}

/** ORs `other` into `into` (same size). */
export function orInto(into: Uint8Array, other: Uint8Array): void {
  for (let i = 0; i < into.length; i += 1) into[i]! |= other[i]!;
}

/** A set of listed lines, however it is stored. */
export interface LineSet {
  has(line7: number): boolean;
  readonly size: number;
  /** Bytes it holds in memory. */
  readonly bytes: number;
}

/**
 * How an area code's set is stored: a bitmap (1.25 MB, any density) or, when smaller, its listed lines by exchange
 * (`xlines`: 2 bytes a number plus a 4 KB index, so a 50M-number federal list of 330 area codes is half the bytes
 * to write and to read back that 4-byte lines were). `lines` (sorted 32-bit lines, 4 bytes a number) is how sets
 * were stored before `xlines`; such objects are still read.
 */
export type SetFormat = 'bitmap' | 'xlines' | 'lines';

/** Exchanges of an area code (the first 3 of the 7 digits) and lines per exchange. */
const EXCHANGES = 1000;
const PER_EXCHANGE = 10_000;
/** The xlines index: where each exchange's lines start in the body, and the end (1001 32-bit offsets). */
const XLINES_INDEX_BYTES = (EXCHANGES + 1) * 4;

/** Bytes of a set of `count` lines in the xlines format. */
export function xlinesBytes(count: number): number {
  return XLINES_INDEX_BYTES + count * 2;
}

/**
 * The xlines bytes of sorted, distinct lines: an index of 1001 little-endian 32-bit offsets (exchange e's lines are
 * entries [index[e], index[e+1]) of the body), then the body: each line's last 4 digits as a 16-bit integer.
 */
export function encodeXlines(lines: Uint32Array, count: number): Uint8Array {
  const out = new Uint8Array(xlinesBytes(count));
  const index = new Uint32Array(out.buffer, 0, EXCHANGES + 1);
  const body = new Uint16Array(out.buffer, XLINES_INDEX_BYTES, count);
  let e = 0;
  for (let i = 0; i < count; i += 1) {
    const line = lines[i]!;
    const ex = (line / PER_EXCHANGE) | 0;
    while (e <= ex) index[e++] = i;
    body[i] = line - ex * PER_EXCHANGE;
  }
  while (e <= EXCHANGES) index[e++] = count;
  return out;
}

/** The listed lines of a bitmap, in order. */
function linesOfBitmap(bitmap: Uint8Array, count: number): Uint32Array {
  const lines = new Uint32Array(count);
  const w = bitmap.byteOffset % 4 === 0 ? words(bitmap) : words(Uint8Array.from(bitmap));
  let n = 0;
  for (let wi = 0; wi < w.length; wi += 1) {
    if (w[wi] === 0) continue;
    for (let i = wi * 4; i < wi * 4 + 4; i += 1) {
      // Each set bit of the byte, most significant (the lowest line) first.
      for (let b = bitmap[i]!; b !== 0; ) {
        const bit = Math.clz32(b) - 24;
        lines[n++] = i * 8 + bit;
        b ^= 0x80 >>> bit;
      }
    }
  }
  return lines;
}

/** The set in the smaller of its formats. */
export function encodeLineSet(bitmap: Uint8Array, count: number): { format: SetFormat; bytes: Uint8Array } {
  if (xlinesBytes(count) >= BITMAP_BYTES) return { format: 'bitmap', bytes: bitmap };
  return { format: 'xlines', bytes: encodeXlines(linesOfBitmap(bitmap, count), count) };
}

/** Lines a builder collects as a list (1.25 MB of 32-bit lines, a bitmap's size); more make it a bitmap. */
const LIST_MAX = BITMAP_BYTES / 4;

/**
 * Builds one area code's set from the lines of a file, in the format it will be stored in. Lines are collected straight
 * into a sorted list (a duplicate of the previous line dropped) that is encoded as xlines; lines out of order are sorted and
 * deduplicated when the list fills up or is encoded; a set that reaches a bitmap's size, or a start from a stored set
 * (a change list, an area code that comes again), is a bitmap. Either way it never holds more than 1.25 MB, and the
 * list's buffer can be handed back for the next area code (`spare`), so a load does not churn the heap.
 */
export class LineSetBuilder {
  private lines: Uint32Array | null;
  private n = 0;
  private sorted = true;
  private bits: Buffer | null;

  constructor(from?: Buffer, private readonly spare?: Uint32Array[]) {
    this.bits = from ?? null;
    this.lines = from ? null : (spare?.pop() ?? new Uint32Array(LIST_MAX));
  }

  add(line7: number): void {
    const lines = this.lines;
    if (lines !== null) {
      const n = this.n;
      if (n > 0 && line7 <= lines[n - 1]!) {
        if (line7 === lines[n - 1]) return;
        this.sorted = false;
      }
      if (n === LIST_MAX) {
        this.compact();
        return this.add(line7);
      }
      lines[this.n++] = line7;
      return;
    }
    setLine(this.bits!, line7);
  }

  remove(line7: number): void {
    if (this.lines !== null) this.toBitmap();
    clearLine(this.bits!, line7);
  }

  /** Sorts and deduplicates a full list; one still full becomes a bitmap. */
  private compact(): void {
    this.sortList();
    if (this.n === LIST_MAX) this.toBitmap();
  }

  private sortList(): void {
    if (this.sorted) return;
    const lines = this.lines!;
    lines.subarray(0, this.n).sort();
    let k = 0;
    for (let i = 0; i < this.n; i += 1) if (k === 0 || lines[i] !== lines[k - 1]) lines[k++] = lines[i]!;
    this.n = k;
    this.sorted = true;
  }

  private toBitmap(): void {
    const bits = newBitmap();
    const lines = this.lines!;
    for (let i = 0; i < this.n; i += 1) setLine(bits, lines[i]!);
    this.bits = bits;
    this.release();
  }

  /** The set as stored (the smaller of a bitmap and xlines, as encodeLineSet) and how many lines it lists. */
  encode(): { format: SetFormat; bytes: Uint8Array; count: number } {
    if (this.lines !== null) {
      this.sortList();
      if (xlinesBytes(this.n) < BITMAP_BYTES) return { format: 'xlines', bytes: encodeXlines(this.lines, this.n), count: this.n };
      this.toBitmap();
    }
    const count = countLines(this.bits!);
    return { ...encodeLineSet(this.bits!, count), count };
  }

  /** Hands the list's buffer back for another builder (once what encode() returned is no longer needed). */
  release(): void {
    if (this.lines !== null && this.spare && this.spare.length < 32) this.spare.push(this.lines);
    this.lines = null;
    this.n = 0;
  }
}

/** A copy at offset 0 when `bytes` cannot be viewed as 32-bit words where it lies. */
function aligned(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset % 4 === 0) return bytes;
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

function xlinesParts(bytes: Uint8Array): { index: Uint32Array; body: Uint16Array } {
  if (bytes.length < XLINES_INDEX_BYTES || bytes.length % 2 !== 0) throw new RangeError(`an xlines set has a ${XLINES_INDEX_BYTES}-byte index and 2 bytes a line, not ${bytes.length} bytes`);
  const a = aligned(bytes);
  const index = new Uint32Array(a.buffer, a.byteOffset, EXCHANGES + 1);
  const body = new Uint16Array(a.buffer, a.byteOffset + XLINES_INDEX_BYTES, (a.length - XLINES_INDEX_BYTES) / 2);
  if (index[EXCHANGES] !== body.length) throw new RangeError(`an xlines index ends at ${index[EXCHANGES]}, its body has ${body.length} lines`);
  return { index, body };
}

/** Whether sorted `values[from, to)` holds `v` (binary search). */
function sortedHas(values: Uint16Array | Uint32Array, from: number, to: number, v: number): boolean {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = values[mid]!;
    if (x === v) return true;
    if (x < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export function decodeLineSet(format: SetFormat, bytes: Uint8Array): LineSet {
  if (format === 'bitmap') {
    if (bytes.length !== BITMAP_BYTES) throw new RangeError(`a bitmap has ${BITMAP_BYTES} bytes, not ${bytes.length}`);
    let size = -1;
    return { has: (line7) => hasLine(bytes, line7), bytes: bytes.length, get size() { return size < 0 ? (size = countLines(bytes)) : size; } };
  }
  if (format === 'xlines') {
    const { index, body } = xlinesParts(bytes);
    return {
      size: body.length,
      bytes: bytes.length,
      has(line7) {
        const ex = (line7 / PER_EXCHANGE) | 0;
        if (ex < 0 || ex >= EXCHANGES) return false;
        return sortedHas(body, index[ex]!, index[ex + 1]!, line7 - ex * PER_EXCHANGE);
      },
    };
  }
  const a = aligned(bytes);
  const lines = new Uint32Array(a.buffer, a.byteOffset, a.length >>> 2);
  return {
    size: lines.length,
    bytes: a.length,
    has: (line7) => sortedHas(lines, 0, lines.length, line7),
  };
}

/** A bitmap with every line of a stored set (to apply a change list to it). */
export function bitmapOfLines(format: SetFormat, bytes: Uint8Array): Buffer {
  if (format === 'bitmap') return Buffer.from(bytes);
  const out = newBitmap();
  if (format === 'xlines') {
    const { index, body } = xlinesParts(bytes);
    for (let ex = 0; ex < EXCHANGES; ex += 1) for (let i = index[ex]!; i < index[ex + 1]!; i += 1) setLine(out, ex * PER_EXCHANGE + body[i]!);
    return out;
  }
  const a = aligned(bytes);
  for (const line of new Uint32Array(a.buffer, a.byteOffset, a.length >>> 2)) setLine(out, line);
  return out;
}
