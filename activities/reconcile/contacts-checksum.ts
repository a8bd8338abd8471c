// A content checksum of the contacts table: business columns in match-key order. Surrogate ids, batch ids,
// provenance and wall-clock audit columns are left out because they record commit order, not content.
import { createHash } from 'node:crypto';
import type { RowDataPacket } from 'mysql2';
import type { DbPool } from '../deps';

const CHECKSUM_COLUMNS = [
  'HEX(match_key)', 'email', 'phone_e164', 'phone_ext', 'has_contact_key', 'first_name', 'last_name', 'name_key', 'address_line', 'city', 'state',
  'postal_code', 'country', 'dob', 'source_updated_at', 'name_updated_at', 'address_updated_at', 'dob_updated_at', 'ext_updated_at',
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
