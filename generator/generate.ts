// Generates the three messy legacy sources plus the truth file in one streaming pass; used by the CLI, tests and benchmarks.
import { mkdir } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import path from 'node:path';
import { redactUrl } from '../config/env';
import { type Manifest, writeManifest } from './manifest';
import { duplicateRowsFor, RowPlanner, type SourceCounts, splitRows } from './plan';
import { Population } from './population';
import { Prng } from './prng';
import { renderRecord } from './render';
import { CsvSink } from './sinks/csv-sink';
import { type LegacyMysql, MYSQL_TABLE, MysqlSink } from './sinks/mysql-sink';
import type { SourceSink } from './sinks/source-sink';
import { SQLITE_TABLE, SqliteSink } from './sinks/sqlite-sink';
import { TruthSink } from './sinks/truth-sink';
import type { SourceName } from './source-profiles';

const GENERATOR_VERSION = '1.0.0';
export const DEFAULT_SPLIT: SourceCounts = { mysql: 50, sqlite: 30, csv: 20 };
const DEFAULT_POOL_SIZE = 50_000;
const OUTPUT_FILES = { sqlite: 'legacy.sqlite', csv: 'drop.csv', truth: 'truth.csv', manifest: 'manifest.json' } as const;
const BATCH_ROWS = 10_000;
/** Rows between event-loop turns, so a running LOAD DATA keeps streaming while rows are generated. */
const YIELD_ROWS = 1_000;

export interface GenerateOptions {
  rows: number;
  /** Fraction (0..1) of rows that are another record of an already generated person. */
  dupRate: number;
  seed: number;
  outDir: string;
  /** Percentages per source; default 50/30/20. */
  split?: SourceCounts;
  /** Server URL recorded in the manifest (password redacted) and database the MySQL source goes to. */
  mysqlUrl: string;
  mysqlDatabase: string;
  /** How many recent persons later rows may repeat (bounds memory). */
  poolSize?: number;
}

export interface GenerateProgress {
  rowsDone: number;
  rows: number;
  elapsedMs: number;
}

export interface GenerateDeps {
  mysql: LegacyMysql;
  onProgress?: (progress: GenerateProgress) => void;
}

/** Record ids as each source wrote them: the CRM skipped ids of deleted customers, the others count up. */
function recordIds(seed: number): Record<SourceName, () => number> {
  const gaps = new Prng(seed, 1);
  const last = { mysql: 0, sqlite: 0, csv: 0 };
  return {
    mysql: () => (last.mysql += gaps.chance(0.02) ? gaps.between(2, 6) : 1),
    sqlite: () => ++last.sqlite,
    csv: () => ++last.csv,
  };
}

function checkOptions(o: GenerateOptions): void {
  if (!Number.isSafeInteger(o.rows) || o.rows < 1) throw new RangeError(`rows must be a positive integer (got ${o.rows})`);
  if (!(o.dupRate >= 0 && o.dupRate <= 1)) throw new RangeError(`dupRate must be between 0 and 1 (got ${o.dupRate})`);
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) throw new RangeError(`seed must be a non-negative integer (got ${o.seed})`);
}

export async function generate(options: GenerateOptions, deps: GenerateDeps): Promise<Manifest> {
  checkOptions(options);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const outDir = path.resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const split = options.split ?? DEFAULT_SPLIT;
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
  const rowsPerSource = splitRows(options.rows, split);
  const duplicateRows = duplicateRowsFor(options.rows, options.dupRate);
  const files = {
    sqlite: path.join(outDir, OUTPUT_FILES.sqlite),
    csv: path.join(outDir, OUTPUT_FILES.csv),
    truth: path.join(outDir, OUTPUT_FILES.truth),
  };

  const rng = new Prng(options.seed);
  const planner = new RowPlanner(rng, rowsPerSource, duplicateRows);
  const population = new Population(rng, poolSize);
  const nextId = recordIds(options.seed);

  const mysqlSink = await MysqlSink.create(deps.mysql, options.mysqlDatabase);
  const opened: SourceSink[] = [mysqlSink];
  let truth: TruthSink | undefined;
  try {
    const sqliteSink = new SqliteSink(files.sqlite);
    opened.push(sqliteSink);
    const csvSink = new CsvSink(files.csv);
    opened.push(csvSink);
    const sinks: Record<SourceName, SourceSink> = { mysql: mysqlSink, sqlite: sqliteSink, csv: csvSink };
    truth = new TruthSink(files.truth);
    const progressEvery = Math.max(1, Math.ceil(options.rows / 10));
    let nextProgress = progressEvery;
    for (let done = 0; done < options.rows; ) {
      const batchEnd = Math.min(options.rows, done + BATCH_ROWS);
      for (; done < batchEnd; done++) {
        const { source, duplicate } = planner.next();
        const person = duplicate ? population.knownPerson() : population.newPerson();
        const id = nextId[source]();
        sinks[source].add(id, renderRecord(rng, person, source));
        truth.add(source, id, person.id);
        population.recorded(person, source);
        if (done % YIELD_ROWS === 0) await nextTurn();
      }
      await Promise.all([...opened.map((s) => s.flush()), truth.flush()]);
      if (done >= nextProgress || done === options.rows) {
        deps.onProgress?.({ rowsDone: done, rows: options.rows, elapsedMs: performance.now() - started });
        nextProgress += progressEvery;
      }
    }
    const generateMs = performance.now() - started;
    for (const sink of opened) await sink.finish();
    await truth.finish();
    const checksum = await MysqlSink.checksum(deps.mysql, options.mysqlDatabase);
    const totalMs = performance.now() - started;
    const manifest: Manifest = {
      generatorVersion: GENERATOR_VERSION,
      seed: options.seed,
      rows: options.rows,
      dupRate: options.dupRate,
      split,
      rowsPerSource,
      duplicateRows,
      duplicates: population.duplicates,
      persons: population.summary(),
      poolSize,
      mysql: { url: redactUrl(options.mysqlUrl), database: options.mysqlDatabase, table: MYSQL_TABLE, checksum },
      sqlite: { path: files.sqlite, table: SQLITE_TABLE },
      csv: { path: files.csv },
      truth: { path: files.truth },
      timing: {
        startedAt,
        totalMs: Math.round(totalMs),
        generateMs: Math.round(generateMs),
        mysqlLoadMs: Math.round(mysqlSink.loadMs),
        rowsPerSecond: Math.round(options.rows / (totalMs / 1000)),
      },
    };
    await writeManifest(path.join(outDir, OUTPUT_FILES.manifest), manifest);
    return manifest;
  } catch (err) {
    await Promise.allSettled([...opened.map((s) => s.abort()), truth?.abort()]);
    throw err;
  }
}
