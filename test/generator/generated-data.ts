// Test fixture: runs the generator into a temp dir and a throwaway MySQL database, and reads all three sources back.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parseString } from 'fast-csv';
import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import { loadConfig } from '../../config/env';
import { generate, type GenerateOptions } from '../../generator/generate';
import type { Manifest } from '../../generator/manifest';
import type { SourceName } from '../../generator/source-profiles';
import { createDbPool } from '../../workers/clients';

/** One row of any source, in the same shape (empty string for NULL/missing). */
export interface SourceRecord {
  source: SourceName;
  id: string;
  email: string;
  phone: string;
  first: string;
  last: string;
  street: string;
  city: string;
  state: string;
  zip: string;
  dob: string;
}

export interface TruthRow {
  source: string;
  id: string;
  personId: string;
}

export interface TestServer {
  pool: Pool;
  database: string;
  url: string;
  close(): Promise<void>;
}

/** A unique legacy database on the configured server; close() drops it and ends the pool. */
export function openTestServer(suffix: string): TestServer {
  const database = `legacy_test_${process.pid}_${suffix}`;
  const url = new URL(loadConfig().DATABASE_URL);
  url.pathname = `/${database}`;
  const pool = createDbPool({ DATABASE_URL: url.toString() }, { database: undefined, connectionLimit: 2 });
  return {
    pool,
    database,
    url: url.toString(),
    async close() {
      try {
        await pool.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(database)}`);
      } finally {
        await pool.end();
      }
    },
  };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'generator-test-'));
}

export async function runGenerator(server: TestServer, outDir: string, options: Partial<GenerateOptions> & { seed: number }): Promise<Manifest> {
  return generate({ rows: 2_000, dupRate: 0.25, outDir, mysqlUrl: server.url, mysqlDatabase: server.database, ...options }, { mysql: server.pool });
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function mysqlRows(server: TestServer): Promise<RowDataPacket[]> {
  const [rows] = await server.pool.query<RowDataPacket[]>(`SELECT * FROM ${mysql.escapeId(server.database)}.customers ORDER BY cust_id`);
  return rows;
}

export function sqliteRows(file: string): Record<string, unknown>[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT * FROM contacts ORDER BY id').all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/** Parses CSV text into arrays of fields (header included), with fast-csv so quoting is checked independently. */
export function parseCsv(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString<string[], string[]>(text, { headers: false })
      .on('error', reject)
      .on('data', (row: string[]) => rows.push(row))
      .on('end', () => resolve(rows));
  });
}

export async function readTruth(file: string): Promise<TruthRow[]> {
  const [header, ...rows] = await parseCsv(await readFile(file, 'utf8'));
  if (header?.join(',') !== 'source,source_record_id,person_id') throw new Error(`bad truth header ${String(header)}`);
  return rows.map(([source = '', id = '', personId = '']) => ({ source, id, personId }));
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** Every row of the three sources, in one shape. */
export async function readAllSources(server: TestServer, manifest: Manifest): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for (const r of await mysqlRows(server)) {
    records.push({
      source: 'mysql', id: text(r['cust_id']), email: text(r['EMAIL_ADDRESS']), phone: text(r['Phone_Number']), first: text(r['FirstName']),
      last: text(r['Surname']), street: text(r['Street']), city: text(r['City']), state: text(r['State']), zip: text(r['Zip']), dob: text(r['birth_date']),
    });
  }
  for (const r of sqliteRows(manifest.sqlite.path)) {
    records.push({
      source: 'sqlite', id: text(r['id']), email: text(r['e_mail']), phone: text(r['mobile']), first: text(r['given_name']),
      last: text(r['family_name']), street: text(r['address_1']), city: text(r['suburb']), state: text(r['state']), zip: text(r['postcode']), dob: text(r['dob']),
    });
  }
  const [, ...csvRows] = await parseCsv(await readFile(manifest.csv.path, 'utf8'));
  for (const [id = '', email = '', phone = '', first = '', last = '', street = '', city = '', state = '', zip = '', dob = ''] of csvRows) {
    records.push({ source: 'csv', id, email, phone, first, last, street, city, state, zip, dob });
  }
  return records;
}
