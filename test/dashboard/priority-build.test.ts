// The chunked build of dash_priority (activities/dashboard/priority-build.ts) on real MariaDB: with a handful of
// records per statement it lands exactly the table one big chunk lands, its ranks are the positions a single window
// over the finished table gives, its indexes are the migration's, and it leaves no work table behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2';
import { seedContacts } from '../../bench/dashboard-seed';
import { refreshDashboardTables } from '../../activities/dashboard/refresh-activities';
import { rangesOf } from '../../activities/dashboard/priority-build';
import { createTestDatabase, type TestDatabase } from '../support/services';

const ROWS = 1500;

test('score ranges hold about the target rows each, with the rows above them', () => {
  const h = [{ key: 900, n: 3 }, { key: 800, n: 1 }, { key: 700, n: 5 }, { key: 600, n: 1 }, { key: 500, n: 1 }];
  assert.deepEqual(rangesOf(h, 4), [
    { first: 900, last: 800, above: 0, rows: 4 },
    { first: 700, last: 700, above: 4, rows: 5 },
    { first: 600, last: 500, above: 9, rows: 2 },
  ]);
  assert.deepEqual(rangesOf([], 4), []);
});

describe('dash_priority chunked build', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  const q = async (sql: string, params: unknown[] = []) => (await db.pool.query<RowDataPacket[]>(sql, params))[0];
  const snapshot = () => q('SELECT * FROM dash_priority ORDER BY golden_id');
  const indexesOf = async () => (await q(
    `SELECT index_name AS i, GROUP_CONCAT(column_name ORDER BY seq_in_index) AS c FROM information_schema.statistics
      WHERE table_schema = DATABASE() AND table_name = 'dash_priority' GROUP BY index_name ORDER BY index_name`,
  )).map((r) => `${r.i}(${r.c})`);

  before(async () => {
    db = await createTestDatabase('dash_prio_build');
    await seedContacts(db.pool, { rows: ROWS, migrationName: 'build-seed' });
    // Records without a phone (rank 0, on no phone list), and attempts on one number inside and outside the window.
    await db.pool.query('UPDATE contacts SET phone_e164 = NULL WHERE id % 13 = 0');
    const [phone] = await q('SELECT phone_e164 FROM contacts WHERE phone_e164 IS NOT NULL ORDER BY id LIMIT 1');
    for (const daysAgo of [1, 2, 400]) {
      await db.pool.query("INSERT INTO contact_attempts (phone_e164, attempted_at, channel, actor, source) VALUES (?, NOW(3) - INTERVAL ? DAY, 'VOICE', 'test', 'test')",
        [phone!.phone_e164, daysAgo]);
    }
  });
  after(async () => {
    await db?.drop();
  });

  test('small chunks land the same table as one chunk, with exact ranks and the migration\'s indexes', async () => {
    const declared = await indexesOf();
    const scoredAt = new Date();
    const small = await refreshDashboardTables({ pool: db.pool }, { workflowId: 'build-small', reason: 'manual' }, undefined, undefined, { chunkRows: 97, scoredAt });
    const prio = small.tables.find((t) => t.name === 'dash_priority')!;
    assert.equal(prio.rows, ROWS);
    assert.ok(prio.chunks! > ROWS / 97, `many statements (${prio.chunks})`);
    const chunked = await snapshot();
    assert.deepEqual(await indexesOf(), declared, 'the swapped-in table has the indexes the migration declares');

    const whole = await refreshDashboardTables({ pool: db.pool }, { workflowId: 'build-whole', reason: 'manual' }, undefined, undefined, { chunkRows: 1_000_000, scoredAt });
    assert.equal(whole.tables.find((t) => t.name === 'dash_priority')!.rows, ROWS);
    // Both builds score against the same reference time, so any difference is the chunking's.
    assert.deepEqual(await snapshot(), chunked);

    // The ranks are the positions one window over the finished table gives.
    const expected = await q(
      `SELECT golden_id,
              IF(phone_e164 IS NULL, 0, ROW_NUMBER() OVER (PARTITION BY phone_e164 IS NULL ORDER BY score DESC, golden_id DESC)) AS ra,
              IF(phone_e164 IS NULL, 0, ROW_NUMBER() OVER (PARTITION BY phone_e164 IS NULL, state ORDER BY score DESC, golden_id DESC)) AS rs
         FROM dash_priority ORDER BY golden_id`,
    );
    const got = chunked.map((r) => ({ golden_id: r.golden_id, ra: r.rank_all, rs: r.rank_state }));
    assert.deepEqual(got, expected.map((r) => ({ golden_id: r.golden_id, ra: Number(r.ra), rs: Number(r.rs) })));
    assert.ok(chunked.some((r) => r.rank_all === 0) && chunked.some((r) => r.rank_all > 1000), 'both kinds of record are there');
    assert.ok(new Set(chunked.map((r) => r.score)).size > 5, 'several score values, so several score ranges');

    const attempted = chunked.filter((r) => r.attempts > 0);
    assert.deepEqual(attempted.map((r) => r.attempts), [2], 'the two attempts inside the window, on the one number');

    const leftovers = await q("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'dash\\_%\\_\\_%'");
    assert.deepEqual(leftovers, [], 'no shadow or work table is left');
  });
});
