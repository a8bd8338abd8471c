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

const POP = new Uint8Array(256).map((_, i) => {
  let n = 0;
  for (let v = i; v; v >>= 1) n += v & 1;
  return n;
});

/** How many lines are listed. */
export function countLines(bitmap: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bitmap.length; i += 1) n += POP[bitmap[i]!]!;
  return n;
}

/** ORs `other` into `into` (same size). */
export function orInto(into: Uint8Array, other: Uint8Array): void {
  for (let i = 0; i < into.length; i += 1) into[i]! |= other[i]!;
}
