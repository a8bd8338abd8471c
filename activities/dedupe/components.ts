// Connected components of a full pass, set-based in the database so no worker holds them: the pass's edges both ways
// (match links, people's merge decisions in force, current multi-member clusters as member → representative) go to
// dedupe_edges, every contact taking part is labelled with the smallest id among itself and its neighbours, and each
// round lowers labels from the contacts whose label changed in the previous round (propagation along the edges, then
// pointer jumping: a label takes its label's label). Rounds stop when nothing changes; their number grows with the
// log of the widest component, and each round touches only the contacts that changed. Components are then read in
// label order, a page at a time, never more than one page plus one component in memory.
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import type { DbPool } from '../deps';
import { heartbeatDetails, throwIfCancelled } from '../keep-alive';
import { idRanges } from '../id-ranges';

export interface ComponentLabels {
  edges: number;
  contacts: number;
  rounds: number;
}

/** Source rows per INSERT ... SELECT statement (by id range): bounded transactions at 84M. */
const ID_STEP = 2_000_000;
const PAGE = 50_000;

const affected = (r: unknown) => (r as [ResultSetHeader])[0].affectedRows;

async function bounds(pool: DbPool, sql: string): Promise<[number, number] | null> {
  const [[r]] = await pool.query<RowDataPacket[]>(sql) as unknown as [RowDataPacket[]];
  return r?.lo === null || r?.lo === undefined ? null : [Number(r.lo), Number(r.hi)];
}

/** Runs `sql` (with `?` for the range's low and high end) over [lo, hi] in steps of ID_STEP; returns rows affected. */
async function byIdRange(pool: DbPool, range: [number, number] | null, sql: string, params: unknown[] = []): Promise<number> {
  if (!range) return 0;
  let n = 0;
  for (let from = range[0]; from <= range[1]; from += ID_STEP) {
    n += affected(await pool.query(sql, [...params, from, Math.min(range[1], from + ID_STEP - 1)]));
    throwIfCancelled();
  }
  return n;
}

