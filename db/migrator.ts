// Applies the versioned SQL files in db/migrations in order, once each, recorded in schema_migrations.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2';
import type { Pool } from 'mysql2/promise';

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

export interface MigrationResult {
  version: string;
  status: 'applied' | 'already-applied';
}

export class MigrationChecksumError extends Error {
  override name = 'MigrationChecksumError';
  constructor(readonly version: string, readonly recorded: string, readonly current: string) {
    super(`Migration ${version} was changed after it was applied (recorded sha256 ${recorded.slice(0, 12)}…, file now ${current.slice(0, 12)}…); add a new migration instead of editing an applied one`);
  }
}

/** Splits a migration file into statements: semicolons at line end separate them; `--` comment lines are dropped. */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export async function applyMigrations(pool: Pool, dir = MIGRATIONS_DIR, log: (msg: string) => void = () => {}): Promise<MigrationResult[]> {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version VARCHAR(255) NOT NULL PRIMARY KEY,
       checksum_sha256 CHAR(64) NOT NULL,
       applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
     ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  );
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const [rows] = await pool.query<RowDataPacket[]>('SELECT version, checksum_sha256 FROM schema_migrations');
  const applied = new Map(rows.map((r) => [String(r.version), String(r.checksum_sha256)]));
  const results: MigrationResult[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    const sql = await readFile(path.join(dir, file), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    const recorded = applied.get(version);
    if (recorded !== undefined) {
      if (recorded !== checksum) throw new MigrationChecksumError(version, recorded, checksum);
      results.push({ version, status: 'already-applied' });
      continue;
    }
    log(`applying ${version}`);
    for (const statement of splitStatements(sql)) await pool.query(statement);
    await pool.execute('INSERT INTO schema_migrations (version, checksum_sha256) VALUES (?, ?)', [version, checksum]);
    results.push({ version, status: 'applied' });
  }
  return results;
}
