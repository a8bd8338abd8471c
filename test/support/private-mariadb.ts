// A second, private MariaDB for one test file: its own port, data dir and small buffer pool, started with the stack's own launcher (stack/mariadb-server.ts) and stopped by the test.
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
  stop(): Promise<void>;
}

/** Start-up takes a few seconds (mariadb-install-db, then the server); a hang fails naming the port and the log. */
const START_TIMEOUT_MS = 90_000;

export async function startPrivateMariadb(port: number, extraArgs: readonly string[]): Promise<PrivateMariadb> {
  if (await isPortOpen('127.0.0.1', port)) throw new Error(`port ${port} is in use: is a private MariaDB of an earlier run still running?`);
  const dataDir = mkdtempSync(join(tmpdir(), `contacts-mariadb-${port}-`));
  const rootUrl = `mysql://root@127.0.0.1:${port}/contacts`;
  // A small server: 256 MB buffer pool, the minimum redo log.
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: rootUrl, MARIADB_BUFFER_POOL_MB: '256', MARIADB_REDO_LOG_MB: '96' });
  const ctx = createContext(config, { progress: silentProgress, timeoutMs: START_TIMEOUT_MS });
  const files = mariadbFiles(ctx);
  let pid: number | undefined;
  const stop = async () => {
    if (pid !== undefined) await stopProcess(pid, 15_000);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const mariadbd = await findOrInstallMariadbd(ctx);
    await initializeDataDir(ctx, files, mariadbd);
    pid = await launchMariadbd(ctx, files, mariadbd, port, [...extraArgs]);
    const livePid = pid;
    const up = await waitFor(async () => ((await socketAnswers(files)) ? true : undefined), {
      timeoutMs: START_TIMEOUT_MS,
      pid: livePid,
      onExit: () => new Error(`private MariaDB on port ${port} exited during start-up: ${logTail(files.logFile)}`),
    });
    if (!up) throw new Error(`private MariaDB on port ${port} did not answer on its socket within ${START_TIMEOUT_MS / 1000} s: ${logTail(files.logFile)}`);
    await ensureUrlUser(files, { host: '127.0.0.1', port, user: 'root', password: '', database: 'contacts', display: rootUrl, bufferPoolMb: 256, redoLogMb: 96 });
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, rootUrl, stop };
}
