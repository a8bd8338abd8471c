// The batch transaction against real MariaDB and S3: counts, idempotency, latest-timestamp-wins,
// empty-never-erases, versions, rejects with reasons, and order independence.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import { ingestBatch } from '../../activities/ingest/ingest-batch';
import { contactsChecksum } from '../../activities/reconcile/contacts-checksum';
import type { RawRow } from '../../domain/fields';
import { activityDeps, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { putBatch } from '../support/batch-objects';

type Deps = ReturnType<typeof activityDeps>;

async function setup(prefix: string): Promise<{ db: TestDatabase; deps: Deps; sourceFileId: number; run: string }> {
  const db = await createTestDatabase(prefix);
  const deps = activityDeps(db);
  const run = uniqueName(prefix);
  const [res] = await db.pool.execute<ResultSetHeader>(
    "INSERT INTO source_files (migration_name, source_name, source_kind, location, batch_size) VALUES (?, 'csv:/test.csv', 'csv', '/test.csv', 100)",
    [run],
  );
  return { db, deps, sourceFileId: res.insertId, run };
}

async function ingest(ctx: { deps: Deps; sourceFileId: number; run: string }, batchNo: number, rows: Array<Partial<RawRow>>) {
  const key = `test/${ctx.run}/batch-${batchNo}.csv`;
  const sha = await putBatch(ctx.deps.s3, ctx.deps.buckets.raw, key, rows);
  return ingestBatch(
    { pool: ctx.deps.pool, s3: ctx.deps.s3, buckets: ctx.deps.buckets, defaultPhoneRegion: 'US', now: () => Date.parse('2026-01-01T00:00:00Z') },
    { sourceFileId: ctx.sourceFileId, sourceName: 'csv:/test.csv', batchNo, objectKey: key, objectSha256: sha },
  );
}

async function contactByEmail(db: TestDatabase, email: string): Promise<RowDataPacket> {
  const [rows] = await db.pool.execute<RowDataPacket[]>('SELECT * FROM contacts WHERE email = ?', [email]);
  assert.equal(rows.length, 1, `one contact for ${email}`);
  return rows[0]!;
}

describe('ingestBatch', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    ctx = await setup('ingest');
  });
  after(async () => {
    await ctx.deps.close();
    await ctx.db.drop();
  });

  test('inserts new contacts, normalizes fields, and a committed batch is never applied twice', async () => {
    const rows: Array<Partial<RawRow>> = [
      { record_id: 'a1', email: '  Ann.Lee@Example.COM ', phone: '(415) 555-0132', first_name: ' Ann ', last_name: 'Lee', city: 'San Francisco', updated_at: '2024-01-01T00:00:00Z' },
      { record_id: 'b1', email: 'bob@example.com', phone: 'n/a', first_name: 'José', last_name: 'Ñúñez', updated_at: '2024-01-01 00:00:00' },
      { record_id: 'c1', first_name: 'Нина', last_name: 'Иванова', address_line: '1 Main St' },
    ];
    const first = await ingest(ctx, 1, rows);
    assert.deepEqual(
      { read: first.rowsRead, ins: first.inserted, upd: first.updated, unch: first.unchanged, rej: first.rejected, again: first.alreadyCommitted },
      { read: 3, ins: 3, upd: 0, unch: 0, rej: 0, again: false },
    );
    const ann = await contactByEmail(ctx.db, 'ann.lee@example.com');
    assert.equal(ann.phone_e164, '+14155550132');
    assert.equal(ann.first_name, 'Ann');
    const bob = await contactByEmail(ctx.db, 'bob@example.com');
    assert.equal(bob.phone_e164, null, 'an invalid phone is stored empty');
    assert.equal(bob.first_name, 'José');
    assert.equal(bob.last_name, 'Ñúñez');
    const [warn] = await ctx.db.pool.execute<RowDataPacket[]>("SELECT * FROM batch_errors WHERE severity = 'warning' AND source_record_id = 'b1'");
    assert.ok(warn.some((w) => w.reason_code === 'INVALID_PHONE' && w.detail === 'n/a'), 'the raw invalid phone is kept as a warning');
    const [keyless] = await ctx.db.pool.execute<RowDataPacket[]>("SELECT has_contact_key, last_name FROM contacts WHERE source_record_id = 'c1'");
    assert.deepEqual({ ...keyless[0] }, { has_contact_key: 0, last_name: 'Иванова' });

    const before = await contactsChecksum(ctx.db.pool);
    const again = await ingest(ctx, 1, rows);
    assert.equal(again.alreadyCommitted, true);
    assert.equal(again.inserted, 3);
    assert.deepEqual(await contactsChecksum(ctx.db.pool), before);
    const [batches] = await ctx.db.pool.execute<RowDataPacket[]>('SELECT COUNT(*) AS n FROM import_batches WHERE source_file_id = ?', [ctx.sourceFileId]);
    assert.equal(Number(batches[0]!.n), 1);
  });

  test('a newer row updates and versions the old values; an older one changes nothing; empty never erases', async () => {
    const newer = await ingest(ctx, 2, [
      { record_id: 'a2', email: 'ann.lee@example.com', phone: '415.555.0132', first_name: 'Annie', last_name: 'Lee', city: '', updated_at: '2024-06-01T00:00:00Z' },
    ]);
    assert.equal(newer.updated, 1);
    const ann = await contactByEmail(ctx.db, 'ann.lee@example.com');
    assert.equal(ann.first_name, 'Annie');
    assert.equal(ann.city, 'San Francisco', 'an empty incoming field never erases a known value');
    assert.equal(ann.version, 2);
    const [versions] = await ctx.db.pool.execute<RowDataPacket[]>('SELECT version, previous_values FROM record_versions WHERE contact_id = ?', [ann.id]);
    assert.equal(versions.length, 1);
    const prev = typeof versions[0]!.previous_values === 'string' ? JSON.parse(versions[0]!.previous_values) : versions[0]!.previous_values;
    assert.equal(prev.first_name, 'Ann');

    const older = await ingest(ctx, 3, [
      { record_id: 'a0', email: 'ann.lee@example.com', phone: '+1 415 555 0132', first_name: 'Anne', last_name: 'Lee', updated_at: '2023-01-01T00:00:00Z' },
    ]);
    assert.deepEqual({ upd: older.updated, unch: older.unchanged }, { upd: 0, unch: 1 });
    assert.equal((await contactByEmail(ctx.db, 'ann.lee@example.com')).first_name, 'Annie');
  });

  test('unreadable rows are rejected with row number, record id and reason; the rest lands; counts add up', async () => {
    const r = await ingest(ctx, 4, [
      { record_id: 'x1', reject_code: 'COLUMN_COUNT', reject_detail: 'expected 11 fields, got 9' },
      { record_id: 'x2', email: 'big@example.com', first_name: 'A'.repeat(5000) },
      { record_id: 'x3', email: "robert'); DROP TABLE contacts;--@example.com", first_name: "Robert'); DROP TABLE contacts;--", last_name: '😀 אברהם' },
      {},
    ]);
    assert.equal(r.rowsRead, 4);
    assert.equal(r.rejected, 3);
    assert.equal(r.inserted + r.updated + r.unchanged + r.rejected, r.rowsRead);
    const [errs] = await ctx.db.pool.execute<RowDataPacket[]>(
      "SELECT source_row_no, source_record_id, reason_code, field FROM batch_errors e JOIN import_batches b ON b.id = e.import_batch_id WHERE b.batch_no = 4 AND e.severity = 'reject' ORDER BY source_row_no",
    );
    assert.deepEqual(errs.map((e) => [Number(e.source_row_no), e.source_record_id, e.reason_code]), [
      [1, 'x1', 'COLUMN_COUNT'], [2, 'x2', 'FIELD_TOO_LONG'], [4, '', 'EMPTY_ROW'],
    ]);
    const [inj] = await ctx.db.pool.execute<RowDataPacket[]>("SELECT first_name, last_name FROM contacts WHERE source_record_id = 'x3'");
    assert.equal(inj[0]!.first_name, "Robert'); DROP TABLE contacts;--");
    assert.equal(inj[0]!.last_name, '😀 אברהם');
  });

  test('rows of one batch with the same key fold into one contact and are all accounted for', async () => {
    const r = await ingest(ctx, 5, [
      { record_id: 'f1', email: 'fold@example.com', first_name: 'Kate', address_line: '9 Elm St', updated_at: '2024-01-01T00:00:00Z' },
      { record_id: 'f2', email: 'FOLD@example.com', first_name: 'Katherine', updated_at: '2024-02-01T00:00:00Z' },
    ]);
    assert.deepEqual({ ins: r.inserted, unch: r.unchanged, folded: r.folded }, { ins: 1, unch: 1, folded: 1 });
    const c = await contactByEmail(ctx.db, 'fold@example.com');
    assert.equal(c.first_name, 'Katherine');
    assert.equal(c.address_line, '9 Elm St');
  });
});

