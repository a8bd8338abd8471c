// Schema migrations apply in order, are recorded, and are safe to run twice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2';
import { applyMigrations, splitStatements } from '../db/migrator';
import { createTestDatabase, type TestDatabase } from './support/services';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('migrations');
});
after(async () => db.drop());

test('migrations are recorded and a second run applies nothing', async () => {
  const again = await applyMigrations(db.pool);
  assert.ok(again.length >= 2);
  assert.ok(again.every((r) => r.status === 'already-applied'));
  const [rows] = await db.pool.query<RowDataPacket[]>('SELECT version FROM schema_migrations ORDER BY version');
  assert.deepEqual(rows.map((r) => r.version), again.map((r) => r.version));
});

test('the core tables exist with foreign keys for referential integrity', async () => {
  const [tables] = await db.pool.query<RowDataPacket[]>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()');
  const names = tables.map((r) => String(r.t));
  for (const t of ['source_files', 'import_batches', 'batch_errors', 'contacts', 'record_versions', 'reconciliation_reports']) assert.ok(names.includes(t), t);
  const [fks] = await db.pool.query<RowDataPacket[]>(
    'SELECT constraint_name AS c FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() ORDER BY constraint_name',
  );
  // The core tables' keys; the engines' tables add their own.
  const present = new Set(fks.map((r) => String(r.c)));
  for (const fk of [
    'fk_batch_errors_batch', 'fk_contacts_created_batch', 'fk_contacts_merged_into', 'fk_import_batches_source', 'fk_record_versions_batch', 'fk_record_versions_contact',
    'fk_change_feed_batch',
  ]) assert.ok(present.has(fk), `foreign key ${fk}`);
  await assert.rejects(
    db.pool.execute("INSERT INTO import_batches (source_file_id, batch_no, object_key, object_sha256) VALUES (999999, 1, 'k', '')"),
    /foreign key constraint fails/i,
  );
});

test('splitStatements ignores comment lines and splits on statement-ending semicolons', () => {
  assert.deepEqual(splitStatements('-- a; comment\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (y INT);\n'), ['CREATE TABLE a (x INT)', 'CREATE TABLE b (y INT)']);
});
