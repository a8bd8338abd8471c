// Generates a small deterministic sample of the three legacy sources for workflow tests, and cleans it up.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { generate } from '../../generator/generate';
import type { Manifest } from '../../generator/manifest';
import { parseSourceArg } from '../../activities/export/source-spec';
import type { MigrationInput } from '../../workflows/migration';
import { createDbPool, poolOptionsFromUrl } from '../../workers/clients';
import { baseConfig } from './services';

export interface Sample {
  dir: string;
  database: string;
  manifest: Manifest;
  sources: MigrationInput['sources'];
  remove(): Promise<void>;
}

export async function makeSample(rows: number, seed: number): Promise<Sample> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-sample-'));
  const database = `t_legacy_${process.pid}_${seed}_${Date.now().toString(36)}`;
  const url = new URL(baseConfig.DATABASE_URL);
  url.pathname = `/${database}`;
  const pool = createDbPool({ DATABASE_URL: url.toString() }, { database: undefined, connectionLimit: 2 });
  let manifest: Manifest;
  try {
    manifest = await generate({ rows, dupRate: 0.25, seed, outDir: dir, mysqlUrl: url.toString(), mysqlDatabase: database }, { mysql: pool });
  } finally {
    await pool.end();
  }
  url.search = '?table=customers';
  return {
    dir,
    database,
    manifest,
    sources: [
      { spec: parseSourceArg(`mysql:${url.toString()}`) },
      { spec: parseSourceArg(`sqlite:${path.join(dir, 'legacy.sqlite')}`) },
      { spec: parseSourceArg(`csv:${path.join(dir, 'drop.csv')}`) },
    ],
    async remove() {
      rmSync(dir, { recursive: true, force: true });
      const conn = await mysql.createConnection({ ...poolOptionsFromUrl(baseConfig.DATABASE_URL), database: undefined });
      try {
        await conn.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(database)}`);
      } finally {
        await conn.end();
      }
    },
  };
}
