// Writes the legacy SQLite app database (legacy.sqlite, table contacts): one prepared insert, ~50k rows per transaction.
import { rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import Database from 'better-sqlite3';
import type { LegacyRow } from '../render';
import type { SourceSink } from './source-sink';

export const SQLITE_TABLE = 'contacts';
const ROWS_PER_TRANSACTION = 50_000;

const CREATE_TABLE = `CREATE TABLE ${SQLITE_TABLE} (
  id INTEGER PRIMARY KEY,
  e_mail TEXT,
  mobile TEXT,
  given_name TEXT,
  family_name TEXT,
  address_1 TEXT,
  suburb TEXT,
  state TEXT,
  postcode TEXT,
  dob TEXT,
  modified INTEGER
)`;

export class SqliteSink implements SourceSink {
  readonly source = 'sqlite';
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly partial: string;
  private inTransaction = 0;

  /** Builds the database under a temporary name; `finish` moves it to `path`, replacing any previous run's file. */
  constructor(private readonly path: string) {
    this.partial = `${path}.partial`;
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(this.partial + suffix, { force: true });
    this.db = new Database(this.partial);
    // Nothing to protect during a bulk load: a crash means re-running the generator.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma('cache_size = -16384');
    this.db.exec(CREATE_TABLE);
    this.insert = this.db.prepare(
      `INSERT INTO ${SQLITE_TABLE} (id, e_mail, mobile, given_name, family_name, address_1, suburb, state, postcode, dob, modified)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.exec('BEGIN');
  }

  add(id: number, r: LegacyRow): void {
    this.insert.run(id, r.email, r.phone, r.firstName, r.lastName, r.street, r.city, r.state, r.zip, r.dob, r.modified);
    if (++this.inTransaction >= ROWS_PER_TRANSACTION) {
      this.db.exec('COMMIT');
      this.db.exec('BEGIN');
      this.inTransaction = 0;
    }
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  async finish(): Promise<void> {
    this.db.exec('COMMIT');
    this.db.pragma('locking_mode = NORMAL');
    this.db.pragma('journal_mode = DELETE');
    this.db.pragma('synchronous = FULL');
    this.db.close();
    await rename(this.partial, this.path);
  }

  async abort(): Promise<void> {
    try {
      if (this.db.open) this.db.close();
    } catch {
      // Closing is best effort here; the partial file is removed below either way.
    }
    await rm(this.partial, { force: true });
  }
}
