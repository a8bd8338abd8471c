// `npm run bench -- dashboard`: loads N contacts straight into a bench database (set-based, bench/dashboard-seed.ts),
// times the refresh of the summary tables, then drives the dashboard API, running as its own process, from a
// separate load-generator process (autocannon): first with no cache (Redis unreachable: every answer from the
// database), then with a warm cache. Prints p50/p95/p99 per endpoint and overall, and where the CPU went.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2';
import { loadConfig } from '../config/env';
import { applyMigrations } from '../db/migrator';
import { createDbPool, ensureDatabase, poolOptionsFromUrl } from '../workers/clients';
import { refreshDashboardTables } from '../activities/dashboard/refresh-activities';
import { hashPassword } from '../dashboard/auth/password-hash';
import { upsertUser } from '../dashboard/auth/users-file';
import { seedComplianceTags, seedContacts } from './dashboard-seed';
import { percentile, type EndpointFigures, type LoadEndpoint, type LoadResult } from './dashboard-load';
import { signIn, startBenchServer } from './dashboard-server';
import { cpuSeconds, machineCpu } from './proc-stats';
import { startPrivateMariadb, type PrivateMariadb } from '../test/support/private-mariadb';

const ROOT = path.resolve(__dirname, '..');

export interface DashboardBenchOptions {
  rows: number;
  concurrency: number;
  durationSec: number;
  /** Keep the bench database when it already holds `rows` contacts (a 10M load takes many minutes). */
  reuse: boolean;
  json: boolean;
  /**
   * Also measure right after a database restart: the bench runs against a private MariaDB it starts (never the shared
   * one), and after the cold and warm phases drives every endpoint at once with no cache, restarts that server (buffer
   * pool dump and load off: it comes back empty) and drives them again the same way.
   */
  restart?: { seconds: number; bufferPoolMb: number };
}

export interface PhaseFigures {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  endpoints: Record<string, Omit<EndpointFigures, 'latencies'>>;
  /** Cores the load generator used on average over the phase (it shares the machine with the server). */
  loadGeneratorCores: number;
  serverCores: number;
  machineBusy: number;
  /** The machine's load average when the phase ended (1, 5, 15 minutes): other sessions share the cores. */
  loadAverage: number[];
  /** Mixed phases: all endpoints together per 5 s of the run (requests answered then, their p95 and max). */
  timeline?: Array<{ fromSec: number; requests: number; p95Ms: number; maxMs: number }>;
}

export interface RestartFigures {
  /** Server settings that decide how cold it comes back. */
  server: { port: number; bufferPoolMb: number; flushMethod: string; bufferPoolLoadAtStartup: string; version: string };
  /** Every endpoint at once, no cache, the buffer pool warm from the phases before. */
  before: PhaseFigures;
  stop: 'stopped' | 'killed' | 'not running';
  stopSec: number;
  startSec: number;
  /** From the server answering again to the dashboard's /health answering 200 (its pool reconnected). */
  healthSec: number;
  /** InnoDB buffer pool pages holding data just before the stop and just after the start (how cold it came back), and the server's uptime then. */
  poolPagesBefore: number;
  poolPagesAfter: number;
  uptimeAfterSec: number;
  /** The same, right after the restart. */
  after: PhaseFigures;
}

export interface DashboardBenchResult {
  rows: number;
  concurrency: number;
  durationSec: number;
  seedSec: number | null;
  refreshSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  endpoints: PhaseFigures['endpoints'];
  cold: PhaseFigures;
  warm: PhaseFigures;
  loadAverage: number[];
  machine: string;
  /**
   * How the list endpoints were served in this run (rank, rank range, deferred join, keyset) and what the read-time
   * rules excluded when it ran: jurisdictions outside their calling window (the hour decides) turn every page jump
   * into a deferred join, so the same command measures different plans at different times of day.
   */
  listPlans: Record<string, string[]>;
  readTimeExclusions: Record<string, number>;
  restart?: RestartFigures;
}

