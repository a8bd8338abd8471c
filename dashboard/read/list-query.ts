// The priority list's reads over dash_priority: filters, three sort orders, keyset pages (forward and back), page
// jumps (precomputed ranks when nothing but a state and a score range filters the default campaign's order, else a
// deferred join whose inner scan reads a covering index only, never a deep OFFSET over rows) and the streamed export's
// batches. Every
// query leaves out what the campaign's list never holds: records blocked for its class by their stored facts
// (blocked_mask, checked inside the index) and what the read-time rules exclude now.
import { classOf, type ListClass } from '../../domain/compliance/list-classes';
import { listableSql, type Campaign } from '../../domain/list-config';
import { excludedJurisdictions, excludedRecords, type ReadTimeExclusions } from './read-time-rules';
import { selectRows, type ReadPool, type RequestTimings } from './read-pool';

export const SORTS = {
  score: { col: 'score', dir: 'DESC' },
  updated: { col: 'updated_at', dir: 'DESC' },
  name: { col: 'name_key', dir: 'ASC' },
} as const;
export type SortName = keyof typeof SORTS;

export interface ListFilters {
  state?: string[];
  /** Stored compliance tags (domain/compliance/stored-status.ts STORED_TAGS, or UNSCRUBBED). */
  tag?: string[];
  source?: string;
  scoreMin?: number;
  scoreMax?: number;
  updatedSince?: string;
}

export interface ListRequest extends ListFilters {
  campaign: Campaign;
  /** The class the precomputed ranks count (the default campaign's at the refresh): the rank plan serves only it. */
  rankedClass?: ListClass;
  sort: SortName;
  size: number;
  /** Keyset: the page after this row / before this row (opaque cursors from a previous answer). */
  after?: string;
  before?: string;
  /** A page jump (1-based). */
  page?: number;
}

export interface ListRow {
  goldenId: number;
  score: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  state: string;
  source: string;
  /** The stored compliance tag at the refresh. */
  tag: string;
  members: number;
  attempts: number;
  updatedAt: string;
}

export interface ListPage {
  rows: ListRow[];
  /** Cursors of this page's last and first rows (null at the end / the start). */
  next: string | null;
  prev: string | null;
  /** Served by: rank (precomputed), deferred-join, keyset. */
  plan: 'rank' | 'deferred-join' | 'keyset';
}

export class CursorError extends Error {
  override name = 'CursorError';
}

const COLUMNS = 'p.golden_id, p.score, p.first_name, p.last_name, p.email, p.phone_e164, p.state, p.source_kind, p.member_count, p.attempts, p.updated_at, p.name_key, p.compliance_tag';

type Raw = Record<string, unknown>;

function encodeCursor(sort: SortName, row: Raw): string {
  const col = SORTS[sort].col;
  return Buffer.from(JSON.stringify([row[col], Number(row.golden_id)])).toString('base64url');
}

export function decodeCursor(cursor: string): [string | number, number] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || typeof v[0] === 'number') && Number.isSafeInteger(v[1])) return [v[0], v[1] as number];
  } catch {
    // fall through
  }
  throw new CursorError('is not a cursor this list gave out');
}

/** WHERE conditions of the filters and the read-time exclusions, with their parameters. */
type Exclusions = Pick<ReadTimeExclusions, 'outsideWindow' | 'registryStale' | 'frequencyCapped' | 'exemptionLapsed' | 'optedOutSinceRefresh'>;

export function whereOf(f: ListFilters & { campaign: Campaign }, ex: Exclusions): { sql: string[]; params: unknown[] } {
  // A record with nothing to reach on the campaign's channel is never on its list (the engine's INVALID_EMAIL /
  // INVALID_PHONE for a missing value), nor one its stored facts block for the campaign's class. reach and
  // blocked_mask are in every list index, so this keeps the index covering (phone_e164 IS NOT NULL would not).
  const sql: string[] = [listableSql('p', f.campaign)];
  const params: unknown[] = [];
  if (f.state?.length) { sql.push('p.state IN (?)'); params.push(f.state); }
  if (f.tag?.length) { sql.push('p.compliance_tag IN (?)'); params.push(f.tag); }
  if (f.source) { sql.push('p.source_kind = ?'); params.push(f.source); }
  if (f.scoreMin !== undefined) { sql.push('p.score >= ?'); params.push(f.scoreMin); }
  if (f.scoreMax !== undefined) { sql.push('p.score <= ?'); params.push(f.scoreMax); }
  if (f.updatedSince) { sql.push('p.updated_at >= ?'); params.push(f.updatedSince); }
  const jkeys = excludedJurisdictions(ex);
  if (jkeys.length) { sql.push('p.jkey NOT IN (?)'); params.push(jkeys); }
  const ids = excludedRecords(ex);
  if (ids.length) { sql.push('p.golden_id NOT IN (?)'); params.push(ids); }
  return { sql, params };
}

