// A content checksum of the contacts table: business columns in match-key order. Surrogate ids, batch ids,
// provenance and wall-clock audit columns are left out because they record commit order, not content.
import { createHash } from 'node:crypto';
import type { RowDataPacket } from 'mysql2';
import { CONTACT_META, FIELD_GROUPS, VALUE_COLUMNS } from '../../domain/contact-schema';
import type { DbPool } from '../deps';

/** The match key, every value column, the has-key flag, the newest timestamp and every group's timestamp (contact-schema.ts). */
export const CHECKSUM_COLUMNS = [
  'HEX(match_key)', ...VALUE_COLUMNS, CONTACT_META.hasContactKey, CONTACT_META.sourceUpdatedAt, ...FIELD_GROUPS.map((g) => g.tsColumn),
];

export async function contactsChecksum(pool: DbPool): Promise<{ rows: number; sha256: string }> {
  const hash = createHash('sha256');
  let rows = 0;
  let after = '';
  for (;;) {
    const [page] = await pool.query<RowDataPacket[]>(
      `SELECT ${CHECKSUM_COLUMNS.map((c, i) => `${c} AS c${i}`).join(', ')} FROM contacts WHERE HEX(match_key) > ? ORDER BY match_key LIMIT 10000`,
      [after],
    );
    if (page.length === 0) break;
    for (const r of page) {
      hash.update(CHECKSUM_COLUMNS.map((_, i) => (r[`c${i}`] === null ? '\\N' : String(r[`c${i}`]))).join('\u0001') + '\n');
      rows += 1;
    }
    after = String(page.at(-1)!.c0);
  }
  return { rows, sha256: hash.digest('hex') };
}
