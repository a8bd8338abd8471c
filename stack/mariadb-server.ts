// Starts a private MariaDB under the data dir (installing mariadb-server if needed) and creates the DATABASE_URL user in it.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import mysql from 'mysql2/promise';
import { AptInstallError, aptInstall } from './apt-install';
import { type StackContext, displayPath } from './context';
import { StackPartError } from './part';
import { findExecutable, logTail, runCommand, spawnDetached, tail } from './processes';

const PART = 'mariadb';

export interface MariadbTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** DATABASE_URL with the password redacted. */
  display: string;
  /** InnoDB sizing for bulk loads (MARIADB_BUFFER_POOL_MB, MARIADB_REDO_LOG_MB). */
  bufferPoolMb: number;
  redoLogMb: number;
}

export interface MariadbFiles {
  dir: string;
  dataDir: string;
  socket: string;
  /** mariadbd's own pid file (kept out of the run dir, which holds ours). */
  serverPidFile: string;
  initializedMarker: string;
  logFile: string;
  slowLogFile: string;
  pidFile: string;
}

export function mariadbFiles(ctx: StackContext): MariadbFiles {
  const dir = join(ctx.paths.dataDir, 'mariadb');
  return {
    dir,
    dataDir: join(dir, 'data'),
    socket: join(dir, 'mysqld.sock'),
    serverPidFile: join(dir, 'mariadbd.pid'),
    initializedMarker: join(dir, 'data', '.initialized-by-stack'),
    logFile: join(ctx.paths.logsDir, 'mariadb.log'),
    slowLogFile: join(ctx.paths.logsDir, 'mariadb-slow.log'),
    pidFile: join(ctx.paths.runDir, 'mariadb.pid'),
  };
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** mariadbd from the option, /usr/sbin or PATH; installs Debian's mariadb-server when allowed. */
export async function findOrInstallMariadbd(ctx: StackContext): Promise<string> {
  if (ctx.mariadbdPath) {
    const explicit = findExecutable(ctx.mariadbdPath);
    if (!explicit) throw new StackPartError(PART, `MariaDB could not be started: mariadbd not found at ${ctx.mariadbdPath}`);
    return explicit;
  }
  const found = locateMariadbd();
  if (found) return found;
  if (!ctx.allowInstall) throw new StackPartError(PART, 'MariaDB could not be started: mariadbd not found (looked in /usr/sbin and PATH) and installing is disabled');
  try {
    await aptInstall(ctx, PART, 'mariadb-server');
  } catch (err) {
    const reason = err instanceof AptInstallError ? err.message : String(err);
    throw new StackPartError(PART, `MariaDB could not be started: mariadbd not found and ${reason}`, { cause: err });
  }
  const installed = locateMariadbd();
  if (!installed) throw new StackPartError(PART, 'MariaDB could not be started: apt-get installed mariadb-server but mariadbd is still not found');
  return installed;
}

function locateMariadbd(): string | undefined {
  return findExecutable('/usr/sbin/mariadbd') ?? findExecutable('mariadbd', ['/usr/sbin']) ?? findExecutable('mysqld', ['/usr/sbin']);
}

/** Creates the system tables once; a half-done earlier attempt (no marker) is wiped and redone. */
export async function initializeDataDir(ctx: StackContext, files: MariadbFiles, mariadbd: string): Promise<void> {
  if (existsSync(files.initializedMarker)) return;
  rmSync(files.dataDir, { recursive: true, force: true });
  mkdirSync(files.dataDir, { recursive: true });
  const installDb = findExecutable('mariadb-install-db', [dirname(mariadbd), '/usr/bin']) ?? findExecutable('mysql_install_db', [dirname(mariadbd), '/usr/bin']);
  if (!installDb) throw new StackPartError(PART, 'MariaDB could not be started: mariadb-install-db (or mysql_install_db) not found');
  ctx.progress(PART, 'initializing data dir', { dir: displayPath(ctx.paths, files.dataDir) });
  const args = ['--no-defaults', `--datadir=${files.dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...(isRoot() ? ['--user=root'] : [])];
  const result = await runCommand(installDb, args, { timeoutMs: 120_000 });
  if (result.code !== 0) {
    throw new StackPartError(PART, `MariaDB could not be started: ${installDb} failed: ${tail(result.stderr || result.stdout)}`);
  }
  writeFileSync(files.initializedMarker, `${new Date().toISOString()}\n`);
}

/**
 * Launches mariadbd detached on the URL's port, loopback only, with LOCAL INFILE and the slow query log on; `extraArgs`
 * adds options (a scratch server restored from a snapshot, activities/snapshots/scratch-server.ts).
 */
export async function launchMariadbd(ctx: StackContext, files: MariadbFiles, mariadbd: string, port: number, extraArgs: string[] = []): Promise<number> {
  mkdirSync(ctx.paths.logsDir, { recursive: true });
  const args = [
    '--no-defaults',
    `--datadir=${files.dataDir}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${files.socket}`,
    `--pid-file=${files.serverPidFile}`,
    `--log-error=${files.logFile}`,
    '--local-infile=1',
    '--slow-query-log=1',
    `--slow-query-log-file=${files.slowLogFile}`,
    '--long-query-time=1',
    `--innodb-buffer-pool-size=${ctx.config.MARIADB_BUFFER_POOL_MB}M`,
    `--innodb-log-file-size=${ctx.config.MARIADB_REDO_LOG_MB}M`,
    '--skip-name-resolve',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    ...(isRoot() ? ['--user=root'] : []),
    ...extraArgs,
  ];
  ctx.progress(PART, 'starting', { port, log: displayPath(ctx.paths, files.logFile) });
  const { pid } = await spawnDetached(mariadbd, args, { logFile: files.logFile, pidFile: files.pidFile, cwd: files.dir });
  return pid;
}

/** True once the private server accepts root over its unix socket. */
export async function socketAnswers(files: MariadbFiles): Promise<boolean> {
  try {
    const conn = await mysql.createConnection({ socketPath: files.socket, user: 'root', connectTimeout: 2000 });
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

/** Makes the DATABASE_URL user able to log in over TCP from loopback with full rights (a private dev server). */
export async function ensureUrlUser(files: MariadbFiles, target: MariadbTarget): Promise<void> {
  const conn = await mysql.createConnection({ socketPath: files.socket, user: 'root', connectTimeout: 5000 });
  try {
    const hosts = target.user === 'root' ? ['127.0.0.1', '::1'] : ['127.0.0.1', '::1', 'localhost'];
    for (const host of hosts) {
      await conn.query('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [target.user, host, target.password]);
      await conn.query('ALTER USER ?@? IDENTIFIED BY ?', [target.user, host, target.password]);
      await conn.query('GRANT ALL PRIVILEGES ON *.* TO ?@? WITH GRANT OPTION', [target.user, host]);
    }
  } catch (err) {
    throw new StackPartError(PART, `MariaDB started but user ${JSON.stringify(target.user)} from DATABASE_URL could not be created: ${(err as Error).message}`, { cause: err });
  } finally {
    await conn.end();
  }
}

export function startupLogHint(ctx: StackContext, files: MariadbFiles): string {
  return `see ${displayPath(ctx.paths, files.logFile)}:\n${logTail(files.logFile)}`;
}