test('applying the same batches in a different order gives the same contacts', async () => {
  const a: Array<Partial<RawRow>> = [
    { record_id: '1', email: 'o@example.com', first_name: 'Old', address_line: '1 Old Rd', dob: '1980-01-02', updated_at: '2020-01-01T00:00:00Z' },
    { record_id: '2', email: 'p@example.com', first_name: 'Pat', updated_at: '2020-01-01T00:00:00Z' },
  ];
  const b: Array<Partial<RawRow>> = [
    { record_id: '3', email: 'o@example.com', first_name: 'New', updated_at: '2021-01-01T00:00:00Z' },
    { record_id: '4', email: 'p@example.com', first_name: 'Patricia', address_line: '2 New Rd', updated_at: '2019-01-01T00:00:00Z' },
  ];
  const one = await setup('order1');
  const two = await setup('order2');
  try {
    await ingest(one, 1, a);
    await ingest(one, 2, b);
    await ingest(two, 1, b);
    await ingest(two, 2, a);
    const [x, y] = [await contactsChecksum(one.db.pool), await contactsChecksum(two.db.pool)];
    assert.equal(x.rows, 2);
    assert.deepEqual(x, y);
    assert.equal((await contactByEmail(one.db, 'o@example.com')).address_line, '1 Old Rd');
  } finally {
    for (const c of [one, two]) {
      await c.deps.close();
      await c.db.drop();
    }
  }
});

