// The chunked build of dash_priority (activities/dashboard/priority-build.ts) on real MariaDB: with a handful of
// records per statement it lands exactly the table one big chunk lands, its ranks are the positions a single window
// over the finished table gives, its indexes are the migration's, and it leaves no work table behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2';
import { seedComplianceTags, seedContacts } from '../../bench/dashboard-seed';
import { refreshGolden } from '../../activities/compliance/golden-status';
import { refreshDashboardTables } from '../../activities/dashboard/refresh-activities';
import { rangesOf } from '../../activities/dashboard/priority-build';
import { loadListConfig } from '../../activities/dashboard/list-config-file';
import { blockedMask } from '../../domain/compliance/list-classes';
import { shippedRules } from '../../domain/compliance/rules';
import { listableSql } from '../../domain/list-config';
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
    await seedComplianceTags(db.pool);
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

    // The ranks are the positions one window over the finished table gives, among the records on the default
    // campaign's list (a phone, not blocked for its class); every other record has rank 0.
    const listable = listableSql('p', loadListConfig().defaultCampaign);
    const expected = await q(
      `SELECT golden_id,
              IF(NOT (${listable}), 0, ROW_NUMBER() OVER (PARTITION BY ${listable} ORDER BY score DESC, golden_id DESC)) AS ra,
              IF(NOT (${listable}), 0, ROW_NUMBER() OVER (PARTITION BY ${listable}, state ORDER BY score DESC, golden_id DESC)) AS rs
         FROM dash_priority p ORDER BY golden_id`,
    );
    const got = chunked.map((r) => ({ golden_id: r.golden_id, ra: r.rank_all, rs: r.rank_state }));
    assert.deepEqual(got, expected.map((r) => ({ golden_id: r.golden_id, ra: Number(r.ra), rs: Number(r.rs) })));
    assert.ok(chunked.some((r) => r.rank_all === 0 && r.phone_e164 !== null) && chunked.some((r) => r.rank_all === 0 && r.phone_e164 === null)
      && chunked.some((r) => r.rank_all > 500), 'records ranked, blocked ones and ones without a phone are there');
    assert.ok(new Set(chunked.map((r) => r.score)).size > 5, 'several score values, so several score ranges');

    const attempted = chunked.filter((r) => r.attempts > 0);
    assert.deepEqual(attempted.map((r) => r.attempts), [2], 'the two attempts inside the window, on the one number');

    // Each record carries its contact's stored status, UNSCRUBBED without one.
    const stored = await q("SELECT c.id, COALESCE(cc.status, 'UNSCRUBBED') AS tag FROM contacts c LEFT JOIN contact_compliance cc ON cc.contact_id = c.id ORDER BY c.id");
    assert.deepEqual(chunked.map((r) => [Number(r.golden_id), r.compliance_tag]), stored.map((r) => [Number(r.id), r.tag]));
    assert.ok(stored.some((r) => r.tag === 'UNSCRUBBED') && new Set(stored.map((r) => r.tag)).size === 8, 'every stored tag and UNSCRUBBED are there');

    // Each record's mask is blockedMask of its contact's stored facts at the refresh (every class without a result).
    const facts = await q(`SELECT c.id, cc.contact_id, cc.invalid_phone, cc.opted_out, cc.scoped_opt_outs, cc.litigator, cc.dnc_federal, cc.dnc_states, cc.wireless,
      CAST(UNIX_TIMESTAMP(cc.ebr_until) * 1000 AS UNSIGNED) AS ebr FROM contacts c LEFT JOIN contact_compliance cc ON cc.contact_id = c.id ORDER BY c.id`);
    const rules = shippedRules().rules;
    assert.deepEqual(chunked.map((r) => [Number(r.golden_id), r.blocked_mask]), facts.map((f) => [Number(f.id), blockedMask({
      scrubbed: f.contact_id !== null, invalidPhone: !!f.invalid_phone, optedOut: f.opted_out ?? '', scopedOptOuts: !!f.scoped_opt_outs, litigator: !!f.litigator,
      dncFederal: !!f.dnc_federal, dncStates: f.dnc_states ?? '', wireless: !!f.wireless, ebrUntil: f.ebr === null ? null : Number(f.ebr), emailCovered: true,
    }, scoredAt.getTime(), rules)]));
    assert.deepEqual([...new Set(chunked.map((r) => r.blocked_mask))].sort((a, b) => a - b), [0, 10, 15, 31], 'callable, wireless, phone-blocked, blocked everywhere');

    const leftovers = await q("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'dash\\_%\\_\\_%'");
    assert.deepEqual(leftovers, [], 'no shadow or work table is left');
  });

  test('golden records carry the status of their best phone (golden_compliance), UNSCRUBBED without one', async () => {
    // Pairs of contacts in one golden record each (the lower id founds it); the compliance engine's own function
    // picks each record's status from its members' stored statuses.
    const [first] = await q('SELECT MIN(id) AS id FROM contacts');
    await db.pool.query('UPDATE contacts SET golden_id = id - (id - ?) % 2', [first!.id]);
    await db.pool.query(
      `INSERT INTO golden_records (id, representative_id, member_count, email, phone_e164, first_name, last_name, name_key, state, postal_code, source_updated_at)
       SELECT c.id, c.id, (SELECT COUNT(*) FROM contacts m WHERE m.golden_id = c.id), c.email, c.phone_e164, c.first_name, c.last_name, c.name_key, c.state, c.postal_code, c.source_updated_at
         FROM contacts c WHERE c.golden_id = c.id`,
    );
    const [scrub] = await q('SELECT MAX(scrub_id) AS id FROM contact_compliance');
    await refreshGolden(db.pool, Number(scrub!.id), null);
    await db.pool.query('DELETE FROM golden_compliance WHERE golden_id % 11 = 0');
    await refreshDashboardTables({ pool: db.pool }, { workflowId: 'build-golden', reason: 'manual' }, undefined, undefined, { chunkRows: 97 });
    const got = await q('SELECT golden_id, compliance_tag FROM dash_priority ORDER BY golden_id');
    const expected = await q("SELECT g.id, COALESCE(gc.status, 'UNSCRUBBED') AS tag FROM golden_records g LEFT JOIN golden_compliance gc ON gc.golden_id = g.id ORDER BY g.id");
    assert.equal(got.length, Math.ceil(ROWS / 2));
    assert.deepEqual(got.map((r) => [Number(r.golden_id), r.compliance_tag]), expected.map((r) => [Number(r.id), r.tag]));
    assert.ok(got.some((r) => r.compliance_tag === 'UNSCRUBBED') && got.some((r) => r.compliance_tag === 'CALLABLE'));
    // A record is dialled on the phone its status is about (the status member's), and its mask is that member's facts';
    // the e-mail list decides on those facts only when that member has the record's e-mail.
    const members = await q(`SELECT g.id, g.phone_e164 AS golden_phone, m.phone_e164 AS member_phone, m.email <=> g.email AS same_email, cc.contact_id, cc.invalid_phone,
        cc.opted_out, cc.scoped_opt_outs, cc.litigator, cc.dnc_federal, cc.dnc_states, cc.wireless, CAST(UNIX_TIMESTAMP(cc.ebr_until) * 1000 AS UNSIGNED) AS ebr
      FROM golden_records g LEFT JOIN golden_compliance gc ON gc.golden_id = g.id LEFT JOIN contacts m ON m.id = gc.contact_id
      LEFT JOIN contact_compliance cc ON cc.contact_id = gc.contact_id ORDER BY g.id`);
    const rows = await q('SELECT golden_id, phone_e164, blocked_mask FROM dash_priority ORDER BY golden_id');
    const rules = shippedRules().rules;
    assert.deepEqual(rows.map((r) => [r.phone_e164, r.blocked_mask]), members.map((m) => [m.member_phone ?? m.golden_phone, blockedMask({
      scrubbed: m.contact_id !== null, invalidPhone: !!m.invalid_phone, optedOut: m.opted_out ?? '', scopedOptOuts: !!m.scoped_opt_outs, litigator: !!m.litigator,
      dncFederal: !!m.dnc_federal, dncStates: m.dnc_states ?? '', wireless: !!m.wireless, ebrUntil: m.ebr === null ? null : Number(m.ebr), emailCovered: m.contact_id === null || !!m.same_email,
    }, Date.now(), rules)]));
    assert.ok(members.some((m) => m.member_phone !== null && m.member_phone !== m.golden_phone), 'some records are dialled on a member\'s phone other than the record\'s');
    assert.ok(members.some((m) => m.contact_id !== null && !m.same_email), 'some status members have another e-mail');
  });

  test('a part an unmerge split off (golden id from 10^12) is built with the rest, without stepping through the id gap', async () => {
    // Move the second member of the first two-member record into a record of its own, as an unmerge does: its id comes
    // from dedupe_id_sequence. Stepping 97 ids at a time from the smallest id to 10^12 would never finish.
    const SPLIT = 1_000_000_000_011;
    const [pair] = await q(`SELECT c.golden_id AS g, c.id AS member FROM contacts c JOIN contact_compliance cc ON cc.contact_id = c.id
      WHERE c.golden_id <> c.id AND cc.status = 'CALLABLE' AND c.phone_e164 IS NOT NULL ORDER BY c.id LIMIT 1`);
    assert.ok(pair, 'a callable second member to split off');
    await db.pool.query(
      `INSERT INTO golden_records (id, representative_id, member_count, email, phone_e164, first_name, last_name, name_key, state, postal_code, source_updated_at)
       SELECT ?, c.id, 1, c.email, c.phone_e164, c.first_name, c.last_name, c.name_key, c.state, c.postal_code, c.source_updated_at FROM contacts c WHERE c.id = ?`,
      [SPLIT, pair!.member],
    );
    await db.pool.query('UPDATE contacts SET golden_id = ? WHERE id = ?', [SPLIT, pair!.member]);
    await db.pool.query('UPDATE golden_records SET member_count = 1 WHERE id = ?', [pair!.g]);
    await db.pool.query(`INSERT INTO golden_compliance (golden_id, status, blocked, contact_id, scrub_id)
      SELECT ?, status, blocked, contact_id, scrub_id FROM contact_compliance WHERE contact_id = ?`, [SPLIT, pair!.member]);
    await refreshDashboardTables({ pool: db.pool }, { workflowId: 'build-split', reason: 'manual' }, undefined, undefined, { chunkRows: 97 });
    const [n] = await q('SELECT COUNT(*) AS n, SUM(golden_id = ?) AS split FROM dash_priority', [SPLIT]);
    assert.equal(Number(n!.n), Math.ceil(ROWS / 2) + 1);
    assert.equal(Number(n!.split), 1);
    // Its rank landed too (the ranks are copied into the table by id range as well): the ranks are 1..n with it among them.
    const ranks = (await q('SELECT golden_id, rank_all FROM dash_priority WHERE rank_all > 0 ORDER BY rank_all')).map((r) => [Number(r.golden_id), Number(r.rank_all)]);
    assert.deepEqual(ranks.map(([, r]) => r), ranks.map((_, i) => i + 1));
    assert.ok(ranks.some(([g]) => g === SPLIT), 'the split-off record is ranked');
  });
});