function toRow(r: Raw): ListRow {
  return {
    goldenId: Number(r.golden_id), score: Number(r.score), firstName: (r.first_name as string) ?? null, lastName: (r.last_name as string) ?? null,
    email: (r.email as string) ?? null, phone: (r.phone_e164 as string) ?? null, state: String(r.state), source: String(r.source_kind), tag: String(r.compliance_tag),
    members: Number(r.member_count), attempts: Number(r.attempts), updatedAt: String(r.updated_at),
  };
}

export async function readListPage(pool: ReadPool, req: ListRequest, ex: ReadTimeExclusions, t?: RequestTimings): Promise<ListPage> {
  const { col, dir } = SORTS[req.sort];
  const where = whereOf(req, ex);
  const rev = dir === 'DESC' ? 'ASC' : 'DESC';
  const order = (d: string) => `p.${col} ${d}, p.golden_id ${d}`;
  const cond = (sql: string[]) => (sql.length ? `WHERE ${sql.join(' AND ')}` : '');
  let raw: Raw[];
  let plan: ListPage['plan'] = 'keyset';
  if (req.page !== undefined && req.page > 1) {
    const offset = (req.page - 1) * req.size;
    if (req.sort === 'score' && ranksServe(req, ex, true) && (req.scoreMin !== undefined || req.scoreMax !== undefined) && (req.state?.length ?? 0) <= 1) {
      // A score range of the default order is a contiguous range of the precomputed ranks: find its first and last
      // rank (each one step into the (state,) score index), then read the page as one range of the rank index.
      plan = 'rank';
      raw = await rankRangePage(pool, req, offset, t);
    } else if (req.sort === 'score' && ranksServe(req, ex) && (req.state?.length ?? 0) <= 1) {
      // Ranks are precomputed by the refresh for the default campaign's class: the page starts at a known position,
      // found through an index. The listable condition is checked on the page's rows as well, so ranks built for
      // another class (a config changed since the refresh) can misplace a page but never list a blocked record.
      plan = 'rank';
      const listable = listableSql('p', req.campaign);
      raw = req.state?.length
        ? await selectRows<Raw>(pool, `SELECT ${COLUMNS} FROM dash_priority p WHERE p.state = ? AND p.rank_state > ? AND ${listable} ORDER BY p.rank_state LIMIT ?`, [req.state[0], offset, req.size], t)
        : await selectRows<Raw>(pool, `SELECT ${COLUMNS} FROM dash_priority p WHERE p.rank_all > ? AND ${listable} ORDER BY p.rank_all LIMIT ?`, [offset, req.size], t);
    } else {
      // Deferred join: the inner query walks a covering index (filter, sort column, golden_id, jkey) to the page's
      // ids; only the page's rows are read from the table.
      plan = 'deferred-join';
      raw = await selectRows<Raw>(pool, `SELECT ${COLUMNS} FROM dash_priority p JOIN (
          SELECT p.golden_id FROM dash_priority p ${cond(where.sql)} ORDER BY ${order(dir)} LIMIT ?, ?) k ON k.golden_id = p.golden_id
        ORDER BY ${order(dir)}`, [...where.params, offset, req.size], t);
    }
  } else if (req.before) {
    const [v, id] = decodeCursor(req.before);
    const cmp = dir === 'DESC' ? '>' : '<';
    const sql = [...where.sql, `(p.${col} ${cmp} ? OR (p.${col} = ? AND p.golden_id ${cmp} ?))`];
    raw = (await selectRows<Raw>(pool, `SELECT ${COLUMNS} FROM dash_priority p ${cond(sql)} ORDER BY ${order(rev)} LIMIT ?`, [...where.params, v, v, id, req.size], t)).reverse();
  } else {
    const sql = [...where.sql];
    const params = [...where.params];
    if (req.after) {
      const [v, id] = decodeCursor(req.after);
      const cmp = dir === 'DESC' ? '<' : '>';
      sql.push(`(p.${col} ${cmp} ? OR (p.${col} = ? AND p.golden_id ${cmp} ?))`);
      params.push(v, v, id);
    }
    raw = await selectRows<Raw>(pool, `SELECT ${COLUMNS} FROM dash_priority p ${cond(sql)} ORDER BY ${order(dir)} LIMIT ?`, [...params, req.size], t);
  }
  const first = raw[0];
  const last = raw.at(-1);
  const atStart = (req.page === undefined || req.page <= 1) && !req.after && !req.before;
  return {
    rows: raw.map(toRow),
    next: last && raw.length === req.size ? encodeCursor(req.sort, last) : null,
    prev: first && !atStart ? encodeCursor(req.sort, first) : null,
    plan,
  };
}

