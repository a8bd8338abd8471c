// `npm run bench -- ingest`: generates N rows, runs the real migration on the local stack with a separate
// worker process (peak RSS read from /proc), then measures the bare-SQL floor on the same rows.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2';
import { loadConfig, type AppConfig } from '../config/env';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../config/constants';
import { createDbPool, createS3, createTemporalClient, ensureDatabase, poolOptionsFromUrl } from '../workers/clients';
import { applyMigrations } from '../db/migrator';
import { parseSourceArg } from '../activities/export/source-spec';
import type { MigrationInput, migrationWorkflow } from '../workflows/migration';
import type { ReconciliationSummary } from '../domain/reconciliation';
import { prepareFloorInput, runFloor } from './ingest-floor';
import { cpuSeconds, cpuTimes, machineCpu, mariadbPid, peakRssMb } from './proc-stats';

export interface IngestBenchOptions {
  rows: number;
  seed: number;
  batchSize: number;
  window: number;
  workers: number;
  json: boolean;
  /** The workers' METRICS_EXPORTER: the metrics-cost comparison runs `prometheus` against `off`. */
  metrics: 'prometheus' | 'off';
  /** Skip the bare-SQL floor (a metrics-on/off comparison needs only the pipeline). */
  floor: boolean;
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
  workers: number;
  workerMainThreadBusy: number;
  workerProcessCpu: number;
  /**
   * The workers' CPU seconds (user + system, every thread, all workers) over the pipeline, from /proc/<pid>/stat, and
   * per 100k rows read: what metrics add to, steadier than wall time on a loaded machine.
   */
  workerCpuSec: number;
  workerUserSec: number;
  workerSysSec: number;
  workerCpuSecPer100kRows: number;
  /** The machine's 1, 5 and 15 minute load averages when the pipeline started and when it ended. */
  loadAvgStart: number[];
  loadAvgEnd: number[];
  /** MariaDB's CPU during the pipeline, in cores (0 when its process is not visible). */
  mariadbCpu: number;
  /** Share of all cores' time that was busy during the pipeline. */
  machineBusy: number;
  contacts: number;
  machine: string;
  metrics: 'prometheus' | 'off';
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

export async function runIngestBench(opts: IngestBenchOptions): Promise<IngestBenchResult> {
  const base = loadConfig();
  const dir = path.resolve(ROOT, base.DATA_DIR, 'bench', `ingest-${opts.rows}`);
  mkdirSync(dir, { recursive: true });
  // Named after DATABASE_URL's database, so benchmarks of sessions with their own databases never share one.
  const baseDb = decodeURIComponent(new URL(base.DATABASE_URL).pathname.replace(/^\//, '')) || 'contacts';
  const legacyDb = `${baseDb}_bench_legacy_${opts.rows}`;
  const targetUrl = withDatabase(base.DATABASE_URL, `${baseDb}_bench`);
  const config: AppConfig = { ...base, DATABASE_URL: targetUrl, TEMPORAL_TASK_QUEUE: `bench-${process.pid}` };

  log(opts.json, `bench ingest: generating ${opts.rows.toLocaleString('en-US')} rows (seed ${opts.seed}) into ${dir} and database ${legacyDb}`);
  const gen = spawnSync(process.execPath, ['--import', 'tsx', 'starters/cli.ts', 'generate', '--rows', String(opts.rows), '--dup-rate', '0.2', '--seed', String(opts.seed),
    '--out', dir, '--mysql-url', withDatabase(base.DATABASE_URL, legacyDb)], { cwd: ROOT, stdio: ['ignore', opts.json ? 2 : 'inherit', 'inherit'] });
  if (gen.status !== 0) throw new Error(`generate failed with exit code ${gen.status}`);

  await recreateDatabase(targetUrl);
  const pool = createDbPool(config, { connectionLimit: 2 });
  await applyMigrations(pool);
  const [bpRows] = await pool.query<RowDataPacket[]>('SELECT @@GLOBAL.innodb_buffer_pool_size AS bp, @@GLOBAL.innodb_log_file_size AS rl');
  const bufferPoolMb = Math.round(Number(bpRows[0]!.bp) / 2 ** 20);
  const redoLogMb = Math.round(Number(bpRows[0]!.rl) / 2 ** 20);
  if (bufferPoolMb < base.MARIADB_BUFFER_POOL_MB) {
    log(opts.json, `bench ingest: WARNING MariaDB's buffer pool is ${bufferPoolMb} MB, below MARIADB_BUFFER_POOL_MB=${base.MARIADB_BUFFER_POOL_MB} (was the server restarted? run npm run stack:up); figures will not compare`);
  }

  const workers = Array.from({ length: opts.workers }, () => spawn(process.execPath, [`--max-old-space-size=${process.env.WORKER_HEAP_MB ?? '1536'}`, ...(process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'workers/main.ts'], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: targetUrl, TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE, METRICS_EXPORTER: opts.metrics }, stdio: ['ignore', 'pipe', 'inherit'],
  }));
  const peaks = workers.map(() => 0);
  const sample = (): void => workers.forEach((w, i) => (peaks[i] = Math.max(peaks[i]!, peakRssMb(w.pid!))));
  const sampler = setInterval(sample, 500);
  await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
    worker.stdout!.on('data', (d: Buffer) => d.toString().includes('worker started') && resolve());
    worker.once('exit', (code) => reject(new Error(`bench worker exited with code ${code}`)));
  })));
  const dbPid = mariadbPid();
  const cpu = () => ({
    ...workers.reduce((acc, w) => ({
      main: acc.main + cpuSeconds(`/proc/${w.pid}/task/${w.pid}/stat`), all: acc.all + cpuSeconds(`/proc/${w.pid}/stat`),
      user: acc.user + cpuTimes(w.pid!).user, sys: acc.sys + cpuTimes(w.pid!).sys,
    }), { main: 0, all: 0, user: 0, sys: 0 }),
    load: os.loadavg().map((l) => Math.round(l * 100) / 100),
    db: dbPid ? cpuSeconds(`/proc/${dbPid}/stat`) : 0,
    machine: machineCpu(),
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
  let cpu0!: ReturnType<typeof cpu>;
  let cpu1!: ReturnType<typeof cpu>;
  try {
    log(opts.json, `bench ingest: migrating (batch ${opts.batchSize}, window ${opts.window}) with ${workers.length} worker process(es), pid ${workers.map((w) => w.pid).join(', ')}`);
    cpu0 = cpu();
    const t0 = performance.now();
    summary = await client.workflow.execute<typeof migrationWorkflow>(WORKFLOW_TYPES.migration, {
      taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId: WORKFLOW_IDS.migration(name),
      args: [{ name, sources, batchSize: opts.batchSize, window: opts.window } satisfies MigrationInput],
    });
    pipelineSec = (performance.now() - t0) / 1000;
    cpu1 = cpu();
  } finally {
    clearInterval(sampler);
    sample();
    for (const w of workers) w.kill('SIGTERM');
    await connection.close();
  }

  let floor = { rowsPerSec: 0, loadSec: 0, upsertSec: 0 };
  if (opts.floor) {
    log(opts.json, 'bench ingest: preparing the floor input from the same exported rows (not timed)');
    const [sf] = await pool.query<RowDataPacket[]>('SELECT id, source_name FROM source_files WHERE migration_name = ?', [name]);
    const names = new Map(sf.map((r) => [`source-${r.id}`, String(r.source_name)]));
    const s3 = createS3(config);
    const floorFile = path.join(dir, 'floor.tsv');
    const floorRows = await prepareFloorInput(s3, config.S3_RAW_BUCKET, `migrations/${name}/`, names, floorFile);
    s3.destroy();
    log(opts.json, `bench ingest: timing the floor on ${floorRows.toLocaleString('en-US')} rows`);
    floor = await runFloor(pool, floorFile, floorRows);
  }
  await pool.end();

  const rowsRead = summary.totals.rowsRead;
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const workerUserSec = round2(cpu1.user - cpu0.user);
  const workerSysSec = round2(cpu1.sys - cpu0.sys);
  const pipelineRowsPerSec = Math.round(rowsRead / pipelineSec);
  return {
    rows: opts.rows,
    rowsRead,
    pipelineSec: Math.round(pipelineSec * 10) / 10,
    pipelineRowsPerSec,
    floorRowsPerSec: floor.rowsPerSec,
    floorLoadSec: Math.round(floor.loadSec * 10) / 10,
    floorUpsertSec: Math.round(floor.upsertSec * 10) / 10,
    ratio: floor.rowsPerSec ? Math.round((pipelineRowsPerSec / floor.rowsPerSec) * 100) / 100 : 0,
    peakRssMb: Math.max(...peaks),
    workers: workers.length,
    // Share of the wall time the workers' main threads (where activity code runs) and whole processes were on a CPU.
    workerMainThreadBusy: Math.round(((cpu1.main - cpu0.main) / workers.length / pipelineSec) * 100) / 100,
    workerProcessCpu: Math.round(((cpu1.all - cpu0.all) / workers.length / pipelineSec) * 100) / 100,
    workerCpuSec: round2(workerUserSec + workerSysSec),
    workerUserSec,
    workerSysSec,
    workerCpuSecPer100kRows: Math.round(((workerUserSec + workerSysSec) / rowsRead) * 100_000 * 1000) / 1000,
    loadAvgStart: cpu0.load,
    loadAvgEnd: cpu1.load,
    mariadbCpu: Math.round(((cpu1.db - cpu0.db) / pipelineSec) * 100) / 100,
    machineBusy: Math.round(((cpu1.machine.busy - cpu0.machine.busy) / (cpu1.machine.total - cpu0.machine.total)) * 100) / 100,
    contacts: summary.contactsInStore,
    metrics: opts.metrics,
    machine: `${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}, MariaDB buffer pool ${bufferPoolMb} MB, redo log ${redoLogMb} MB`,
  };
}
