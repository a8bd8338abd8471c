// Loads N synthetic contacts straight into a bench database with set-based SQL (the SEQUENCE engine), 1M rows per
// statement: minutes for 10M instead of the ~12 min a full migration takes. The rows have the real schema, realistic
// widths and every column filled, which is what a backup's speed depends on; they never went through ingestion.
import type mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2';

const CHUNK = 1_000_000;
const FIRST = "ELT(1 + seq % 8, 'James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda')";
const LAST = "ELT(1 + (seq DIV 8) % 8, 'Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis')";
const TS = "TIMESTAMP('2024-01-01') + INTERVAL seq SECOND";

export async function loadBenchContacts(conn: mysql.Connection, rows: number, progress: (done: number) => void): Promise<void> {
  await conn.query("INSERT INTO source_files (migration_name, source_name, source_kind, location, status, batch_size) VALUES ('bench', 'bench:direct', 'csv', 'direct', 'ingested', 100000)");
  const [[sf]] = (await conn.query<RowDataPacket[]>('SELECT LAST_INSERT_ID() AS id')) as unknown as [RowDataPacket[]];
  await conn.query(
    `INSERT INTO import_batches (source_file_id, batch_no, object_key, object_sha256, rows_read, inserted)
     SELECT ?, seq, CONCAT('bench/batch-', seq), REPEAT('0', 64), LEAST(100000, ? - (seq - 1) * 100000), LEAST(100000, ? - (seq - 1) * 100000)
     FROM seq_1_to_100000 WHERE seq <= CEIL(? / 100000)`,
    [sf!.id, rows, rows, rows],
  );
  const [[b0]] = (await conn.query<RowDataPacket[]>('SELECT MIN(id) AS id FROM import_batches WHERE source_file_id = ?', [sf!.id])) as unknown as [RowDataPacket[]];
  for (let lo = 1; lo <= rows; lo += CHUNK) {
    const hi = Math.min(rows, lo + CHUNK - 1);
    await conn.query(
      `INSERT INTO contacts (match_key, email, phone_e164, has_contact_key, first_name, last_name, name_key, address_line, city, state, postal_code, country, dob,
         source_updated_at, name_updated_at, address_updated_at, dob_updated_at, source_file_id, source_record_id, created_batch_id, last_batch_id)
       SELECT UNHEX(SHA1(seq)), CONCAT('user', seq, '@example.com'), CONCAT('+1202', LPAD(seq % 10000000, 7, '0')), 1, ${FIRST}, ${LAST},
         LOWER(CONCAT(${FIRST}, ' ', ${LAST})), CONCAT(seq % 9999, ' Main St'), ELT(1 + seq % 4, 'Springfield', 'Riverside', 'Fairview', 'Madison'), 'NY',
         LPAD(seq % 99999, 5, '0'), 'US', DATE('1950-01-01') + INTERVAL (seq % 20000) DAY, ${TS}, ${TS}, ${TS}, ${TS}, ?, seq, ? + (seq - 1) DIV 100000, ? + (seq - 1) DIV 100000
       FROM seq_1_to_1000000000 WHERE seq BETWEEN ? AND ?`,
      [sf!.id, b0!.id, b0!.id, lo, hi],
    );
    progress(hi);
  }
}
