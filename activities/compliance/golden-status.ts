// A golden record's status is that of its best phone (COMPLIANCE.md): the first callable member in survivorship
// order (the representative first, then the member with the golden record's phone, then by id), else the member
// whose blocking tag is the least severe. Set-based: one INSERT ... SELECT with a window function.
import type { RowDataPacket } from 'mysql2';
import type { DbPool } from '../deps';
import { BLOCKING_ORDER } from '../../domain/compliance/tags';

const SEVERITY = `FIELD(cc.status, ${BLOCKING_ORDER.map((t) => `'${t}'`).join(', ')})`;

/**
 * Recomputes golden_compliance for every golden record, or for those of `contactIds`: their golden ids are looked up
 * first, then ranked 900 at a time through ix_contacts_golden (forced: a range of the IN list; the optimizer otherwise
 * walked the whole index, or, with `golden_id IN (SELECT … WHERE id IN (…))`, ranked every member of every golden
 * record for each chunk: 4.3 s a chunk at 1M contacts, 15 minutes for the post-migration scrub of 1M). Lists stay
 * under MariaDB's in_predicate_conversion_threshold (1,000), above which an IN list becomes a join.
 */
export async function refreshGolden(pool: Pick<DbPool, 'query'>, scrubId: number, contactIds: number[] | null): Promise<void> {
  if (contactIds !== null && contactIds.length === 0) return;
  const scoped = contactIds !== null;
  const sql = `INSERT INTO golden_compliance (golden_id, status, blocked, contact_id, scrub_id)
    SELECT golden_id, status, blocked, contact_id, ? FROM (
      SELECT c.golden_id, cc.status, cc.blocked, cc.contact_id,
        ROW_NUMBER() OVER (PARTITION BY c.golden_id ORDER BY cc.blocked, CASE WHEN cc.blocked = 1 THEN -${SEVERITY} ELSE 0 END,
          CASE WHEN c.id = g.representative_id THEN 0 WHEN c.phone_e164 = g.phone_e164 THEN 1 ELSE 2 END, c.id) AS rn
      FROM ${scoped ? 'contacts c FORCE INDEX (ix_contacts_golden) STRAIGHT_JOIN contact_compliance cc ON cc.contact_id = c.id STRAIGHT_JOIN golden_records g'
        : 'contacts c JOIN contact_compliance cc ON cc.contact_id = c.id JOIN golden_records g'} ON g.id = c.golden_id
      WHERE c.golden_id IS NOT NULL${scoped ? ' AND c.golden_id IN (?)' : ''}
    ) best WHERE rn = 1
    ON DUPLICATE KEY UPDATE status = VALUES(status), blocked = VALUES(blocked), contact_id = VALUES(contact_id), scrub_id = VALUES(scrub_id)`;
  if (contactIds === null) {
    await pool.query(sql, [scrubId]);
    return;
  }
  for (let i = 0; i < contactIds.length; i += 5000) {
    const [goldens] = await pool.query<RowDataPacket[]>('SELECT DISTINCT golden_id FROM contacts WHERE id IN (?) AND golden_id IS NOT NULL', [contactIds.slice(i, i + 5000)]);
    for (let j = 0; j < goldens.length; j += 900) await pool.query(sql, [scrubId, goldens.slice(j, j + 900).map((g) => g.golden_id)]);
  }
}
