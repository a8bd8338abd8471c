// `npm run bench -- dashboard`: loads N contacts straight into a bench database (set-based, bench/dashboard-seed.ts),
// times the refresh of the summary tables, then drives the dashboard API, running as its own process, from a
// separate load-generator process (autocannon): first with no cache (Redis unreachable: every answer from the
// database), then with a warm cache. Prints p50/p95/p99 per endpoint and overall, and where the CPU went.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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

const ROOT = path.resolve(__dirname, '..');

export interface DashboardBenchOptions {
  rows: number;
  concurrency: number;
  durationSec: number;
  /** Keep the bench database when it already holds `rows` contacts (a 10M load takes many minutes). */
  reuse: boolean;
  json: boolean;
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

async function runPhase(plan: { baseUrl: string; cookie: string; serverPid: number }, opts: DashboardBenchOptions, endpoints: LoadEndpoint[]): Promise<PhaseFigures> {
  const per = Math.max(1, Math.round(opts.durationSec / endpoints.length));
  const server0 = cpuSeconds(`/proc/${plan.serverPid}/stat`);
  const m0 = machineCpu();
  const t0 = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/dashboard-load.ts', JSON.stringify({
    baseUrl: plan.baseUrl, cookie: plan.cookie, connections: opts.concurrency, durationSec: per, endpoints,
  })], { cwd: ROOT, encoding: 'utf8', maxBuffer: 512 * 2 ** 20 });
  if (run.status !== 0) throw new Error(`load generator failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  const wall = (Date.now() - t0) / 1000;
  const m1 = machineCpu();
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as LoadResult;
  const all: number[] = [];
  const figures: PhaseFigures['endpoints'] = {};
  for (const [name, f] of Object.entries(result.endpoints)) {
    all.push(...(f.latencies ?? []));
    const { latencies: _drop, ...rest } = f;
    figures[name] = rest;
  }
  all.sort((a, b) => a - b);
  return {
    p50Ms: percentile(all, 50), p95Ms: percentile(all, 95), p99Ms: percentile(all, 99), endpoints: figures,
    loadGeneratorCores: Math.round((result.loadCpuSec / result.wallSec) * 100) / 100,
    serverCores: Math.round(((cpuSeconds(`/proc/${plan.serverPid}/stat`) - server0) / wall) * 100) / 100,
    machineBusy: Math.round(((m1.busy - m0.busy) / Math.max(0.001, m1.total - m0.total)) * 100) / 100,
  };
}

/** The bench database: DATABASE_URL's database name with `_dashbench` appended. */
export function dashboardBenchUrl(base: { DATABASE_URL: string }): string {
  const u = new URL(base.DATABASE_URL);
  u.pathname = `/${decodeURIComponent(u.pathname.slice(1)) || 'contacts'}_dashbench`;
  return u.toString();
}

export async function runDashboardBench(opts: DashboardBenchOptions): Promise<DashboardBenchResult> {
  const base = loadConfig();
  const url = dashboardBenchUrl(base);
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
  const phase = async (name: string, redisUrl: string, warmUp: boolean): Promise<PhaseFigures> => {
    const server = await startBenchServer(serverEnv(redisUrl));
    try {
      const cookie = await signIn(server.baseUrl, 'bench', password);
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
  const cpuModel = spawnSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).stdout.trim();
  return {
    rows: opts.rows, concurrency: opts.concurrency, durationSec: opts.durationSec, seedSec, refreshSec,
    p50Ms: warm.p50Ms, p95Ms: warm.p95Ms, p99Ms: warm.p99Ms, endpoints: warm.endpoints, cold, warm,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    machine: `${cpuModel}, ${(await import('node:os')).cpus().length} cores`,
  };
}
