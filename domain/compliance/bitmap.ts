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
 * How an area code's set is stored: a bitmap (1.25 MB, any density) or, when smaller, its listed lines as sorted
 * 32-bit integers (4 bytes a number: a state, litigator or wireless list, or a thin federal area code).
 */
export type SetFormat = 'bitmap' | 'lines';

export function encodeLineSet(bitmap: Uint8Array, count: number): { format: SetFormat; bytes: Uint8Array } {
  if (count * 4 >= BITMAP_BYTES) return { format: 'bitmap', bytes: bitmap };
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
  return { format: 'lines', bytes: new Uint8Array(lines.buffer) };
}

/** Lines a sorted-lines set may hold before a bitmap is no bigger (312,500: 1.25 MB either way). */
const LIST_MAX = BITMAP_BYTES / 4;

/**
 * Builds one area code's set from the lines of a file, in the format it will be stored in. Lines are collected straight
 * into the sorted-lines format (a duplicate of the previous line dropped); lines out of order are sorted and
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

  /** The set as stored (the smaller of a bitmap and the sorted lines, as encodeLineSet) and how many lines it lists. */
  encode(): { format: SetFormat; bytes: Uint8Array; count: number } {
    if (this.lines !== null) {
      this.sortList();
      if (this.n * 4 < BITMAP_BYTES) return { format: 'lines', bytes: new Uint8Array(this.lines.buffer, 0, this.n * 4), count: this.n };
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

export function decodeLineSet(format: SetFormat, bytes: Uint8Array): LineSet {
  if (format === 'bitmap') {
    if (bytes.length !== BITMAP_BYTES) throw new RangeError(`a bitmap has ${BITMAP_BYTES} bytes, not ${bytes.length}`);
    let size = -1;
    return { has: (line7) => hasLine(bytes, line7), bytes: bytes.length, get size() { return size < 0 ? (size = countLines(bytes)) : size; } };
  }
  const aligned = new Uint8Array(bytes.length);
  aligned.set(bytes);
  const lines = new Uint32Array(aligned.buffer);
  return {
    size: lines.length,
    bytes: aligned.length,
    has(line7) {
      let lo = 0;
      let hi = lines.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = lines[mid]!;
        if (v === line7) return true;
        if (v < line7) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    },
  };
}

/** A bitmap with every line of `set` (to apply a change list to a stored set). */
export function bitmapOfLines(format: SetFormat, bytes: Uint8Array): Buffer {
  if (format === 'bitmap') return Buffer.from(bytes);
  const out = newBitmap();
  const aligned = new Uint8Array(bytes.length);
  aligned.set(bytes);
  for (const line of new Uint32Array(aligned.buffer)) setLine(out, line);
  return out;
}
