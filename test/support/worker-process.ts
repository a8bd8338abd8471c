// Runs `workers/main.ts` as a separate OS process (so a test can kill -9 it) and restarts MariaDB the way it was started.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { poolOptionsFromUrl } from '../../workers/clients';
import { baseConfig } from './services';
import { createContext, silentProgress } from '../../stack/context';
import { mariadbFiles } from '../../stack/mariadb-server';
import { pidFromFile, writePidFile } from '../../stack/pid-files';

const ROOT = path.resolve(__dirname, '../..');

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const START_LIMIT_MS = 60_000;
const STOP_LIMIT_MS = 60_000;

export async function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const limit = setTimeout(() => {
      clearInterval(t);
      child.kill('SIGKILL');
      reject(new Error(`worker process (task queue ${env.TEMPORAL_TASK_QUEUE ?? 'default'}) did not log "worker started" within ${START_LIMIT_MS / 1000}s: ${out.slice(-2000)}`));
    }, START_LIMIT_MS);
    const t = setInterval(() => {
      if (out.includes('worker started')) {
        clearInterval(t);
        clearTimeout(limit);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(t);
      clearTimeout(limit);
      reject(new Error(`worker exited with ${code}: ${out.slice(-2000)}`));
    });
  });
  return {
    child,
    output: () => out,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      // A worker that does not stop by itself (its shutdown is bounded by grace + force time) is killed.
      const limit = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
      await exited;
      clearTimeout(limit);
    },
  };
}

async function mariadbAnswers(): Promise<boolean> {
  try {
    const conn = await mysql.createConnection({ ...poolOptionsFromUrl(baseConfig.DATABASE_URL), database: undefined, connectTimeout: 1000 });
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

/** The command line of the mariadbd/mysqld serving `port` (its --port, 3306 when it names none). */
function mariadbCommandLine(port: number): string[] {
  const seen: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (!argv[0] || !/(mariadbd|mysqld)$/.test(argv[0])) continue;
      const portArg = argv.find((a) => a.startsWith('--port='));
      const serves = portArg ? Number(portArg.slice('--port='.length)) : 3306;
      if (serves === port) return argv;
      seen.push(`${pid} (port ${serves})`);
    } catch {
      // process went away
    }
  }
  throw new Error(`no running mariadbd/mysqld process serves port ${port} to restart (seen: ${seen.join(', ') || 'none'})`);
}

/** Server settings stack:up sets at run time (SET GLOBAL), which a restart would lose. */
const RUNTIME_SETTINGS = ['local_infile', 'slow_query_log', 'long_query_time', 'innodb_buffer_pool_size', 'innodb_log_file_size'] as const;

async function withAdmin<T>(fn: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({ ...poolOptionsFromUrl(baseConfig.DATABASE_URL), database: undefined });
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

/**
 * Restarts the MariaDB server with the same command line, and puts back the run-time settings it had, so
 * the shared server leaves this test as it came in (a buffer pool back at 128 MB would slow every later run).
 */
export async function restartMariadb(downForMs = 1500): Promise<void> {
  const before = await withAdmin(async (conn) => {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(`SELECT ${RUNTIME_SETTINGS.map((v) => `@@GLOBAL.${v} AS ${v}`).join(', ')}`);
    return rows[0]!;
  });
  await restartMariadbProcess(downForMs);
  await withAdmin(async (conn) => {
    for (const name of RUNTIME_SETTINGS) await conn.query(`SET GLOBAL ${name} = ?`, [before[name]]);
  });
}

async function restartMariadbProcess(downForMs: number): Promise<void> {
  const url = new URL(baseConfig.DATABASE_URL);
  const argv = mariadbCommandLine(Number(url.port || 3306));
  const stackPidFile = mariadbFiles(createContext(baseConfig, { progress: silentProgress })).pidFile;
  const stackPid = pidFromFile(stackPidFile);
  const shutdown = spawnSync('mariadb-admin', ['-h', url.hostname, '-P', url.port || '3306', '-u', decodeURIComponent(url.username || 'root'), 'shutdown'], {
    env: { ...process.env, MYSQL_PWD: decodeURIComponent(url.password) }, encoding: 'utf8',
  });
  if (shutdown.status !== 0) throw new Error(`mariadb-admin shutdown failed: ${shutdown.stderr}`);
  for (let i = 0; i < 100 && (await mariadbAnswers()); i++) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, downForMs));
  const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: 'ignore' });
  child.unref();
  // A server the stack started is stopped by `stack:down` through its pid file: it must name the restarted server.
  if (stackPid !== undefined && child.pid !== undefined) writePidFile(stackPidFile, child.pid);
  for (let i = 0; i < 150; i++) {
    if (await mariadbAnswers()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('MariaDB did not come back within 30s after restart');
}
