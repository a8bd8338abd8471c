// Scores a dedupe pass against labeled data: every source row of a migration is traced to the contact ingestion
// stored it in (the batch objects it read, normalized and keyed exactly as ingestion does), each row gets its
// contact's golden record, and pairwise precision / recall / F1 over rows are counted set-based in SQL.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { RowDataPacket } from 'mysql2';
import type { Pool } from 'mysql2/promise';
import { parseCanonicalCsv } from '../domain/canonical-csv';
import { matchKey } from '../domain/match-key';
import { normalizeRecord } from '../domain/normalize-row';
import type { S3 } from '../activities/deps';
import { contactValue } from '../domain/normalize-row';
import { createWriteStream } from 'node:fs';

export interface Accuracy {
  rows: number;
  /** Rows that did not become a contact (rejected): each its own cluster. */
  rowsWithoutContact: number;
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Golden records over the evaluated rows (a rejected row counts as one). */
  clusters: number;
  persons: number;
}

/** The truth of a source row: the person it belongs to, or null when the truth does not label it. */
export type TruthOf = (row: { sourceKind: string; recordId: string; rowNo: number }) => string | null;

const C2 = (n: string) => `SUM(${n} * (${n} - 1) / 2)`;

/**
 * Loads (match key, person) for every labeled row of the migration's sources into eval_rows (created here, in the
 * scratch database), then counts. `truthTable` instead of `truthOf`: a table eval_truth(source_kind, record_id,
 * person) already loaded (the generator's truth file at scale), joined in SQL.
 */
export async function measureAccuracy(
  pool: Pool, s3: S3, bucket: string, migrationNames: string | string[], truth: { truthOf: TruthOf } | { truthTable: true }, defaultRegion: string,
  onProgress: (rows: number) => void = () => {}, splinkCsv?: string,
): Promise<Accuracy> {
  // The same normalized records, for the anchor (Splink): written as the rows are traced.
  const splink = splinkCsv ? createWriteStream(splinkCsv) : null;
  splink?.write('unique_id,truth_ref,first_name,surname,dob,email,phone,address,city,postcode\n');
  const csvField = (v: string | null) => (v === null ? '' : `"${v.replace(/"/g, '""').replace(/[\r\n]+/g, ' ')}"`);
  let splinkId = 0;
  await pool.query('DROP TABLE IF EXISTS eval_rows');
  await pool.query(`CREATE TABLE eval_rows (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, source_kind VARCHAR(16) NOT NULL,
    record_id VARCHAR(128) NOT NULL, match_key BINARY(20) NULL, person VARCHAR(64) NULL, KEY (match_key), KEY (source_kind, record_id))`);
  const [batches] = await pool.query<RowDataPacket[]>(
    `SELECT b.object_key, sf.source_name, sf.source_kind FROM import_batches b JOIN source_files sf ON sf.id = b.source_file_id
     WHERE sf.migration_name IN (?) ORDER BY b.id`, [Array.isArray(migrationNames) ? migrationNames : [migrationNames]]);
  const now = Date.now();
  let rows = 0;
  for (const b of batches) {
    const obj = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: String(b.object_key) }));
    const records = parseCanonicalCsv(await obj.Body!.transformToString('utf8')).slice(1);
    const values: unknown[][] = [];
    for (const record of records) {
      const n = normalizeRecord(record, { defaultRegion, now });
      const recordId = n.kind === 'ok' ? n.contact.recordId : n.recordId;
      const rowNo = n.kind === 'ok' ? n.contact.rowNo : n.rowNo;
      const key = n.kind === 'ok' ? Buffer.from(matchKey(n.contact, String(b.source_name)), 'hex') : null;
      const person = 'truthOf' in truth ? truth.truthOf({ sourceKind: String(b.source_kind), recordId, rowNo }) : null;
      if ('truthOf' in truth && person === null) continue;
      values.push([String(b.source_kind), recordId === '' ? `#${rowNo}` : recordId, key, person]);
      if (splink && n.kind === 'ok') {
        const v = (c: Parameters<typeof contactValue>[1]) => contactValue(n.contact, c);
        splink.write(`${++splinkId},${csvField(`${String(b.source_kind)}:${recordId === '' ? `#${rowNo}` : recordId}`)},${[v('first_name'), v('last_name'), v('dob'), v('email'), v('phone_e164'),
          v('address_line'), v('city'), v('postal_code')].map(csvField).join(',')}\n`);
      }
    }
    for (let i = 0; i < values.length; i += 5000) {
      await pool.query('INSERT INTO eval_rows (source_kind, record_id, match_key, person) VALUES ?', [values.slice(i, i + 5000)]);
    }
    rows += values.length;
    onProgress(rows);
  }
  if (splink) await new Promise<void>((resolve, reject) => splink.end((err?: Error | null) => (err ? reject(err) : resolve())));
  if ('truthTable' in truth) {
    await pool.query('UPDATE eval_rows r JOIN eval_truth t ON t.source_kind = r.source_kind AND t.record_id = r.record_id SET r.person = t.person');
    await pool.query('DELETE FROM eval_rows WHERE person IS NULL');
  }
  // Each row's cluster: its contact's golden record, or the row itself when it was rejected.
  const cluster = "COALESCE(CAST(c.golden_id AS CHAR), CONCAT('row-', r.id))";
  const q = async (sql: string) => Number((await pool.query<RowDataPacket[]>(sql))[0][0]!.n ?? 0);
  const from = 'FROM eval_rows r LEFT JOIN contacts c ON c.match_key = r.match_key';
  const truePairs = await q(`SELECT ${C2('g.n')} AS n FROM (SELECT COUNT(*) AS n FROM eval_rows GROUP BY person) g`);
  const predictedPairs = await q(`SELECT ${C2('g.n')} AS n FROM (SELECT COUNT(*) AS n ${from} GROUP BY ${cluster}) g`);
  const truePositives = await q(`SELECT ${C2('g.n')} AS n FROM (SELECT COUNT(*) AS n ${from} GROUP BY ${cluster}, r.person) g`);
  const clusters = await q(`SELECT COUNT(DISTINCT ${cluster}) AS n ${from}`);
  const persons = await q('SELECT COUNT(DISTINCT person) AS n FROM eval_rows');
  const rowsWithoutContact = await q(`SELECT COUNT(*) AS n ${from} WHERE c.id IS NULL`);
  const total = await q('SELECT COUNT(*) AS n FROM eval_rows');
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const round = (x: number) => Math.round(x * 10000) / 10000;
  return { rows: total, rowsWithoutContact, truePairs, predictedPairs, truePositives, precision: round(precision), recall: round(recall), f1: round(f1), clusters, persons };
}
