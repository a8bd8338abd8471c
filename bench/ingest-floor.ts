// The bare-SQL floor for ingestion on the same rows: LOAD DATA into an unindexed staging table, then one
// INSERT ... SELECT ... ON DUPLICATE KEY UPDATE into a table with the contacts schema and indexes.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Pool } from 'mysql2/promise';
import type { S3 } from '../activities/deps';
import { parseCanonicalCsv } from '../domain/canonical-csv';
import { CANONICAL_COLUMNS, type RawRow } from '../domain/fields';
import { normalizeRow } from '../domain/normalize-row';
import { matchKey } from '../domain/match-key';
import { tsvLine } from '../activities/ingest/load-data';
import { UNKNOWN_TIMESTAMP } from '../domain/fold-batch';

const FLOOR_COLUMNS = ['@mk', 'email', 'phone_e164', 'has_contact_key', 'first_name', 'last_name', 'name_key', 'address_line', 'city', 'state', 'postal_code', 'country', 'dob', 'source_updated_at', 'source_record_id'];

/** Writes one floor line per exported row (normalized, keyed) to `file`; not timed. Returns the row count. */
export async function prepareFloorInput(s3: S3, bucket: string, prefix: string, sourceNames: Map<string, string>, file: string): Promise<number> {
  const out = createWriteStream(file);
  let rows = 0;
  let token: string | undefined;
  const now = Date.now();
  do {
    const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const obj of list.Contents ?? []) {
      const sourceDir = obj.Key!.split('/').slice(-2, -1)[0]!;
      const sourceName = sourceNames.get(sourceDir) ?? sourceDir;
      const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: obj.Key! }));
      const records = parseCanonicalCsv(await body.Body!.transformToString('utf8')).slice(1);
      for (const rec of records) {
        const raw = Object.fromEntries(CANONICAL_COLUMNS.map((c, i) => [c, rec[i] ?? ''])) as RawRow;
        const r = normalizeRow(raw, { defaultRegion: 'US', now });
        if (r.kind !== 'ok') continue;
        const c = r.contact;
        const line = tsvLine([matchKey(c, sourceName), c.email, c.phoneE164, c.hasContactKey ? 1 : 0, c.firstName, c.lastName, c.nameKey, c.addressLine, c.city, c.state, c.postalCode, c.country, c.dob, c.updatedAt ?? UNKNOWN_TIMESTAMP, c.recordId]);
        if (!out.write(line)) await once(out, 'drain');
        rows += 1;
      }
    }
    token = list.NextContinuationToken;
  } while (token);
  out.end();
  await once(out, 'finish');
  return rows;
}

/** Times the floor on `file` in `pool`'s database; returns seconds for load and upsert. */
export async function runFloor(pool: Pool, file: string, rows: number): Promise<{ loadSec: number; upsertSec: number; rowsPerSec: number }> {
  const conn = await pool.getConnection();
  try {
    await conn.query('DROP TABLE IF EXISTS floor_stage');
    await conn.query('DROP TABLE IF EXISTS floor_contacts');
    await conn.query(`CREATE TABLE floor_stage (match_key BINARY(20) NOT NULL, email VARCHAR(254) NULL, phone_e164 VARCHAR(16) NULL, has_contact_key TINYINT(1) NOT NULL,
      first_name VARCHAR(100) NULL, last_name VARCHAR(100) NULL, name_key VARCHAR(201) NULL, address_line VARCHAR(200) NULL, city VARCHAR(100) NULL, state VARCHAR(64) NULL,
      postal_code VARCHAR(20) NULL, country CHAR(2) NULL, dob DATE NULL, source_updated_at DATETIME(3) NOT NULL, source_record_id VARCHAR(128) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await conn.query('CREATE TABLE floor_contacts LIKE contacts');
    const t0 = performance.now();
    await conn.query({
      sql: `LOAD DATA LOCAL INFILE 'floor' INTO TABLE floor_stage CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${FLOOR_COLUMNS.join(', ')}) SET match_key = UNHEX(@mk)`,
      infileStreamFactory: () => createReadStream(file),
    });
    const t1 = performance.now();
    await conn.query(`INSERT INTO floor_contacts (match_key, email, phone_e164, has_contact_key, first_name, last_name, name_key, address_line, city, state, postal_code, country, dob,
        source_updated_at, source_file_id, source_record_id, created_batch_id, last_batch_id)
      SELECT match_key, email, phone_e164, has_contact_key, first_name, last_name, name_key, address_line, city, state, postal_code, country, dob, source_updated_at, 1, source_record_id, 1, 1
      FROM floor_stage
      ON DUPLICATE KEY UPDATE first_name = VALUES(first_name), last_name = VALUES(last_name), name_key = VALUES(name_key), address_line = VALUES(address_line),
        city = VALUES(city), state = VALUES(state), postal_code = VALUES(postal_code), country = VALUES(country), dob = VALUES(dob), source_updated_at = VALUES(source_updated_at),
        source_record_id = VALUES(source_record_id), version = version + 1`);
    const t2 = performance.now();
    const loadSec = (t1 - t0) / 1000;
    const upsertSec = (t2 - t1) / 1000;
    return { loadSec, upsertSec, rowsPerSec: Math.round(rows / (loadSec + upsertSec)) };
  } finally {
    await conn.query('DROP TABLE IF EXISTS floor_stage').catch(() => {});
    await conn.query('DROP TABLE IF EXISTS floor_contacts').catch(() => {});
    conn.release();
  }
}
