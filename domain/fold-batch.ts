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
}

type NameValues = { firstName: string | null; lastName: string | null; nameKey: string | null };
type AddressValues = { addressLine: string | null; city: string | null; state: string | null; postalCode: string | null; country: string | null };

export interface FoldedCandidate {
  matchKey: string;
  lead: FoldableRow;
  rows: number;
  ts: string;
  name: FieldGroup<NameValues> | null;
  address: FieldGroup<AddressValues> | null;
  dob: FieldGroup<{ dob: string }> | null;
  ext: FieldGroup<{ phoneExt: string }> | null;
}

const SEP = '\u001f';

/** The string both Node and SQL compare to break a timestamp tie: the group's values joined by U+001F. */
export function groupCmp(values: Array<string | null>): string {
  return values.map((v) => v ?? '').join(SEP);
}

/** Tie-break forms, computed only when two rows of a key carry the same timestamp for a group (rare). */
const nameCmp = (v: NameValues) => groupCmp([v.firstName, v.lastName]);
const addressCmp = (v: AddressValues) => groupCmp([v.addressLine, v.city, v.state, v.postalCode, v.country]);
const dobCmp = (v: { dob: string }) => v.dob;
const extCmp = (v: { phoneExt: string }) => v.phoneExt;

function newer<T>(current: FieldGroup<T> | null, next: FieldGroup<T> | null, cmpOf: (values: T) => string): FieldGroup<T> | null {
  if (!next) return current;
  if (!current) return next;
  if (next.ts > current.ts) return next;
  if (next.ts === current.ts && cmpOf(next.values) > cmpOf(current.values)) return next;
  return current;
}

function nameGroup(row: FoldableRow, ts: string): FieldGroup<NameValues> | null {
  if (row.firstName === null && row.lastName === null) return null;
  return { ts, values: { firstName: row.firstName, lastName: row.lastName, nameKey: row.nameKey } };
}

function addressGroup(row: FoldableRow, ts: string): FieldGroup<AddressValues> | null {
  if (row.addressLine === null && row.city === null && row.state === null && row.postalCode === null && row.country === null) return null;
  return { ts, values: { addressLine: row.addressLine, city: row.city, state: row.state, postalCode: row.postalCode, country: row.country } };
}

/** Folds rows one at a time (in any order) into one candidate per match key. */
export class BatchFolder<R extends FoldableRow> {
  readonly candidates = new Map<string, FoldedCandidate>();

  add(row: R, key: string): void {
    const ts = row.updatedAt ?? UNKNOWN_TIMESTAMP;
    const dob = row.dob !== null ? { ts, values: { dob: row.dob } } : null;
    const ext = row.phoneExt !== null ? { ts, values: { phoneExt: row.phoneExt } } : null;
    const current = this.candidates.get(key);
    if (!current) {
      this.candidates.set(key, { matchKey: key, lead: row, rows: 1, ts, name: nameGroup(row, ts), address: addressGroup(row, ts), dob, ext });
      return;
    }
    current.rows += 1;
    if (ts > current.ts || (ts === current.ts && row.rowNo < current.lead.rowNo)) {
      current.lead = row;
      current.ts = ts;
    }
    current.name = newer(current.name, nameGroup(row, ts), nameCmp);
    current.address = newer(current.address, addressGroup(row, ts), addressCmp);
    current.dob = newer(current.dob, dob, dobCmp);
    current.ext = newer(current.ext, ext, extCmp);
  }
}