function log(json: boolean, msg: string): void {
  (json ? process.stderr : process.stdout).write(`${msg}\n`);
}

/** The page the deep-page endpoints ask for: 10,000 at 10M contacts (50 per page), half the list when smaller. */
export function deepPage(rows: number, size = 50): number {
  return Math.max(2, Math.min(10_000, Math.floor(rows / size / 2)));
}

/** What the load generator asks for: every endpoint the dashboard serves people, with the parameters they use. */
export function benchEndpoints(rows: number): LoadEndpoint[] {
  const deep = deepPage(rows);
  const states = ['CA', 'NY', 'TX', 'FL', 'IL', 'WA', 'GA', 'AZ'];
  return [
    { name: 'overview', paths: ['/api/overview'] },
    { name: 'migrations', paths: ['/api/migrations?limit=10'] },
    { name: 'batches', paths: ['/api/batches?limit=100'] },
    { name: 'list page 1', paths: ['/api/lists'] },
    { name: `list page ${deep}`, paths: [`/api/lists?page=${deep}`] },
    { name: 'list state page 1', paths: states.map((st) => `/api/lists?state=${st}`) },
    { name: 'list state+score deep', paths: states.map((st) => `/api/lists?state=${st}&scoreMin=300&page=${Math.max(2, Math.floor(deep / 20))}`) },
    // Tags a record on the default (VOICE, manual) list can carry; LITIGATOR / INVALID_PHONE records reach e-mail lists.
    { name: 'list tag page 1', paths: ['/api/lists?tag=CALLABLE', '/api/lists?tag=WIRELESS_RESTRICTED', '/api/lists?channel=EMAIL&tag=LITIGATOR,INVALID_PHONE', '/api/lists?tag=WIRELESS_RESTRICTED&state=CA'] },
    { name: 'list by updated', paths: ['/api/lists?sort=updated', '/api/lists?sort=updated&updatedSince=2025-06-01'] },
    { name: 'health', paths: ['/health'] },
  ];
}

async function contactsIn(url: string): Promise<number | null> {
  const conn = await mysql.createConnection(poolOptionsFromUrl(url)).catch(() => null);
  if (!conn) return null;
  try {
    const [rows] = await conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM contacts');
    return Number(rows[0]!.n);
  } catch {
    return null;
  } finally {
    await conn.end();
  }
}

