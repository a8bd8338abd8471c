// Term-frequency adjustments: an exact agreement on a common value (an office's shared phone, the surname Smith, the
// given name James) is weaker evidence than on a rare one. The counts come from the store (dedupe_value_freq).

export interface ValueFrequencies {
  /** Contacts in the store when the counts were taken. */
  total: number;
  /** Counts of values seen at least `floor` times; rarer values count as `floor`. */
  floor: number;
  phone: ReadonlyMap<string, number>;
  last: ReadonlyMap<string, number>;
  first: ReadonlyMap<string, number>;
}

export interface TermFrequencyModel {
  /** A phone shared by `reference` contacts keeps its weight; each doubling beyond costs one bit, down to `min`. */
  phone: { reference: number; min: number };
  /** A name held by `referenceShare` of the contacts keeps its weight; rarer gains, commoner loses (log2 of the ratio), clamped. */
  lastName: { referenceShare: number; maxDown: number; maxUp: number };
  firstName: { referenceShare: number; maxDown: number; maxUp: number };
}

export const NO_FREQUENCIES: ValueFrequencies = { total: 0, floor: 1, phone: new Map(), last: new Map(), first: new Map() };

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/** Weight of an exact phone agreement on `phone`, from its base weight. */
export function phoneWeight(base: number, phone: string, f: ValueFrequencies, m: TermFrequencyModel['phone']): number {
  const n = f.phone.get(phone) ?? 1;
  if (n <= m.reference) return base;
  return Math.max(m.min, base - Math.log2(n / m.reference));
}

/** Weight of an exact name agreement on `value`, from its base weight (0 adjustment when no counts were taken). */
export function nameWeight(base: number, value: string, counts: ReadonlyMap<string, number>, f: ValueFrequencies,
  m: TermFrequencyModel['lastName']): number {
  if (f.total <= 0) return base;
  const share = (counts.get(value) ?? f.floor) / f.total;
  return base + clamp(Math.log2(m.referenceShare / share), -m.maxDown, m.maxUp);
}
