// Contacts as ingestion leaves them, written straight into a test database: one committed import batch per call
// (so the change feed sees it), for tests of what runs after ingestion (dedupe, dashboard writes).
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import type { TestDatabase } from './services';

export interface ContactRow { email?: string; phone?: string; first?: string; last?: string; address?: string; city?: string; state?: string; zip?: string; dob?: string }

/** A committed import batch with these contacts; returns their ids in order. */
export async function ingestContactRows(db: TestDatabase, rows: ContactRow[]): Promise<number[]> {
  await db.pool.query('INSERT IGNORE INTO source_files (id, migration_name, source_name, source_kind, location, batch_size) VALUES (1, ?, ?, ?, ?, 100000)',
    ['test', 'csv:test.csv', 'csv', 'test.csv']);
  const [last] = await db.pool.query<RowDataPacket[]>('SELECT COALESCE(MAX(batch_no), 0) + 1 AS next FROM import_batches WHERE source_file_id = 1');
  const batchNo = Number(last[0]!.next);
  const [b] = await db.pool.query<ResultSetHeader>(
    "INSERT INTO import_batches (source_file_id, batch_no, object_key, object_sha256, rows_read, inserted) VALUES (1, ?, 'k', 'x', ?, ?)", [batchNo, rows.length, rows.length]);
  const ids: number[] = [];
  for (const [i, r] of rows.entries()) {
    const key = `${batchNo}-${i}`;
    const [res] = await db.pool.query<ResultSetHeader>(
      `INSERT INTO contacts (match_key, email, phone_e164, has_contact_key, first_name, last_name, name_key, address_line, city, state, postal_code, dob,
         source_updated_at, source_file_id, source_record_id, created_batch_id, last_batch_id)
       VALUES (UNHEX(SHA1(?)), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2024-01-01 00:00:00.000', 1, ?, ?, ?)`,
      [key, r.email ?? null, r.phone ?? null, r.email || r.phone ? 1 : 0, r.first ?? null, r.last ?? null,
        r.first || r.last ? `${(r.first ?? '').toLowerCase()}|${(r.last ?? '').toLowerCase()}` : null,
        r.address ?? null, r.city ?? null, r.state ?? null, r.zip ?? null, r.dob ?? null, key, b.insertId, b.insertId]);
    ids.push(res.insertId);
  }
  return ids;
}
