// Folds the rows of one batch that share a match key into one candidate, field group by field group,
// so the database sees each key once. Per group the winning row is chosen by the rule in group-rule.ts;
// a candidate keeps references to the winning rows, so folding allocates nothing per row.
import { GROUP_COUNT, hasGroup, outranks, UNKNOWN_TIMESTAMP, type RankedRow } from './group-rule';
import type { NormalizedContact } from './normalize-row';

/** The fields of a normalized row that folding reads. */
export type FoldableRow = Pick<NormalizedContact, 'rowNo' | 'recordId' | 'values' | 'updatedAt' | 'hasContactKey'> & RankedRow;

export interface FoldedCandidate<R extends FoldableRow = FoldableRow> {
  matchKey: string;
  /** The newest row (ties: the lowest row number): its identity and provenance are the candidate's. */
  lead: R;
  rows: number;
  /** The newest timestamp among the rows. */
  ts: string;
  /** Per field group (FIELD_GROUPS order): the row whose values the group takes, or null when no row had any. */
  winners: Array<R | null>;
}

/** The timestamp a group takes from its winning row. */
export function groupTs(row: FoldableRow): string {
  return row.updatedAt ?? UNKNOWN_TIMESTAMP;
}

/** Folds rows one at a time (in any order) into one candidate per match key. */
export class BatchFolder<R extends FoldableRow> {
  readonly candidates = new Map<string, FoldedCandidate<R>>();

  add(row: R, key: string): void {
    const ts = row.updatedAt ?? UNKNOWN_TIMESTAMP;
    const current = this.candidates.get(key);
    if (!current) {
      const winners = new Array<R | null>(GROUP_COUNT);
      for (let g = 0; g < GROUP_COUNT; g++) winners[g] = hasGroup(row, g) ? row : null;
      this.candidates.set(key, { matchKey: key, lead: row, rows: 1, ts, winners });
      return;
    }
    current.rows += 1;
    if (ts > current.ts || (ts === current.ts && row.rowNo < current.lead.rowNo)) {
      current.lead = row;
      current.ts = ts;
    }
    const winners = current.winners;
    for (let g = 0; g < GROUP_COUNT; g++) if (outranks(row, winners[g] ?? null, g)) winners[g] = row;
  }
}
