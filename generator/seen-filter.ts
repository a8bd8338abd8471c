// A fixed-size Bloom filter, so emails and phone numbers stay unique per person without memory growing with N.

const DEFAULT_BITS_LOG2 = 27; // 2^27 bits = 16 MiB: ~1e-4 false positives at 2M keys; a false positive only costs a re-draw.

/** FNV-1a with a final avalanche; one pass per key, the second probe hash is derived from it. */
function hash(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

export class SeenFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(bitsLog2 = DEFAULT_BITS_LOG2) {
    this.bits = new Uint32Array(2 ** (bitsLog2 - 5));
    this.mask = 2 ** bitsLog2 - 1;
  }

  /** Adds `key` and returns true when it was new; returns false (and adds nothing) when it was probably seen. */
  claim(key: string): boolean {
    const h1 = hash(key);
    const h2 = (Math.imul(h1 ^ (h1 >>> 16), 0x45d9f3b) | 1) >>> 0;
    let seen = true;
    for (let k = 0; k < 3; k++) {
      const bit = (h1 + Math.imul(k, h2)) & this.mask;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) seen = false;
    }
    if (seen) return false;
    for (let k = 0; k < 3; k++) {
      const bit = (h1 + Math.imul(k, h2)) & this.mask;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
    return true;
  }
}
