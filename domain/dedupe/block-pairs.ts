// Candidate pairs of one block: all-to-all for a normal block; for an oversized one (a shared office phone, a
// common name in a big city) a sorted neighbourhood (each member against its next `window`), so a block of n costs
// O(n·window) pairs, never n²; a block past the skip size is left to the other rules.
import { neighbourhoodSortKey } from './blocking';
import type { Features } from './features';

export interface BlockLimits {
  maxBlockSize: number;
  window: number;
  skipBlockSize: number;
}

export type BlockTreatment = 'all-pairs' | 'neighbourhood' | 'skipped';

export function blockTreatment(size: number, limits: BlockLimits): BlockTreatment {
  if (size > limits.skipBlockSize) return 'skipped';
  return size > limits.maxBlockSize ? 'neighbourhood' : 'all-pairs';
}

/** Pairs a full comparison of a block of `size` would make. */
export function allPairsCount(size: number): number {
  return (size * (size - 1)) / 2;
}

/**
 * Calls `emit(a, b)` (a.id < b.id) for the block's candidate pairs. `members` are the block's contacts in any order;
 * `wanted` (optional) keeps only pairs with at least one member in it (an incremental pass: new against all).
 */
export function forEachBlockPair(
  members: readonly Features[], limits: BlockLimits, emit: (a: Features, b: Features) => void, wanted?: (id: number) => boolean,
): BlockTreatment {
  const n = members.length;
  const treatment = blockTreatment(n, limits);
  if (treatment === 'skipped' || n < 2) return treatment;
  const take = (x: Features, y: Features) => {
    if (wanted && !wanted(x.id) && !wanted(y.id)) return;
    if (x.id < y.id) emit(x, y);
    else emit(y, x);
  };
  if (treatment === 'all-pairs') {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) take(members[i]!, members[j]!);
    return treatment;
  }
  const sorted = members.map((f) => ({ f, key: neighbourhoodSortKey(f) })).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  for (let i = 0; i < n; i++) {
    const end = Math.min(n, i + 1 + limits.window);
    for (let j = i + 1; j < end; j++) take(sorted[i]!.f, sorted[j]!.f);
  }
  return treatment;
}
