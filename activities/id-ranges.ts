// Id ranges for set-based statements over a table whose ids have huge gaps: golden records split off by an unmerge
// take ids from 10^12 (dedupe_id_sequence), so stepping from MIN(id) to MAX(id) a chunk at a time would run about
// 10^12 / step empty statements. After each range the next id is found with one index seek instead.
import type { RowDataPacket } from 'mysql2';

type Queryable = { query<T extends RowDataPacket[]>(sql: string, values?: unknown[]): Promise<[T, unknown]> };

/**
 * Ranges (after, upTo] of at most `step` ids that together hold every id `SELECT MIN(<column>) ... WHERE <where>`
 * finds, in order; a gap between ids costs one lookup, not gap / step statements. `column` and `from` are SQL
 * (trusted identifiers), `params` the where clause's values.
 */
export async function* idRanges(db: Queryable, q: { column: string; from: string; where?: string; params?: unknown[] }, step: number): AsyncGenerator<{ after: bigint; upTo: bigint }> {
  const where = q.where ?? 'TRUE';
  const next = async (after: bigint | null): Promise<bigint | null> => {
    const [rows] = await db.query<RowDataPacket[]>(
      `SELECT MIN(${q.column}) AS id FROM ${q.from} WHERE (${where})${after === null ? '' : ` AND ${q.column} > ?`}`,
      [...(q.params ?? []), ...(after === null ? [] : [after.toString()])],
    );
    const id = rows[0]?.id;
    return id === null || id === undefined ? null : BigInt(String(id));
  };
  const width = BigInt(step);
  for (let id = await next(null); id !== null;) {
    const range = { after: id - 1n, upTo: id - 1n + width };
    yield range;
    id = await next(range.upTo);
  }
}
