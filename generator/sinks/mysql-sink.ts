// Loads the legacy CRM table (legacy_crm.customers) fast: rows go to temp TSV chunks, each bulk-loaded with LOAD DATA LOCAL INFILE.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { escapeId, type ResultSetHeader, type RowDataPacket } from 'mysql2';
import type { Pool, PoolConnection } from 'mysql2/promise';
import { sqlDateTime } from '../dates';
import type { LegacyRow } from '../render';
import type { SourceSink } from './source-sink';
import { TextFileWriter } from './text-file';

/** The part of a mysql2 pool the generator needs. */
export type LegacyMysql = Pick<Pool, 'getConnection'>;

export const MYSQL_TABLE = 'customers';
const COLUMNS = ['cust_id', 'EMAIL_ADDRESS', 'Phone_Number', 'FirstName', 'Surname', 'Street', 'City', 'State', 'Zip', 'birth_date', 'last_modified'];

/** Rows per TSV chunk: big enough for fast loads, small enough that loading overlaps with generating. */
const DEFAULT_CHUNK_ROWS = 100_000;

const createTableSql = (table: string) => `CREATE TABLE ${table} (
  cust_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  EMAIL_ADDRESS VARCHAR(255) NULL,
  Phone_Number VARCHAR(40) NULL,
  FirstName VARCHAR(100) NULL,
  Surname VARCHAR(100) NULL,
  Street VARCHAR(200) NULL,
  City VARCHAR(100) NULL,
  State CHAR(2) NULL,
  Zip VARCHAR(10) NULL,
  birth_date DATE NULL,
  last_modified DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;

const TSV_SPECIAL = /[\\\t\n\r\0]/;
const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };

/** One LOAD DATA field with the default escapes: backslash, tab, newline, CR and NUL escaped; NULL as \N. */
export function tsvField(value: string | null): string {
  if (value === null) return '\\N';
  return TSV_SPECIAL.test(value) ? value.replace(/[\\\t\n\r\0]/g, (c) => TSV_ESCAPES[c] ?? c) : value;
}

export class MysqlLoadError extends Error {
  override name = 'MysqlLoadError';
  constructor(readonly table: string, readonly problem: string) {
    super(`LOAD DATA into ${table} failed: ${problem}`);
  }
}

export class MysqlSink implements SourceSink {
  readonly source = 'mysql';
  /** Milliseconds the server spent in LOAD DATA, summed over chunks. */
  loadMs = 0;
  private writer: TextFileWriter | undefined;
  private chunkRows = 0;
  private chunkNo = 0;
  private loading: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private released = false;

  private constructor(
    private readonly conn: PoolConnection,
    private readonly table: string,
    private readonly tmpDir: string,
    private readonly maxChunkRows: number,
  ) {}

  /** Creates the database if needed and drops and recreates the table, so re-running replaces the data. */
  static async create(mysql: LegacyMysql, database: string, chunkRows = DEFAULT_CHUNK_ROWS): Promise<MysqlSink> {
    const conn = await mysql.getConnection();
    try {
      const table = `${escapeId(database)}.${escapeId(MYSQL_TABLE)}`;
      await conn.query(`CREATE DATABASE IF NOT EXISTS ${escapeId(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await conn.query(`DROP TABLE IF EXISTS ${table}`);
      await conn.query(createTableSql(table));
      const tmpDir = await mkdtemp(path.join(tmpdir(), 'legacy-crm-'));
      return new MysqlSink(conn, table, tmpDir, chunkRows);
    } catch (err) {
      conn.release();
      throw err;
    }
  }

  add(id: number, r: LegacyRow): void {
    this.writer ??= new TextFileWriter(path.join(this.tmpDir, `chunk-${++this.chunkNo}.tsv`));
    this.writer.write(
      `${id}\t${tsvField(r.email)}\t${tsvField(r.phone)}\t${tsvField(r.firstName)}\t${tsvField(r.lastName)}\t${tsvField(r.street)}\t` +
        `${tsvField(r.city)}\t${tsvField(r.state)}\t${tsvField(r.zip)}\t${tsvField(r.dob)}\t${sqlDateTime(r.modified)}\n`,
    );
    this.chunkRows++;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.chunkRows >= this.maxChunkRows) await this.rotate();
    else await this.writer?.drain();
  }

  /** Closes the current chunk and starts loading it once the previous load is done; at most one load runs. */
  private async rotate(): Promise<void> {
    const writer = this.writer;
    const rows = this.chunkRows;
    this.writer = undefined;
    this.chunkRows = 0;
    if (!writer) return;
    await writer.close();
    await this.loading;
    if (this.failure) throw this.failure;
    this.loading = this.load(writer.path, rows).catch((err: unknown) => {
      this.failure ??= err instanceof Error ? err : new Error(String(err));
    });
  }

  private async load(file: string, rows: number): Promise<void> {
    const started = performance.now();
    const [result] = await this.conn.query<ResultSetHeader>({
      sql: `LOAD DATA LOCAL INFILE ? INTO TABLE ${this.table} CHARACTER SET utf8mb4
            FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${COLUMNS.join(', ')})`,
      values: [file],
      infileStreamFactory: (requested: string) => {
        if (requested !== file) throw new MysqlLoadError(this.table, `server asked for unexpected file ${requested}`);
        return createReadStream(file, { highWaterMark: 1 << 20 });
      },
    });
    this.loadMs += performance.now() - started;
    await rm(file, { force: true });
    if (result.warningStatus > 0) {
      const [warnings] = await this.conn.query<RowDataPacket[]>('SHOW WARNINGS LIMIT 5');
      const detail = warnings.map((w) => `${String(w['Level'])} ${String(w['Code'])}: ${String(w['Message'])}`).join('; ');
      throw new MysqlLoadError(this.table, `${result.warningStatus} warning(s), e.g. ${detail}`);
    }
    if (result.affectedRows !== rows) throw new MysqlLoadError(this.table, `loaded ${result.affectedRows} of ${rows} rows`);
  }

  async finish(): Promise<void> {
    await this.rotate();
    await this.loading;
    if (this.failure) throw this.failure;
    this.release();
    await rm(this.tmpDir, { recursive: true, force: true });
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.conn.release();
  }

  /** CHECKSUM TABLE of the loaded table: equal checksums mean identical contents. */
  static async checksum(mysql: LegacyMysql, database: string): Promise<string> {
    const conn = await mysql.getConnection();
    try {
      const [rows] = await conn.query<RowDataPacket[]>(`CHECKSUM TABLE ${escapeId(database)}.${escapeId(MYSQL_TABLE)}`);
      return String(rows[0]?.['Checksum']);
    } finally {
      conn.release();
    }
  }

  async abort(): Promise<void> {
    this.writer?.destroy();
    await this.loading;
    this.release();
    await rm(this.tmpDir, { recursive: true, force: true });
  }
}
