// `npm run bench -- ingest`: generates N rows, runs the real migration on the local stack with a separate
// worker process (peak RSS read from /proc), then measures the bare-SQL floor on the same rows.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2';
import { loadConfig, type AppConfig } from '../config/env';
import { WORKFLOW_IDS } from '../config/constants';
import { createDbPool, createS3, createTemporalClient, ensureDatabase, poolOptionsFromUrl } from '../workers/clients';
import { applyMigrations } from '../db/migrator';
import { parseSourceArg } from '../activities/export/source-spec';
import type { MigrationInput } from '../workflows/migration';
import type { ReconciliationSummary } from '../domain/reconciliation';
import { prepareFloorInput, runFloor } from './ingest-floor';

export interface IngestBenchOptions {
  rows: number;
  seed: number;
  batchSize: number;
  window: number;
  json: boolean;
}

export interface IngestBenchResult {
  rows: number;
  rowsRead: number;
  pipelineSec: number;
  pipelineRowsPerSec: number;
  floorRowsPerSec: number;
  floorLoadSec: number;
  floorUpsertSec: number;
  ratio: number;
  peakRssMb: number;
  contacts: number;
  machine: string;
}

const ROOT = path.resolve(__dirname, '..');

function log(json: boolean, msg: string): void {
  (json ? process.stderr : process.stdout).write(`${msg}\n`);
}

function withDatabase(url: string, db: string, search = ''): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  u.search = search;
  return u.toString();
}

async function recreateDatabase(url: string): Promise<void> {
  const opts = poolOptionsFromUrl(url);
  const conn = await mysql.createConnection({ ...opts, database: undefined });
  try {
    await conn.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(opts.database!)}`);
  } finally {
    await conn.end();
  }
  await ensureDatabase({ DATABASE_URL: url });
}

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

export async function runIngestBench(opts: IngestBenchOptions): Promise<IngestBenchResult> {
  const base = loadConfig();
  const dir = path.join(ROOT, base.DATA_DIR, 'bench', `ingest-${opts.rows}`);
  mkdirSync(dir, { recursive: true });
  const legacyDb = `bench_legacy_${opts.rows}`;
  const targetUrl = withDatabase(base.DATABASE_URL, 'bench_contacts');
  const config: AppConfig = { ...base, DATABASE_URL: targetUrl, TEMPORAL_TASK_QUEUE: `bench-${process.pid}` };

  log(opts.json, `bench ingest: generating ${opts.rows.toLocaleString('en-US')} rows (seed ${opts.seed}) into ${dir} and database ${legacyDb}`);
  const gen = spawnSync(process.execPath, ['--import', 'tsx', 'starters/cli.ts', 'generate', '--rows', String(opts.rows), '--dup-rate', '0.2', '--seed', String(opts.seed),
    '--out', dir, '--mysql-url', withDatabase(base.DATABASE_URL, legacyDb)], { cwd: ROOT, stdio: ['ignore', opts.json ? 2 : 'inherit', 'inherit'] });
  if (gen.status !== 0) throw new Error(`generate failed with exit code ${gen.status}`);

  await recreateDatabase(targetUrl);
  const pool = createDbPool(config, { connectionLimit: 2 });
  await applyMigrations(pool);

  const worker = spawn(process.execPath, [`--max-old-space-size=${process.env.WORKER_HEAP_MB ?? '1536'}`, '--import', 'tsx', 'workers/main.ts'], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: targetUrl, TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssMb(worker.pid!))), 500);
  await new Promise<void>((resolve, reject) => {
    worker.stdout!.on('data', (d: Buffer) => d.toString().includes('worker started') && resolve());
    worker.once('exit', (code) => reject(new Error(`bench worker exited with code ${code}`)));
  });
  const name = `bench-${opts.rows}-${Date.now()}`;
  const sources: MigrationInput['sources'] = [
    { spec: parseSourceArg(`mysql:${withDatabase(base.DATABASE_URL, legacyDb, '?table=customers')}`) },
    { spec: parseSourceArg(`sqlite:${path.join(dir, 'legacy.sqlite')}`) },
    { spec: parseSourceArg(`csv:${path.join(dir, 'drop.csv')}`) },
  ];
  const { client, connection } = await createTemporalClient(config);
  let summary: ReconciliationSummary;
  let pipelineSec: number;
  try {
    log(opts.json, `bench ingest: migrating (batch ${opts.batchSize}, window ${opts.window}) with worker pid ${worker.pid}`);
    const t0 = performance.now();
    summary = await client.workflow.execute('migrationWorkflow', {
      taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId: WORKFLOW_IDS.migration(name),
      args: [{ name, sources, batchSize: opts.batchSize, window: opts.window } satisfies MigrationInput],
    });
    pipelineSec = (performance.now() - t0) / 1000;
  } finally {
    clearInterval(sampler);
    peak = Math.max(peak, peakRssMb(worker.pid!));
    worker.kill('SIGTERM');
    await connection.close();
  }

  log(opts.json, 'bench ingest: preparing the floor input from the same exported rows (not timed)');
  const [sf] = await pool.query<RowDataPacket[]>('SELECT id, source_name FROM source_files WHERE migration_name = ?', [name]);
  const names = new Map(sf.map((r) => [`source-${r.id}`, String(r.source_name)]));
  const s3 = createS3(config);
  const floorFile = path.join(dir, 'floor.tsv');
  const floorRows = await prepareFloorInput(s3, config.S3_RAW_BUCKET, `migrations/${name}/`, names, floorFile);
  s3.destroy();
  log(opts.json, `bench ingest: timing the floor on ${floorRows.toLocaleString('en-US')} rows`);
  const floor = await runFloor(pool, floorFile, floorRows);
  await pool.end();

  const rowsRead = summary.totals.rowsRead;
  const pipelineRowsPerSec = Math.round(rowsRead / pipelineSec);
  return {
    rows: opts.rows,
    rowsRead,
    pipelineSec: Math.round(pipelineSec * 10) / 10,
    pipelineRowsPerSec,
    floorRowsPerSec: floor.rowsPerSec,
    floorLoadSec: Math.round(floor.loadSec * 10) / 10,
    floorUpsertSec: Math.round(floor.upsertSec * 10) / 10,
    ratio: Math.round((pipelineRowsPerSec / floor.rowsPerSec) * 100) / 100,
    peakRssMb: peak,
    contacts: summary.contactsInStore,
    machine: `${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`,
  };
}