/**
 * Whether the precomputed ranks (and the jurisdictions' listable counts) describe this request's list: the default
 * campaign's class, no filter but a state (and, for a page jump, a score range), no record excluded now.
 */
function ranksServe(req: ListRequest, ex: Exclusions, scoreRange = false): boolean {
  return req.rankedClass !== undefined && classOf(req.campaign) === req.rankedClass && !req.source && !req.tag?.length
    && (scoreRange || (req.scoreMin === undefined && req.scoreMax === undefined)) && !req.updatedSince && !excludedJurisdictions(ex).length && !excludedRecords(ex).length;
}

/**
 * A page of (state +) score range in the default order through the ranks: the range's records hold the consecutive
 * ranks from the first ranked record with score <= scoreMax to the last with score >= scoreMin (ranks order the
 * listable records by score, then id, descending, as the list does). Two single-row look-ups on the (state,) score
 * index, then one range of the rank index: the cost no longer grows with the page number (the deferred join's inner
 * scan walked offset + size index entries). The listable condition and the score bounds are checked on the page's
 * rows too: ranks from another class, or a refresh swapping the table between the statements, can misplace that one
 * page but never list a blocked record or one outside the range.
 */
async function rankRangePage(pool: ReadPool, req: ListRequest, offset: number, t?: RequestTimings): Promise<Raw[]> {
  const state = req.state?.[0];
  const rank = state === undefined ? 'rank_all' : 'rank_state';
  const inState = state === undefined ? [] : ['p.state = ?'];
  const stateParam = state === undefined ? [] : [state];
  const listable = listableSql('p', req.campaign);
  const edge = async (cmp: '<=' | '>=', value: number, dir: 'DESC' | 'ASC') => {
    const rows = await selectRows<{ r: number }>(pool, `SELECT p.${rank} AS r FROM dash_priority p
      WHERE ${[...inState, listable, `p.score ${cmp} ?`].join(' AND ')} ORDER BY p.score ${dir}, p.golden_id ${dir} LIMIT 1`, [...stateParam, value], t);
    return rows[0] ? Number(rows[0].r) : null;
  };
  const [first, last] = await Promise.all([
    req.scoreMax === undefined ? 1 : edge('<=', req.scoreMax, 'DESC'),
    req.scoreMin === undefined ? null : edge('>=', req.scoreMin, 'ASC'),
  ]);
  if (first === null || (req.scoreMin !== undefined && last === null)) return [];
  const upTo = last === null ? [] : [`p.${rank} <= ?`];
  const bounds = [...(req.scoreMin === undefined ? [] : ['p.score >= ?']), ...(req.scoreMax === undefined ? [] : ['p.score <= ?'])];
  return selectRows<Raw>(pool, `SELECT ${COLUMNS} FROM dash_priority p
      WHERE ${[...inState, `p.${rank} > ?`, ...upTo, listable, ...bounds].join(' AND ')} ORDER BY p.${rank} LIMIT ?`,
    [...stateParam, first - 1 + offset, ...(last === null ? [] : [last]), ...[req.scoreMin, req.scoreMax].filter((v) => v !== undefined), req.size], t);
}

/** Records the list holds for a state filter alone (from the jurisdictions summary), else null (not counted: a scan). */
export async function readListTotal(pool: ReadPool, req: ListRequest, ex: ReadTimeExclusions, t?: RequestTimings): Promise<number | null> {
  // Excluded jurisdictions leave whole summary rows out; excluded records would need a scan.
  if (!ranksServe(req, { ...ex, outsideWindow: [], registryStale: [] })) return null;
  const sql = ['1 = 1'];
  const params: unknown[] = [];
  if (req.state?.length) { sql.push('state IN (?)'); params.push(req.state); }
  const jkeys = excludedJurisdictions(ex);
  if (jkeys.length) { sql.push('jkey NOT IN (?)'); params.push(jkeys); }
  const rows = await selectRows<{ n: number | null }>(pool, `SELECT SUM(listable) AS n FROM dash_jurisdictions WHERE ${sql.join(' AND ')}`, params, t);
  return Number(rows[0]?.n ?? 0);
}

/** Batches of the whole filtered list in order, for the streamed CSV export (keyset, `batch` rows at a time). */
export async function* exportRows(pool: ReadPool, req: Omit<ListRequest, 'after' | 'before' | 'page' | 'size'>, ex: ReadTimeExclusions, batch = 5000): AsyncGenerator<ListRow[]> {
  let after: string | undefined;
  for (;;) {
    const page = await readListPage(pool, { ...req, size: batch, after }, ex);
    if (page.rows.length) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}
