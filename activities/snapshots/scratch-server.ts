// A MariaDB server on a restored data directory, on its own loopback port (3316 for validation by default), with a
// small buffer pool; started through the stack's own launcher and stopped after. A server or directory left behind by
// a crashed validation is found by its pid file and removed by the next run.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { AppConfig } from '../../config/env';
import { createContext, silentProgress } from '../../stack/context';
import { type MariadbFiles, findOrInstallMariadbd, launchMariadbd } from '../../stack/mariadb-server';
import { pidFromFile, removeFile, stopProcess } from '../../stack/pid-files';
import { isPortOpen, logTail } from '../../stack/processes';

export interface ScratchServer {
  port: number;
  pid: number;
  dataDir: string;
  stop(opts?: { removeData?: boolean }): Promise<void>;
}

export interface ScratchLayout {
  dataDir: string;
  pidFile: string;
  logFile: string;
}

/** Where the scratch server for `port` keeps its data, pid and log (under DATA_DIR, so stack:down stops it too). */
export function scratchLayout(config: AppConfig, port: number, name = `scratch-${port}`): ScratchLayout {
  const ctx = createContext(config, { progress: silentProgress });
  return {
    dataDir: join(ctx.paths.dataDir, 'scratch', name),
    pidFile: join(ctx.paths.runDir, `mariadb-${name}.pid`),
    logFile: join(ctx.paths.logsDir, `mariadb-${name}.log`),
  };
}

/** Stops a server a crashed run left on this layout and removes its data; returns what it cleaned. */
export async function cleanScratch(layout: ScratchLayout): Promise<{ stoppedPid?: number; removedData: boolean }> {
  const pid = pidFromFile(layout.pidFile);
  if (pid) await stopProcess(pid, 30_000);
  removeFile(layout.pidFile);
  const removedData = existsSync(layout.dataDir);
  rmSync(layout.dataDir, { recursive: true, force: true });
  return { stoppedPid: pid, removedData };
}

/**
 * Starts mariadbd on a prepared data directory. `skipGrants` (validation) needs no users in the copy; a recovered
 * server keeps the restored grants. Waits until it answers, at most `timeoutMs`.
 */
export async function startScratchServer(config: AppConfig, layout: ScratchLayout, port: number, opts: { skipGrants: boolean; bufferPoolMb?: number; timeoutMs?: number }): Promise<ScratchServer> {
  if (await isPortOpen('127.0.0.1', port)) throw new Error(`port ${port} is already in use; a scratch server needs it free (SNAPSHOT_SCRATCH_PORT)`);
  const ctx = createContext({ ...config, MARIADB_BUFFER_POOL_MB: opts.bufferPoolMb ?? 256, MARIADB_REDO_LOG_MB: 96 }, { progress: silentProgress });
  const mariadbd = await findOrInstallMariadbd(ctx);
  const files: MariadbFiles = {
    dir: layout.dataDir,
    dataDir: layout.dataDir,
    socket: join(layout.dataDir, 'mysqld.sock'),
    serverPidFile: join(layout.dataDir, 'mariadbd.pid'),
    initializedMarker: join(layout.dataDir, '.initialized-by-stack'),
    logFile: layout.logFile,
    slowLogFile: join(layout.dataDir, 'slow.log'),
    pidFile: layout.pidFile,
  };
  const pid = await launchMariadbd(ctx, files, mariadbd, port, opts.skipGrants ? ['--skip-grant-tables'] : []);
  const server: ScratchServer = {
    port,
    pid,
    dataDir: layout.dataDir,
    async stop({ removeData = true } = {}) {
      await stopProcess(pid, 60_000);
      removeFile(layout.pidFile);
      if (removeData) rmSync(layout.dataDir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    try {
      const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 2000 });
      await conn.end();
      return server;
    } catch {
      if (Date.now() > deadline) {
        await server.stop({ removeData: false });
        throw new Error(`scratch MariaDB on port ${port} did not answer within ${(opts.timeoutMs ?? 120_000) / 1000}s; ${logTail(layout.logFile)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
