// `npm run cli -- generate`: builds the synthetic legacy sources (MySQL, SQLite, CSV) plus truth.csv that migrations are rehearsed on.
import { loadConfig, redactUrl } from '../../config/env';
import { DEFAULT_SPLIT, generate, type GenerateProgress } from '../../generator/generate';
import type { Manifest } from '../../generator/manifest';
import { createDbPool } from '../../workers/clients';
import { type Command, numberFlag, parseCommandArgs, UsageError } from '../command';

const DEFAULT_DATABASE = 'legacy_crm';

const usage = `Usage: npm run cli -- generate --rows N --out DIR [--dup-rate R] [--seed S] [--mysql-url URL] [--split M,S,C]

Creates three synthetic legacy contact sources with realistic mess, deterministic for a seed:
  MySQL   ${DEFAULT_DATABASE}.customers (dropped and recreated each run)
  SQLite  DIR/legacy.sqlite, table contacts
  CSV     DIR/drop.csv
plus DIR/truth.csv (source,source_record_id,person_id for every row) and DIR/manifest.json.

Options:
  --rows N          total rows over all sources (required)
  --out DIR         output directory, created if missing (required)
  --dup-rate R      fraction 0..1 of rows that repeat an already generated person (default 0.2)
  --seed S          non-negative integer; same arguments and seed give identical data (default 1)
  --mysql-url URL   MySQL server and database for the CRM source
                    (default: the DATABASE_URL server with database ${DEFAULT_DATABASE})
  --split M,S,C     percent of rows for mysql,sqlite,csv, adding up to 100 (default ${DEFAULT_SPLIT.mysql},${DEFAULT_SPLIT.sqlite},${DEFAULT_SPLIT.csv})`;

function integerFlag(value: string | undefined, flag: string, rule: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--${flag} must be ${rule} (got ${JSON.stringify(value)})`);
  return n;
}

function splitFlag(value: string | undefined): typeof DEFAULT_SPLIT {
  if (value === undefined) return DEFAULT_SPLIT;
  const parts = value.split(',').map((p) => Number(p.trim()));
  const valid = parts.length === 3 && parts.every((n) => Number.isFinite(n) && n >= 0) && Math.abs(parts.reduce((a, b) => a + b, 0) - 100) < 1e-9;
  if (!valid) throw new UsageError(`--split must be three percentages for mysql,sqlite,csv adding up to 100, e.g. 50,30,20 (got ${JSON.stringify(value)})`);
  const [mysql, sqlite, csv] = parts as [number, number, number];
  return { mysql, sqlite, csv };
}

/** The MySQL URL to load into, and its database: --mysql-url as given, else DATABASE_URL's server with legacy_crm. */
function mysqlTarget(flag: string | undefined, databaseUrl: string): { url: string; database: string } {
  let url: URL;
  try {
    url = new URL(flag ?? databaseUrl);
  } catch {
    throw new UsageError(`--mysql-url must be a mysql:// URL (got ${JSON.stringify(flag)})`);
  }
  if (!['mysql:', 'mariadb:'].includes(url.protocol)) throw new UsageError(`--mysql-url must be a mysql:// URL (got ${JSON.stringify(redactUrl(url.toString()))})`);
  const named = flag === undefined ? '' : decodeURIComponent(url.pathname.replace(/^\//, ''));
  const database = named || DEFAULT_DATABASE;
  if (!/^[A-Za-z0-9_$]{1,64}$/.test(database)) throw new UsageError(`--mysql-url database must be a plain MySQL name (got ${JSON.stringify(database)})`);
  url.pathname = `/${database}`;
  return { url: url.toString(), database };
}

function printProgress(p: GenerateProgress): void {
  const pct = Math.round((100 * p.rowsDone) / p.rows);
  console.error(`generate: ${p.rowsDone.toLocaleString('en-US')}/${p.rows.toLocaleString('en-US')} rows (${pct}%) after ${(p.elapsedMs / 1000).toFixed(1)}s`);
}

function printSummary(m: Manifest): void {
  const t = m.timing;
  console.log(`generate: ${m.rows.toLocaleString('en-US')} rows for ${m.persons.total.toLocaleString('en-US')} persons (seed ${m.seed}, dup rate ${m.dupRate}) in ${(t.totalMs / 1000).toFixed(1)}s (${t.rowsPerSecond.toLocaleString('en-US')} rows/s; MySQL LOAD DATA ${(t.mysqlLoadMs / 1000).toFixed(1)}s, overlapped)`);
  console.log(`  mysql   ${m.rowsPerSource.mysql.toLocaleString('en-US').padStart(11)} rows  ${m.mysql.url} table ${m.mysql.table} (checksum ${m.mysql.checksum})`);
  console.log(`  sqlite  ${m.rowsPerSource.sqlite.toLocaleString('en-US').padStart(11)} rows  ${m.sqlite.path} table ${m.sqlite.table}`);
  console.log(`  csv     ${m.rowsPerSource.csv.toLocaleString('en-US').padStart(11)} rows  ${m.csv.path}`);
  console.log(`  truth   ${m.truth.path}; duplicates ${m.duplicateRows.toLocaleString('en-US')} rows (${m.duplicates.sameSource.toLocaleString('en-US')} same source, ${m.duplicates.otherSource.toLocaleString('en-US')} other source); households ${m.persons.householdMembers.toLocaleString('en-US')}, colleagues ${m.persons.colleagues.toLocaleString('en-US')}`);
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Create synthetic messy legacy sources (MySQL, SQLite, CSV) and truth.csv',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      rows: { type: 'string' },
      'dup-rate': { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'mysql-url': { type: 'string' },
      split: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const rows = integerFlag(values.rows, 'rows', 'a positive integer', 1);
    if (rows === undefined) throw new UsageError('--rows is required (total rows to generate, e.g. --rows 100000)');
    if (!values.out) throw new UsageError('--out is required (directory for legacy.sqlite, drop.csv, truth.csv, manifest.json)');
    const dupRate = numberFlag(values['dup-rate'], 'dup-rate', 0.2, 0, 1);
    const seed = integerFlag(values.seed, 'seed', 'a non-negative integer', 0) ?? 1;
    const split = splitFlag(values.split);
    const config = loadConfig();
    const target = mysqlTarget(values['mysql-url'], config.DATABASE_URL);

    // Connect to the server without selecting a database: the generator creates it.
    const pool = createDbPool({ DATABASE_URL: target.url }, { database: undefined, connectionLimit: 2 });
    try {
      const manifest = await generate(
        { rows, dupRate, seed, split, outDir: values.out, mysqlUrl: target.url, mysqlDatabase: target.database },
        { mysql: pool, onProgress: printProgress },
      );
      printSummary(manifest);
      return 0;
    } finally {
      await pool.end();
    }
  },
};
