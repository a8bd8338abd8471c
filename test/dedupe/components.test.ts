// The full pass's connected components, labelled in the database (activities/dedupe/components.ts) against the real
// MariaDB: a long chain of links is one component in a few rounds, current clusters and people's merges in force join
// their contacts, an overridden merge does not, and components come back whole, in order, in batches, whatever the
// page size.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResultSetHeader } from 'mysql2';
import { createTestDatabase, type TestDatabase } from '../support/services';
import { forEachComponentBatch, labelComponents } from '../../activities/dedupe/components';

let db: TestDatabase;

before(async () => {
  db = await createTestDatabase('dedupecomp');
});

after(async () => {
  await db?.drop();
});

async function link(a: number, b: number, band = 'match') {
  await db.pool.query("INSERT INTO dedupe_links (contact_a, contact_b, band, score, rule, evidence, pass_id) VALUES (?, ?, ?, 20, 'email', 'test', 1)",
    [Math.min(a, b), Math.max(a, b), band]);
}

test('components: chains, current clusters (a split-off part\'s id from 10^12 included) and merges in force, read back whole and in order', { timeout: 120_000 }, async () => {
  // A chain of 300 contacts whose ids zigzag (1000, 1299, 1001, 1298, ...): the widest component the chaining guard would see.
  const chain = Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? 1000 + i / 2 : 1299 - (i - 1) / 2));
  for (let i = 1; i < chain.length; i++) await link(chain[i - 1]!, chain[i]!);
  await link(20, 21);
  await link(21, 22, 'review'); // a review pair joins nothing
  // A current cluster of two contacts without a link between them.
  await db.pool.query("INSERT INTO golden_records (id, status, representative_id, member_count) VALUES (500, 'active', 500, 2)");
  await db.pool.query("INSERT INTO source_files (id, migration_name, source_name, source_kind, location, batch_size) VALUES (1, 'test', 'csv:t.csv', 'csv', 't.csv', 100000)");
  const [batch] = await db.pool.query<ResultSetHeader>(
    "INSERT INTO import_batches (source_file_id, batch_no, object_key, object_sha256, rows_read, inserted) VALUES (1, 1, 'k', 'x', 2, 2)");
  // And a part an unmerge split off: its golden id comes from dedupe_id_sequence (10^12 on), far past every other id.
  const SPLIT = 1_000_000_000_003;
  await db.pool.query("INSERT INTO golden_records (id, status, representative_id, member_count) VALUES (?, 'active', 800, 2)", [SPLIT]);
  for (const [id, golden] of [[500, 500], [501, 500], [800, SPLIT], [801, SPLIT]] as const) {
    await db.pool.query(`INSERT INTO contacts (id, match_key, has_contact_key, source_updated_at, source_file_id, source_record_id, created_batch_id, last_batch_id, golden_id)
      VALUES (?, UNHEX(SHA1(?)), 0, '2024-01-01 00:00:00.000', 1, ?, ?, ?, ?)`, [id, String(id), String(id), batch.insertId, batch.insertId, golden]);
  }
  // A merge in force, and a merge a later keep-apart overrode.
  await db.pool.query(`INSERT INTO review_decisions (contact_a, contact_b, decision, origin, actor, workflow_id) VALUES
    (600, 601, 'merge', 'merge', 'test', 'w1'), (700, 701, 'merge', 'merge', 'test', 'w2'), (700, 701, 'keep-apart', 'unmerge', 'test', 'w3')`);

  const labels = await labelComponents(db.pool);
  assert.equal(labels.contacts, 300 + 2 + 2 + 2 + 2);
  assert.ok(labels.rounds < 40, `a 300-long chain converges in a few rounds with pointer jumping (${labels.rounds}), not one per hop`);

  for (const page of [50_000, 7]) {
    const batches: number[][][] = [];
    const n = await forEachComponentBatch(db.pool, 3, async (comps) => {
      batches.push(comps.map((c) => [...c]));
    }, page);
    const comps = batches.flat();
    assert.equal(n, 5, `page ${page}: five components`);
    assert.deepEqual(comps.map((c) => c.length), [2, 2, 2, 2, 300], `page ${page}: whole components in order of their smallest id`);
    assert.deepEqual(comps[0], [20, 21]);
    assert.deepEqual(comps[1], [500, 501]);
    assert.deepEqual(comps[2], [600, 601]);
    assert.deepEqual(comps[3], [800, 801]);
    assert.deepEqual(comps[4], [...chain].sort((a, b) => a - b));
    for (const b of batches.slice(0, -1)) assert.ok(b.flat().length >= 3, `page ${page}: every batch but the last holds at least the batch size`);
  }
});
