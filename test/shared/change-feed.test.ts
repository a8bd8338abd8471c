// The change feed against real MariaDB: a pass's cut is the committed batches its consumer has not consumed, claiming
// is idempotent, an abandoned pass's batches go to the next pass, and consumers keep separate positions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2';
import { changedInCut, claimChangeCut, consumeChangeCut, pendingChangeBatches } from '../../activities/change-feed';
import { createTestDatabase, type TestDatabase } from '../support/services';

describe('change feed', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let sourceFileId = 0;

  before(async () => {
    db = await createTestDatabase('feed');
    const [r] = await db.pool.query<{ insertId: number } & RowDataPacket[]>(
      "INSERT INTO source_files (migration_name, source_name, source_kind, location, batch_size) VALUES ('m', 'csv:x', 'csv', 'x', 10)",
    );
    sourceFileId = (r as unknown as { insertId: number }).insertId;
  });
  after(async () => {
    await db.drop();
  });

  /** Commits batch `no` that inserts or changes the given contacts (by source record id). */
  async function commitBatch(no: number, recordIds: string[]): Promise<number> {
    const conn = await db.pool.getConnection();
    try {
      await conn.beginTransaction();
      const [b] = await conn.query("INSERT INTO import_batches (source_file_id, batch_no, object_key, object_sha256) VALUES (?, ?, 'k', REPEAT('0', 64))", [sourceFileId, no]);
      const batchId = (b as { insertId: number }).insertId;
      for (const id of recordIds) {
        await conn.query(
          `INSERT INTO contacts (match_key, has_contact_key, source_updated_at, source_file_id, source_record_id, created_batch_id, last_batch_id)
           VALUES (UNHEX(SHA1(?)), 0, '2020-01-01', ?, ?, ?, ?) ON DUPLICATE KEY UPDATE last_batch_id = VALUES(last_batch_id)`,
          [id, sourceFileId, id, batchId, batchId],
        );
      }
      await conn.commit();
      return batchId;
    } finally {
      conn.release();
    }
  }

  async function changed(cut: Awaited<ReturnType<typeof claimChangeCut>>): Promise<string[]> {
    const where = changedInCut(cut);
    const [rows] = await db.pool.query<RowDataPacket[]>(`SELECT c.source_record_id AS id FROM contacts c WHERE ${where.sql} ORDER BY 1`, where.params);
    return rows.map((r) => String(r.id));
  }

  test('a pass takes what committed before it; a batch committed during it is the next pass\'s', async () => {
    await commitBatch(1, ['a', 'b']);
    await commitBatch(2, ['c']);
    assert.equal(await pendingChangeBatches(db.pool, 'dedupe'), 2);
    const cut1 = await claimChangeCut(db.pool, 'dedupe', 'pass-1');
    assert.equal(cut1.batches, 2);
    // While pass 1 runs, batch 3 changes b again and adds d.
    await commitBatch(3, ['b', 'd']);
    assert.deepEqual(await changed(cut1), ['a', 'c'], 'b moved on to batch 3: the next pass sees it');
    const again = await claimChangeCut(db.pool, 'dedupe', 'pass-1');
    assert.deepEqual(again, cut1, 'claiming again returns the same cut');
    await consumeChangeCut(db.pool, 'dedupe', 'pass-1');
    assert.equal(await pendingChangeBatches(db.pool, 'dedupe'), 1);
    const cut2 = await claimChangeCut(db.pool, 'dedupe', 'pass-2');
    assert.equal(cut2.batches, 1);
    assert.deepEqual(await changed(cut2), ['b', 'd']);
    await consumeChangeCut(db.pool, 'dedupe', 'pass-2');
    const empty = await claimChangeCut(db.pool, 'dedupe', 'pass-3');
    assert.equal(empty.batches, 0);
    assert.deepEqual(await changed(empty), []);
  });

  test('an abandoned pass\'s batches go to the next pass; consumers keep their own positions', async () => {
    await commitBatch(4, ['e']);
    const lost = await claimChangeCut(db.pool, 'dedupe', 'pass-lost');
    assert.equal(lost.batches, 1);
    const next = await claimChangeCut(db.pool, 'dedupe', 'pass-next');
    assert.equal(next.batches, 1, 'the unconsumed batch moved to the next pass');
    assert.deepEqual(await changed(next), ['e']);
    assert.deepEqual(await changed(lost), [], 'the lost pass no longer holds it');
    const scrub = await claimChangeCut(db.pool, 'scrub', 'scrub-1');
    assert.equal(scrub.batches, 4, 'another consumer starts from the beginning');
    assert.deepEqual(await changed(scrub), ['a', 'b', 'c', 'd', 'e']);
  });
});
