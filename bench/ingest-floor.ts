// The bare-SQL floor for ingestion on the same rows: LOAD DATA into an unindexed staging table, then one
// INSERT ... SELECT ... ON DUPLICATE KEY UPDATE into a table with the contacts schema and indexes.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Pool } from 'mysql2/promise';
import type { S3 } from '../activities/deps';
import { parseCanonicalCsv } from '../domain/canonical-csv';
import { CONTACT_META, KEY_COLUMNS, RECORD_ID_LIMIT, sqlType, VALUE_COLUMNS } from '../domain/contact-schema';
import { CANONICAL_COLUMNS } from '../domain/fields';
import { normalizeRecord } from '../domain/normalize-row';
import { matchKey } from '../domain/match-key';
import { tsvLine } from '../activities/ingest/load-data';
import { UNKNOWN_TIMESTAMP } from '../domain/group-rule';

const { hasContactKey: HAS_KEY, sourceUpdatedAt: SOURCE_TS, sourceRecordId: SOURCE_RECORD, sourceFileId: SOURCE_FILE } = CONTACT_META;
/** Every value column of the contact schema, one timestamp per row (no field groups: the floor does no per-group rule). */
const FLOOR_VALUES = [...VALUE_COLUMNS, HAS_KEY, SOURCE_TS, SOURCE_RECORD];
const FLOOR_COLUMNS = ['@mk', ...FLOOR_VALUES];
const FLOOR_STAGE = [
  'match_key BINARY(20) NOT NULL', ...VALUE_COLUMNS.map((c) => `${c} ${sqlType(c)} NULL`), `${HAS_KEY} TINYINT(1) NOT NULL`,
  `${SOURCE_TS} DATETIME(3) NOT NULL`, `${SOURCE_RECORD} VARCHAR(${RECORD_ID_LIMIT}) NOT NULL`,
].join(', ');
const KEYS: ReadonlySet<string> = new Set(KEY_COLUMNS);
const FLOOR_UPDATES = [...VALUE_COLUMNS.filter((c) => !KEYS.has(c)), SOURCE_TS, SOURCE_RECORD].map((c) => `${c} = VALUES(${c})`).join(', ');

/** Writes one floor line per exported row (normalized, keyed) to `file`; not timed. Returns the row count. */
export async function prepareFloorInput(s3: S3, bucket: string, prefix: string, sourceNames: Map<string, string>, file: string): Promise<number> {
  const out = createWriteStream(file);
  let rows = 0;
  let token: string | undefined;
  const now = Date.now();
  do {
    const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const obj of list.Contents ?? []) {
      // Batches only: each source's directory also holds its registration (source.json) for recovery replays.
      if (!/\/batch-\d+\.csv$/.test(obj.Key!)) continue;
      const sourceDir = obj.Key!.split('/').slice(-2, -1)[0]!;
      const sourceName = sourceNames.get(sourceDir) ?? sourceDir;
      const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: obj.Key! }));
      const records = parseCanonicalCsv(await body.Body!.transformToString('utf8')).slice(1);
      for (const rec of records) {
        const r = normalizeRecord(CANONICAL_COLUMNS.map((_, i) => rec[i] ?? ''), { defaultRegion: 'US', now });
        if (r.kind !== 'ok') continue;
        const c = r.contact;
        const line = tsvLine([matchKey(c, sourceName), ...c.values, c.hasContactKey ? 1 : 0, c.updatedAt ?? UNKNOWN_TIMESTAMP, c.recordId]);
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
    await conn.query(`CREATE TABLE floor_stage (${FLOOR_STAGE}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await conn.query('CREATE TABLE floor_contacts LIKE contacts');
    const t0 = performance.now();
    await conn.query({
      sql: `LOAD DATA LOCAL INFILE 'floor' INTO TABLE floor_stage CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${FLOOR_COLUMNS.join(', ')}) SET match_key = UNHEX(@mk)`,
      infileStreamFactory: () => createReadStream(file),
    });
    const t1 = performance.now();
    await conn.query(`INSERT INTO floor_contacts (match_key, ${FLOOR_VALUES.join(', ')}, ${SOURCE_FILE}, created_batch_id, last_batch_id)
      SELECT match_key, ${FLOOR_VALUES.join(', ')}, 1, 1, 1
      FROM floor_stage
      ON DUPLICATE KEY UPDATE ${FLOOR_UPDATES}, version = version + 1`);
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