async function runPhase(plan: { baseUrl: string; cookie: string; serverPid: number }, opts: DashboardBenchOptions, endpoints: LoadEndpoint[], mixedSec?: number): Promise<PhaseFigures> {
  const per = mixedSec ?? Math.max(1, Math.round(opts.durationSec / endpoints.length));
  const server0 = cpuSeconds(`/proc/${plan.serverPid}/stat`);
  const m0 = machineCpu();
  const t0 = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/dashboard-load.ts', JSON.stringify({
    baseUrl: plan.baseUrl, cookie: plan.cookie, connections: opts.concurrency, durationSec: per, endpoints, mixed: mixedSec !== undefined,
  })], { cwd: ROOT, encoding: 'utf8', maxBuffer: 512 * 2 ** 20 });
  if (run.status !== 0) throw new Error(`load generator failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  const wall = (Date.now() - t0) / 1000;
  const m1 = machineCpu();
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as LoadResult;
  const all: number[] = [];
  const arrivals: Array<[number, number]> = [];
  const figures: PhaseFigures['endpoints'] = {};
  for (const [name, f] of Object.entries(result.endpoints)) {
    all.push(...(f.latencies ?? []));
    arrivals.push(...(f.arrivals ?? []));
    const { latencies: _drop, arrivals: _dropToo, ...rest } = f;
    figures[name] = rest;
  }
  all.sort((a, b) => a - b);
  const timeline: PhaseFigures['timeline'] = [];
  for (let from = 0; arrivals.length && from < per + 5; from += 5) {
    const slice = arrivals.filter(([at]) => at >= from && at < from + 5).map(([, ms]) => ms).sort((a, b) => a - b);
    if (slice.length) timeline.push({ fromSec: from, requests: slice.length, p95Ms: percentile(slice, 95), maxMs: percentile(slice, 100) });
  }
  return {
    p50Ms: percentile(all, 50), p95Ms: percentile(all, 95), p99Ms: percentile(all, 99), endpoints: figures,
    loadGeneratorCores: Math.round((result.loadCpuSec / result.wallSec) * 100) / 100,
    serverCores: Math.round(((cpuSeconds(`/proc/${plan.serverPid}/stat`) - server0) / wall) * 100) / 100,
    machineBusy: Math.round(((m1.busy - m0.busy) / Math.max(0.001, m1.total - m0.total)) * 100) / 100,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    ...(timeline.length ? { timeline } : {}),
  };
}

/** The bench database: DATABASE_URL's database name with `_dashbench` appended. */
export function dashboardBenchUrl(base: { DATABASE_URL: string }): string {
  const u = new URL(base.DATABASE_URL);
  u.pathname = `/${decodeURIComponent(u.pathname.slice(1)) || 'contacts'}_dashbench`;
  return u.toString();
}

/** A port nothing listens on now (the private server's). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function serverSettings(url: string): Promise<Omit<RestartFigures['server'], 'port'>> {
  const conn = await mysql.createConnection(poolOptionsFromUrl(url));
  try {
    const [rows] = await conn.query<RowDataPacket[]>(
      'SELECT @@innodb_buffer_pool_size AS bp, @@innodb_flush_method AS fm, @@innodb_buffer_pool_load_at_startup AS ls, VERSION() AS v',
    );
    const r = rows[0]!;
    return { bufferPoolMb: Math.round(Number(r.bp) / 2 ** 20), flushMethod: String(r.fm), bufferPoolLoadAtStartup: Number(r.ls) ? 'ON' : 'OFF', version: String(r.v) };
  } finally {
    await conn.end();
  }
}

async function poolStatus(url: string): Promise<{ pages: number; uptimeSec: number }> {
  const conn = await mysql.createConnection(poolOptionsFromUrl(url));
  try {
    const [rows] = await conn.query<RowDataPacket[]>("SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_buffer_pool_pages_data', 'Uptime')");
    const v = Object.fromEntries(rows.map((r) => [String(r.Variable_name), Number(r.Value)]));
    return { pages: v.Innodb_buffer_pool_pages_data ?? 0, uptimeSec: v.Uptime ?? 0 };
  } finally {
    await conn.end();
  }
}

/** Asks each list path once: the plans that served each endpoint, and the read-time exclusions of the moment. */
async function listPlans(baseUrl: string, cookie: string, endpoints: LoadEndpoint[]): Promise<{ plans: Record<string, string[]>; exclusions: Record<string, number> }> {
  const plans: Record<string, string[]> = {};
  let exclusions: Record<string, number> = {};
  for (const ep of endpoints) {
    for (const p of ep.paths.filter((x) => x.startsWith('/api/lists'))) {
      const body = (await (await fetch(`${baseUrl}${p}`, { headers: { cookie } })).json()) as { plan?: string; evaluated?: Record<string, unknown> };
      if (body.plan) plans[ep.name] = [...new Set([...(plans[ep.name] ?? []), body.plan])];
      if (body.evaluated) exclusions = Object.fromEntries(Object.entries(body.evaluated).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
    }
  }
  return { plans, exclusions };
}

/** Waits until the dashboard's /health answers 200 (its database pool works again), up to `timeoutMs`. */
async function waitHealthy(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5000) }).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the dashboard's /health did not answer 200 within ${timeoutMs / 1000} s of the database restart`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function runDashboardBench(opts: DashboardBenchOptions): Promise<DashboardBenchResult> {
  const base = loadConfig();
  if (!opts.restart) return benchOn(opts, base, dashboardBenchUrl(base), null);
  // The restart is of a private server on a free port with its own data dir (removed at the end): the shared
  // MariaDB is never restarted. Its buffer pool is neither dumped at shutdown nor loaded at start-up, so the server
  // comes back with nothing cached (O_DIRECT, the default flush method, keeps the OS page cache out of it too).
  const port = await freePort();
  log(opts.json, `bench dashboard: starting a private MariaDB on port ${port} (buffer pool ${opts.restart.bufferPoolMb} MB) for the restart`);
  const db = await startPrivateMariadb(port, ['--innodb-buffer-pool-dump-at-shutdown=OFF', '--innodb-buffer-pool-load-at-startup=OFF'], { bufferPoolMb: opts.restart.bufferPoolMb });
  try {
    return await benchOn(opts, base, dashboardBenchUrl({ DATABASE_URL: db.rootUrl }), db);
  } finally {
    await db.stop();
  }
}

async function benchOn(opts: DashboardBenchOptions, base: ReturnType<typeof loadConfig>, url: string, privateDb: PrivateMariadb | null): Promise<DashboardBenchResult> {
  const u = new URL(url);
  let seedSec: number | null = null;
  if (opts.reuse && (await contactsIn(url)) === opts.rows) {
    log(opts.json, `bench dashboard: reusing ${u.pathname.slice(1)} (${opts.rows.toLocaleString('en-US')} contacts)`);
  } else {
    const admin = await mysql.createConnection({ ...poolOptionsFromUrl(url), database: undefined });
    await admin.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(u.pathname.slice(1))}`);
    await admin.end();
    await ensureDatabase({ DATABASE_URL: url });
    const pool = createDbPool({ DATABASE_URL: url }, { connectionLimit: 2 });
    try {
      await applyMigrations(pool);
      log(opts.json, `bench dashboard: loading ${opts.rows.toLocaleString('en-US')} contacts into ${u.pathname.slice(1)} (set-based, 1M per statement)`);
      const seeded = await seedContacts(pool, { rows: opts.rows, migrationName: 'dashboard-bench', onProgress: (n) => log(opts.json, `  ${n.toLocaleString('en-US')} contacts`) });
      seedSec = seeded.seconds;
    } finally {
      await pool.end();
    }
  }
  const pool = createDbPool({ DATABASE_URL: url }, { connectionLimit: 2 });
  let refreshSec: number;
  try {
    await applyMigrations(pool);
    const tagged = await seedComplianceTags(pool);
    if (tagged.contacts) log(opts.json, `bench dashboard: stored compliance statuses for ${tagged.contacts.toLocaleString('en-US')} contacts in ${tagged.seconds}s`);
    log(opts.json, 'bench dashboard: refreshing the summary tables');
    const r = await refreshDashboardTables({ pool }, { workflowId: `bench-${Date.now()}`, reason: 'manual' });
    refreshSec = r.durationMs / 1000;
    log(opts.json, `  ${refreshSec}s (${r.tables.map((t) => `${t.name} ${t.rows} rows ${t.ms} ms`).join(', ')})`);
  } finally {
    await pool.end();
  }

  const password = randomBytes(12).toString('base64url');
  const usersFile = path.resolve(ROOT, base.DATA_DIR, 'bench', 'dashboard-users.json');
  await upsertUser(usersFile, { username: 'bench', roles: ['admin'], passwordHash: await hashPassword(password) });
  const serverEnv = (redisUrl: string): NodeJS.ProcessEnv => ({
    ...process.env, DATABASE_URL: url, REDIS_URL: redisUrl, DASHBOARD_PORT: '0', DASHBOARD_HOST: '127.0.0.1', DASHBOARD_USERS_FILE: usersFile,
    DASHBOARD_SESSION_SECRET: randomBytes(32).toString('base64url'), TEMPORAL_NAMESPACE: `dashbench-${process.pid}`, METRICS_EXPORTER: 'off', LOG_LEVEL: 'warn',
  });
  const endpoints = benchEndpoints(opts.rows);
  let served: Awaited<ReturnType<typeof listPlans>> = { plans: {}, exclusions: {} };
  const phase = async (name: string, redisUrl: string, warmUp: boolean): Promise<PhaseFigures> => {
    const server = await startBenchServer(serverEnv(redisUrl));
    try {
      const cookie = await signIn(server.baseUrl, 'bench', password);
      if (!warmUp) served = await listPlans(server.baseUrl, cookie, endpoints);
      // Warm the process (JIT, connection pool) in both phases; with the cache up this also fills it.
      const rounds = warmUp ? 1 : 3;
      for (let i = 0; i < rounds; i++) for (const ep of endpoints) for (const p of ep.paths) await fetch(`${server.baseUrl}${p}`, { headers: { cookie } });
      log(opts.json, `bench dashboard: ${name}: ${opts.concurrency} connections, ${endpoints.length} endpoints, ~${opts.durationSec}s`);
      return await runPhase({ baseUrl: server.baseUrl, cookie, serverPid: server.pid }, opts, endpoints);
    } finally {
      await server.stop();
    }
  };
  // Nothing listens on port 1: the cache is down, every answer comes from the database (the cold case).
  const cold = await phase('cold (no cache: every answer from MariaDB)', 'redis://127.0.0.1:1/0', false);
  const warm = await phase('warm (answers cached in Redis)', base.REDIS_URL, true);
  let restart: RestartFigures | undefined;
  if (privateDb && opts.restart) {
    // One dashboard process (warm: JIT, its pool) for both mixed phases, so the database restart is the only change.
    const server = await startBenchServer(serverEnv('redis://127.0.0.1:1/0'));
    try {
      const cookie = await signIn(server.baseUrl, 'bench', password);
      for (const ep of endpoints) for (const p of ep.paths) await fetch(`${server.baseUrl}${p}`, { headers: { cookie } });
      const settings = await serverSettings(url);
      const plan = { baseUrl: server.baseUrl, cookie, serverPid: server.pid };
      log(opts.json, `bench dashboard: every endpoint at once, no cache, ${opts.concurrency} connections, ${opts.restart.seconds}s: before the restart`);
      const before = await runPhase(plan, opts, endpoints, opts.restart.seconds);
      log(opts.json, `bench dashboard: restarting the private MariaDB on port ${privateDb.port}`);
      const poolBefore = await poolStatus(url);
      const r = await privateDb.restart();
      const poolAfter = await poolStatus(url);
      const h0 = Date.now();
      await waitHealthy(server.baseUrl, 60_000);
      const healthSec = (Date.now() - h0) / 1000;
      log(opts.json, `  stopped in ${r.stopMs / 1000}s (${r.stopped}), answering after ${r.startMs / 1000}s (uptime ${poolAfter.uptimeSec}s, ${poolAfter.pages} buffer pool pages with data, ${poolBefore.pages} before), dashboard healthy ${healthSec}s later; right after the restart:`);
      const after = await runPhase(plan, opts, endpoints, opts.restart.seconds);
      restart = {
        server: { port: privateDb.port, ...settings }, before, stop: r.stopped, stopSec: r.stopMs / 1000, startSec: r.startMs / 1000, healthSec,
        poolPagesBefore: poolBefore.pages, poolPagesAfter: poolAfter.pages, uptimeAfterSec: poolAfter.uptimeSec, after,
      };
    } finally {
      await server.stop();
    }
  }
  const cpuModel = spawnSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).stdout.trim();
  return {
    rows: opts.rows, concurrency: opts.concurrency, durationSec: opts.durationSec, seedSec, refreshSec,
    p50Ms: warm.p50Ms, p95Ms: warm.p95Ms, p99Ms: warm.p99Ms, endpoints: warm.endpoints, cold, warm,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    machine: `${cpuModel}, ${(await import('node:os')).cpus().length} cores`,
    listPlans: served.plans, readTimeExclusions: served.exclusions,
    ...(restart ? { restart } : {}),
  };
}
