// The counts behind term-frequency weights: refreshed set-based from contacts by a full pass (three GROUP BYs),
// reused by incremental passes, and loaded by each scoring or clustering activity (only values seen several times:
// bounded by the store's variety, not its size).
import type { RowDataPacket } from 'mysql2';
import type { ValueFrequencies } from '../../domain/dedupe/term-frequency';
import type { DbPool } from '../deps';

/** Values rarer than this count as this (at least 2; one in 100,000 contacts). */
export function frequencyFloor(total: number): number {
  return Math.max(2, Math.ceil(total / 100_000));
}

/** Recounts (a full pass), or counts when nothing was counted yet (the first incremental pass). Idempotent. */
export async function refreshFrequencies(pool: DbPool, force: boolean): Promise<void> {
  if (!force) {
    const [rows] = await pool.query<RowDataPacket[]>("SELECT n FROM dedupe_value_freq WHERE kind = 'total' AND value = ''");
    if (rows.length > 0) return;
  }
  const [[t]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM contacts') as unknown as [RowDataPacket[]];
  const total = Number(t!.n);
  const floor = frequencyFloor(total);
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query('DELETE FROM dedupe_value_freq');
    await conn.query("INSERT INTO dedupe_value_freq (kind, value, n) VALUES ('total', '', ?), ('floor', '', ?)", [total, floor]);
    await conn.query(`INSERT INTO dedupe_value_freq (kind, value, n) SELECT 'phone', phone_e164, COUNT(*) FROM contacts
      WHERE phone_e164 IS NOT NULL GROUP BY phone_e164 HAVING COUNT(*) >= 3`);
    await conn.query(`INSERT INTO dedupe_value_freq (kind, value, n) SELECT 'last', v, COUNT(*) FROM (
      SELECT REPLACE(SUBSTRING_INDEX(name_key, '|', -1), ' ', '') AS v FROM contacts WHERE name_key IS NOT NULL) x
      WHERE v <> '' GROUP BY v HAVING COUNT(*) >= ?`, [floor]);
    await conn.query(`INSERT INTO dedupe_value_freq (kind, value, n) SELECT 'first', v, COUNT(*) FROM (
      SELECT SUBSTRING_INDEX(SUBSTRING_INDEX(name_key, '|', 1), ' ', 1) AS v FROM contacts WHERE name_key IS NOT NULL) x
      WHERE v <> '' GROUP BY v HAVING COUNT(*) >= ?`, [floor]);
    await conn.commit();
  } catch (err) {
    await conn.rollback().catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
}

export async function loadFrequencies(pool: Pick<DbPool, 'query'>): Promise<ValueFrequencies> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT kind, value, n FROM dedupe_value_freq');
  const out = { total: 0, floor: 2, phone: new Map<string, number>(), last: new Map<string, number>(), first: new Map<string, number>() };
  for (const r of rows) {
    const kind = String(r.kind);
    const n = Number(r.n);
    if (kind === 'total') out.total = n;
    else if (kind === 'floor') out.floor = n;
    else if (kind === 'phone' || kind === 'last' || kind === 'first') out[kind].set(String(r.value), n);
  }
  return out;
}
