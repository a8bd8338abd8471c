// Decides, row by row, which source gets the next record and whether it is a new person or another record of a known one.
import type { Prng } from './prng';
import { SOURCE_NAMES, type SourceName } from './source-profiles';

export type SourceCounts = Record<SourceName, number>;

/** Splits `rows` by percentages (largest remainder), so the counts always add up to `rows`. */
export function splitRows(rows: number, percentages: SourceCounts): SourceCounts {
  const total = SOURCE_NAMES.reduce((sum, s) => sum + percentages[s], 0);
  const exact = SOURCE_NAMES.map((s) => (rows * percentages[s]) / total);
  const counts = exact.map(Math.floor);
  let left = rows - counts.reduce((a, b) => a + b, 0);
  const byRemainder = SOURCE_NAMES.map((_, i) => i).sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b);
  for (const i of byRemainder) {
    if (left === 0) break;
    counts[i]! += 1;
    left -= 1;
  }
  return { mysql: counts[0]!, sqlite: counts[1]!, csv: counts[2]! };
}

/** Duplicate rows for a rate: round(rows × rate), but the first row is always a new person. */
export function duplicateRowsFor(rows: number, dupRate: number): number {
  return Math.min(Math.round(rows * dupRate), Math.max(0, rows - 1));
}

export interface RowPlan {
  source: SourceName;
  duplicate: boolean;
}

/**
 * Draws sources and new-vs-duplicate without replacement, so per-source counts and the number of duplicate rows
 * come out exact while their order is random.
 */
export class RowPlanner {
  private readonly left: SourceCounts;
  private rowsLeft: number;
  private dupsLeft: number;
  private first = true;

  constructor(private readonly rng: Prng, counts: SourceCounts, duplicateRows: number) {
    this.left = { ...counts };
    this.rowsLeft = SOURCE_NAMES.reduce((sum, s) => sum + counts[s], 0);
    this.dupsLeft = duplicateRows;
  }

  next(): RowPlan {
    if (this.rowsLeft <= 0) throw new RangeError('RowPlanner: no rows left');
    let r = this.rng.int(this.rowsLeft);
    let source: SourceName = 'csv';
    for (const s of SOURCE_NAMES) {
      if (r < this.left[s]) {
        source = s;
        break;
      }
      r -= this.left[s];
    }
    this.left[source] -= 1;
    const duplicate = !this.first && this.rng.int(this.rowsLeft) < this.dupsLeft;
    if (duplicate) this.dupsLeft -= 1;
    this.rowsLeft -= 1;
    this.first = false;
    return { source, duplicate };
  }
}

/** The most recent persons, the only ones later rows may repeat: memory stays bounded however many rows are made. */
export class PersonPool<T> {
  private readonly items: T[] = [];
  private next = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.items.length;
  }

  /** Adds a person; returns the one it pushed out once the pool is full. */
  add(item: T): T | undefined {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return undefined;
    }
    const evicted = this.items[this.next];
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    return evicted;
  }

  pick(rng: Prng): T {
    return rng.pick(this.items);
  }

  /** Everyone still in the pool (for end-of-run statistics). */
  values(): readonly T[] {
    return this.items;
  }
}