/** Labels every contact of the full pass's components (dedupe_component.label = smallest id of its component). */
export async function labelComponents(pool: DbPool): Promise<ComponentLabels> {
  for (const t of ['dedupe_edges', 'dedupe_component', 'dedupe_component_next']) await pool.query(`TRUNCATE TABLE ${t}`);
  const links = await bounds(pool, "SELECT MIN(contact_a) AS lo, MAX(contact_a) AS hi FROM dedupe_links WHERE band = 'match'");
  await byIdRange(pool, links, "INSERT IGNORE INTO dedupe_edges (a, b) SELECT contact_a, contact_b FROM dedupe_links WHERE band = 'match' AND contact_a BETWEEN ? AND ?");
  await byIdRange(pool, links, "INSERT IGNORE INTO dedupe_edges (a, b) SELECT contact_b, contact_a FROM dedupe_links WHERE band = 'match' AND contact_a BETWEEN ? AND ?");
  // People's merges in force: the latest decision on the pair says merge.
  for (const [x, y] of [['contact_a', 'contact_b'], ['contact_b', 'contact_a']]) {
    await pool.query(`INSERT IGNORE INTO dedupe_edges (a, b) SELECT d.${x}, d.${y} FROM review_decisions d WHERE d.decision = 'merge'
      AND d.id = (SELECT MAX(l.id) FROM review_decisions l WHERE l.contact_a = d.contact_a AND l.contact_b = d.contact_b)`);
  }
  // Current clusters hold together what the pass does not relink, so a split is seen and gets its ids.
  // Golden ids have a gap: parts split off by an unmerge take ids from 10^12 (idRanges seeks across it).
  for (const [x, y] of [['c.id', 'g.representative_id'], ['g.representative_id', 'c.id']]) {
    for await (const r of idRanges(pool, { column: 'id', from: 'golden_records', where: "status = 'active' AND member_count > 1" }, ID_STEP)) {
      await pool.query(`INSERT IGNORE INTO dedupe_edges (a, b) SELECT ${x}, ${y} FROM golden_records g JOIN contacts c ON c.golden_id = g.id
        WHERE g.status = 'active' AND g.member_count > 1 AND c.id <> g.representative_id AND g.id > ? AND g.id <= ?`, [r.after.toString(), r.upTo.toString()]);
      throwIfCancelled();
    }
  }
  const edgeRange = await bounds(pool, 'SELECT MIN(a) AS lo, MAX(a) AS hi FROM dedupe_edges');
  const contacts = await byIdRange(pool, edgeRange,
    'INSERT INTO dedupe_component (contact_id, label, changed_round) SELECT a, LEAST(a, MIN(b)), 1 FROM dedupe_edges WHERE a BETWEEN ? AND ? GROUP BY a');
  const [[e]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM dedupe_edges') as unknown as [RowDataPacket[]];
  let round = 1;
  for (; contacts > 0; round++) {
    throwIfCancelled();
    await pool.query('TRUNCATE TABLE dedupe_component_next');
    await pool.query(`INSERT INTO dedupe_component_next (contact_id, label) SELECT e.b, MIN(n.label) FROM dedupe_component n
      JOIN dedupe_edges e ON e.a = n.contact_id WHERE n.changed_round = ? GROUP BY e.b`, [round]);
    const pushed = affected(await pool.query(`UPDATE dedupe_component c JOIN dedupe_component_next x ON x.contact_id = c.contact_id
      SET c.label = x.label, c.changed_round = ? WHERE x.label < c.label`, [round + 1]));
    // Pointer jumping from the labels that just changed: whoever points at them takes their new label.
    const jumped = affected(await pool.query(`UPDATE dedupe_component c JOIN dedupe_component p ON p.contact_id = c.label
      SET c.label = p.label, c.changed_round = ? WHERE p.changed_round = ? AND p.label < c.label`, [round + 1, round + 1]));
    heartbeatDetails({ phase: 'components', round, pushed, jumped });
    if (pushed + jumped === 0) break;
  }
  await pool.query('TRUNCATE TABLE dedupe_component_next');
  return { edges: Number(e!.n), contacts, rounds: round };
}

/**
 * Calls `onComponents` with whole components in label order (the smallest member first, as the in-memory path
 * sorts them), in groups of at least `batchContacts` contacts (the last group may be smaller).
 */
export async function forEachComponentBatch(
  pool: DbPool, batchContacts: number, onComponents: (comps: number[][]) => Promise<void>, page = PAGE,
): Promise<number> {
  let after = -1;
  let batch: number[][] = [];
  let size = 0;
  let components = 0;
  const add = async (comp: number[]) => {
    batch.push(comp);
    size += comp.length;
    components++;
    if (size >= batchContacts) {
      await onComponents(batch);
      batch = [];
      size = 0;
    }
  };
  for (;;) {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT label, contact_id FROM dedupe_component WHERE label > ? ORDER BY label, contact_id LIMIT ?', [after, page]);
    if (rows.length === 0) break;
    const complete = rows.length < page;
    const lastLabel = Number(rows[rows.length - 1]!.label);
    if (!complete && Number(rows[0]!.label) === lastLabel) {
      // One component fills the page: read it by itself.
      const [all] = await pool.query<RowDataPacket[]>('SELECT contact_id FROM dedupe_component WHERE label = ? ORDER BY contact_id', [lastLabel]);
      await add(all.map((r) => Number(r.contact_id)));
      after = lastLabel;
      continue;
    }
    // The page may end inside a component: keep those before the last label and read that one again next time.
    let open: { label: number; ids: number[] } | null = null;
    for (const r of rows) {
      const label = Number(r.label);
      if (!complete && label === lastLabel) break;
      if (open && open.label !== label) {
        await add(open.ids);
        open = null;
      }
      if (!open) open = { label, ids: [] };
      open.ids.push(Number(r.contact_id));
    }
    if (open) {
      await add(open.ids);
      after = open.label;
    }
    if (complete) break;
  }
  if (batch.length > 0) await onComponents(batch);
  return components;
}
