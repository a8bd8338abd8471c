// The per-group latest-timestamp rule, defined once over the schema's FIELD_GROUPS: evaluated here for the
// TypeScript fold, and rendered as SQL for the merge, from the same declaration (test/ingest/group-rule.test.ts
// applies batches in both orders through both and expects one result).
import { FIELD_GROUPS, valueIndex, type FieldGroup } from './contact-schema';

/** Timestamp used for a row without one: older than any real value, so any dated row wins. */
export const UNKNOWN_TIMESTAMP = '1970-01-01 00:00:00.000';

/*
 * The rule. A group's rank is the tuple (timestamp, ...compare values), an empty value counting as ''. A
 * group with no value (no compare column has one) never wins; one with a value beats a group never seen; else
 * the higher rank wins (text in code point order, as utf8mb4_bin compares it; timestamps are fixed-width
 * 'YYYY-MM-DD HH:MM:SS.mmm'). Commutative and idempotent, so the outcome never depends on arrival order.
 */

/** What the rule reads of a row: its values (VALUE_COLUMNS order) and timestamp. */
export interface RankedRow {
  values: ReadonlyArray<string | null>;
  updatedAt: string | null;
}

/** Per group (FIELD_GROUPS order), the value indexes of its compare columns: computed once. */
const COMPARE_INDEXES: readonly number[][] = FIELD_GROUPS.map((g) => g.compare.map(valueIndex));

export const GROUP_COUNT = FIELD_GROUPS.length;

/** The row has group `g`: one of its compare columns has a value. */
export function hasGroup(row: RankedRow, g: number): boolean {
  const idx = COMPARE_INDEXES[g]!;
  const values = row.values;
  for (let i = 0; i < idx.length; i++) if (values[idx[i]!] !== null) return true;
  return false;
}

/** UTF-16 unit remapped so that comparing units orders strings by code point (surrogates above U+E000–U+FFFF). */
function codePointOrder(unit: number): number {
  return unit < 0xd800 ? unit : unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** -1, 0 or 1: `a` against `b` in code point order. */
export function compareText(a: string, b: string): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrder(x) > codePointOrder(y) ? 1 : -1;
  }
  return a.length === b.length ? 0 : a.length > b.length ? 1 : -1;
}

/** True when `next`'s group `g` replaces `current`'s (null: no row has given the group yet). */
export function outranks(next: RankedRow, current: RankedRow | null, g: number): boolean {
  if (!hasGroup(next, g)) return false;
  if (current === null) return true;
  const byTs = compareText(next.updatedAt ?? UNKNOWN_TIMESTAMP, current.updatedAt ?? UNKNOWN_TIMESTAMP);
  if (byTs !== 0) return byTs > 0;
  const idx = COMPARE_INDEXES[g]!;
  for (let i = 0; i < idx.length; i++) {
    const byValue = compareText(next.values[idx[i]!] ?? '', current.values[idx[i]!] ?? '');
    if (byValue !== 0) return byValue > 0;
  }
  return false;
}

/**
 * The same rule as SQL, for rows `next` and `current` (table aliases) carrying the group's columns and its
 * timestamp column under the schema's names. In the stage table a group's timestamp is NULL when the candidate
 * has no value for it; in contacts, when the contact never had it.
 */
export function outranksSql(group: FieldGroup, next: string, current: string): string {
  const ts = group.tsColumn;
  const tuple = (alias: string) => `(${group.compare.map((c) => `IFNULL(${alias}.${c}, '')`).join(', ')})`;
  return `(${next}.${ts} IS NOT NULL AND (${current}.${ts} IS NULL OR ${next}.${ts} > ${current}.${ts} OR ` +
    `(${next}.${ts} = ${current}.${ts} AND ${tuple(next)} > ${tuple(current)})))`;
}
