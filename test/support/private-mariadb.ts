// A second, private MariaDB for one test file or a benchmark: its own port, data dir and buffer pool, started with the
// stack's own launcher (stack/mariadb-server.ts), restartable (a benchmark measures a server that just restarted; the
// shared server is never restarted), and stopped by its owner, which removes its data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/env';
import { createContext, silentProgress } from '../../stack/context';
import { ensureUrlUser, findOrInstallMariadbd, initializeDataDir, launchMariadbd, mariadbFiles, socketAnswers } from '../../stack/mariadb-server';
import { stopProcess } from '../../stack/pid-files';
import { isPortOpen, logTail, waitFor } from '../../stack/processes';

export interface PrivateMariadb {
  readonly port: number;
  /** root over TCP, no password (the server is on loopback and lives as long as the test file). */
  readonly rootUrl: string;
  /** Stops the server cleanly and starts it again on the same data dir; the milliseconds until it answered again. */
  restart(): Promise<{ stopMs: number; startMs: number; stopped: 'stopped' | 'killed' | 'not running' }>;
  stop(): Promise<void>;
}

export interface PrivateMariadbOptions {
  /** InnoDB buffer pool (default 256 MB: a test's). */
  bufferPoolMb?: number;
}

/** Start-up takes a few seconds (mariadb-install-db, then the server); a hang fails naming the port and the log. */
const START_TIMEOUT_MS = 90_000;

/** How long a clean shutdown may take (it flushes the buffer pool's dirty pages) before the server is killed. */
const STOP_GRACE_MS = 180_000;

export async function startPrivateMariadb(port: number, extraArgs: readonly string[], options: PrivateMariadbOptions = {}): Promise<PrivateMariadb> {
  const bufferPoolMb = options.bufferPoolMb ?? 256;
  if (await isPortOpen('127.0.0.1', port)) throw new Error(`port ${port} is in use: is a private MariaDB of an earlier run still running?`);
  const dataDir = mkdtempSync(join(tmpdir(), `contacts-mariadb-${port}-`));
  const rootUrl = `mysql://root@127.0.0.1:${port}/contacts`;
  // A small server by default: 256 MB buffer pool, the minimum redo log.
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: rootUrl, MARIADB_BUFFER_POOL_MB: String(bufferPoolMb), MARIADB_REDO_LOG_MB: '96' });
  const ctx = createContext(config, { progress: silentProgress, timeoutMs: START_TIMEOUT_MS });
  const files = mariadbFiles(ctx);
  let pid: number | undefined;
  let mariadbd = '';
  const stop = async () => {
    if (pid !== undefined) await stopProcess(pid, STOP_GRACE_MS);
    pid = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const launch = async () => {
    pid = await launchMariadbd(ctx, files, mariadbd, port, [...extraArgs]);
    const livePid = pid;
    const up = await waitFor(async () => ((await socketAnswers(files)) ? true : undefined), {
      timeoutMs: START_TIMEOUT_MS,
      pid: livePid,
      onExit: () => new Error(`private MariaDB on port ${port} exited during start-up: ${logTail(files.logFile)}`),
    });
    if (!up) throw new Error(`private MariaDB on port ${port} did not answer on its socket within ${START_TIMEOUT_MS / 1000} s: ${logTail(files.logFile)}`);
  };
  try {
    mariadbd = await findOrInstallMariadbd(ctx);
    await initializeDataDir(ctx, files, mariadbd);
    await launch();
    await ensureUrlUser(files, { host: '127.0.0.1', port, user: 'root', password: '', database: 'contacts', display: rootUrl, bufferPoolMb, redoLogMb: 96 });
  } catch (err) {
    await stop();
    throw err;
  }
  const restart = async () => {
    const t0 = Date.now();
    const stopped = pid === undefined ? 'not running' as const : await stopProcess(pid, STOP_GRACE_MS);
    const t1 = Date.now();
    try {
      await launch();
    } catch (err) {
      await stop();
      throw err;
    }
    return { stopMs: t1 - t0, startMs: Date.now() - t1, stopped };
  };
  return { port, rootUrl, restart, stop };
}