test('batches that share keys, run at once, all commit and give the contacts of running them one after another', { timeout: 240_000 }, async () => {
  // Each batch touches existing keys and inserts new ones, in an order of its own: the lock pattern that made InnoDB
  // pick deadlock victims between concurrently retried batches (worker-recovery, CI). A victim's transaction runs again.
  const batches = Array.from({ length: 8 }, (_, b) =>
    Array.from({ length: 150 }, (_, i): Partial<RawRow> => {
      const k = (i * 7 + b * 37) % 240;
      return { record_id: `${b}-${i}`, email: `k${k}@example.com`, first_name: `F${b}x${i}`, address_line: `${b} Rd ${i}`, updated_at: `20${10 + b}-0${1 + (i % 9)}-01T00:00:00Z` };
    }).reverse(),
  );
  const together = await setup('concurrent');
  const apart = await setup('sequential');
  try {
    const results = await Promise.all(batches.map((rows, b) => ingest(together, b + 1, rows)));
    for (const [b, rows] of batches.entries()) await ingest(apart, b + 1, rows);
    for (const r of results) assert.equal(r.inserted + r.updated + r.unchanged + r.rejected, r.rowsRead, `batch ${r.batchNo} adds up`);
    const [x, y] = [await contactsChecksum(together.db.pool), await contactsChecksum(apart.db.pool)];
    assert.equal(x.rows, 240);
    assert.deepEqual(x, y);
  } finally {
    for (const c of [together, apart]) {
      await c.deps.close();
      await c.db.drop();
    }
  }
});
