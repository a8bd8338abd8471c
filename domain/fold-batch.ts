// Folds the rows of one batch that share a match key into one candidate, field group by field group,
// so the database sees each key once. The rule is per-group last-writer-wins on (timestamp, value):
// commutative and idempotent, so the result never depends on the order batches are applied in.
import type { NormalizedContact } from './normalize-row';

/** The fields of a normalized row that folding reads. */
export type FoldableRow = Pick<
  NormalizedContact,
  'rowNo' | 'recordId' | 'email' | 'phoneE164' | 'phoneExt' | 'firstName' | 'lastName' | 'nameKey' | 'addressLine' | 'city' | 'state' |
  'postalCode' | 'country' | 'dob' | 'updatedAt' | 'hasContactKey'
>;

/** Timestamp used for a row without one: older than any real value, so any dated row wins. */
export const UNKNOWN_TIMESTAMP = '1970-01-01 00:00:00.000';

export interface FieldGroup<T> {
  values: T;
  ts: string;
  /** Deterministic tie-break form; the database compares the same string. */
  cmp: string;
}

export interface FoldedCandidate {
  matchKey: string;
  lead: FoldableRow;
  rows: number;
  ts: string;
  name: FieldGroup<{ firstName: string | null; lastName: string | null; nameKey: string | null }> | null;
  address: FieldGroup<{ addressLine: string | null; city: string | null; state: string | null; postalCode: string | null; country: string | null }> | null;
  dob: FieldGroup<{ dob: string }> | null;
  ext: FieldGroup<{ phoneExt: string }> | null;
}

const SEP = '\u001f';

/** The string both Node and SQL compare to break a timestamp tie: the group's values joined by U+001F. */
export function groupCmp(values: Array<string | null>): string {
  return values.map((v) => v ?? '').join(SEP);
}

function newer<T>(current: FieldGroup<T> | null, next: FieldGroup<T> | null): FieldGroup<T> | null {
  if (!next) return current;
  if (!current) return next;
  if (next.ts > current.ts) return next;
  if (next.ts === current.ts && next.cmp > current.cmp) return next;
  return current;
}

function groupsOf(row: FoldableRow, ts: string): Pick<FoldedCandidate, 'name' | 'address' | 'dob' | 'ext'> {
  const hasName = row.firstName !== null || row.lastName !== null;
  const hasAddress = row.addressLine !== null || row.city !== null || row.state !== null || row.postalCode !== null || row.country !== null;
  return {
    name: hasName ? { ts, values: { firstName: row.firstName, lastName: row.lastName, nameKey: row.nameKey }, cmp: groupCmp([row.firstName, row.lastName]) } : null,
    address: hasAddress
      ? { ts, values: { addressLine: row.addressLine, city: row.city, state: row.state, postalCode: row.postalCode, country: row.country }, cmp: groupCmp([row.addressLine, row.city, row.state, row.postalCode, row.country]) }
      : null,
    dob: row.dob !== null ? { ts, values: { dob: row.dob }, cmp: row.dob } : null,
    ext: row.phoneExt !== null ? { ts, values: { phoneExt: row.phoneExt }, cmp: row.phoneExt } : null,
  };
}

/** Folds rows one at a time (in any order) into one candidate per match key. */
export class BatchFolder<R extends FoldableRow> {
  readonly candidates = new Map<string, FoldedCandidate>();

  add(row: R, key: string): void {
    const ts = row.updatedAt ?? UNKNOWN_TIMESTAMP;
    const current = this.candidates.get(key);
    if (!current) {
      this.candidates.set(key, { matchKey: key, lead: row, rows: 1, ts, ...groupsOf(row, ts) });
      return;
    }
    const groups = groupsOf(row, ts);
    current.rows += 1;
    if (ts > current.ts || (ts === current.ts && row.rowNo < current.lead.rowNo)) {
      current.lead = row;
      current.ts = ts;
    }
    current.name = newer(current.name, groups.name);
    current.address = newer(current.address, groups.address);
    current.dob = newer(current.dob, groups.dob);
    current.ext = newer(current.ext, groups.ext);
  }
}

/** Folds rows (in any order) into one candidate per match key; `keyOf` gives each row's key. */
export function foldBatch<R extends FoldableRow>(rows: readonly R[], keyOf: (row: R) => string): Map<string, FoldedCandidate> {
  const folder = new BatchFolder<R>();
  for (const row of rows) folder.add(row, keyOf(row));
  return folder.candidates;
}
