// health's replica check on a real replication pair: two private MariaDB servers (a primary with a binary log, a
// replica of it) on free loopback ports with small buffer pools, started and stopped by this test. A replica in step
// passes; one held back (MASTER_DELAY) fails naming its lag; one whose SQL thread stopped fails as not replicating.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { freePort } from '../../metrics/publish-metrics';
import { createContext, silentProgress } from '../../stack/context';
import { findOrInstallMariadbd, initializeDataDir, type MariadbFiles } from '../../stack/mariadb-server';
import { stopProcess } from '../../stack/pid-files';
import { spawnDetached } from '../../stack/processes';
import { CHECKS, replicaLagSeconds, type CheckResult, type HealthDeps } from '../../starters/health/health-checks';
import { baseConfig } from '../support/services';
import { waitFor } from '../support/wait';

interface Server {
  port: number;
  pid: number;
  conn(): Promise<mysql.Connection>;
}

let root: string;
const servers: Server[] = [];

async function startServer(name: string, serverId: number): Promise<Server> {
  const dir = path.join(root, name);
  const ctx = createContext({ ...baseConfig, DATA_DIR: dir }, { progress: silentProgress });
  const files: MariadbFiles = {
    dir, dataDir: path.join(dir, 'data'), socket: path.join(dir, 'mysqld.sock'), serverPidFile: path.join(dir, 'mariadbd.pid'),
    initializedMarker: path.join(dir, 'data', '.initialized-by-stack'), logFile: path.join(dir, 'mariadb.log'), slowLogFile: path.join(dir, 'slow.log'), pidFile: path.join(dir, 'run.pid'),
  };
  mkdirSync(dir, { recursive: true });
  const mariadbd = await findOrInstallMariadbd(ctx);
  await initializeDataDir(ctx, files, mariadbd);
  const port = await freePort();
  const { pid } = await spawnDetached(mariadbd, [
    '--no-defaults', `--datadir=${files.dataDir}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${files.socket}`, `--pid-file=${files.serverPidFile}`,
    `--log-error=${files.logFile}`, '--innodb-buffer-pool-size=128M', '--skip-name-resolve', `--server-id=${serverId}`, `--log-bin=${path.join(dir, 'binlog')}`,
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
  ], { logFile: files.logFile, cwd: dir });
  const server: Server = { port, pid, conn: () => mysql.createConnection({ socketPath: files.socket, user: 'root' }) };
  servers.push(server);
  await waitFor(`private MariaDB ${name} on port ${port}`, async () => server.conn().then(async (c) => (await c.end(), true), () => false), { timeoutMs: 120_000, intervalMs: 500 });
  const c = await server.conn();
  await c.query("CREATE USER IF NOT EXISTS 'repl'@'127.0.0.1' IDENTIFIED BY 'repl'");
  await c.query("GRANT ALL PRIVILEGES ON *.* TO 'repl'@'127.0.0.1'");
  await c.end();
  return server;
}

/** health's replica check alone, against `url`, failing past 2 s of lag. */
async function replicaHealth(url: string): Promise<CheckResult> {
  const check = CHECKS.find((c) => c.name === 'replica')!;
  const result = await check.run({ config: { ...baseConfig, DATABASE_REPLICA_URL: url, REPLICA_MAX_LAG_SEC: 2 } } as HealthDeps);
  return Array.isArray(result) ? result[0]! : result;
}

before(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cc-replica-'));
});
after(async () => {
  for (const s of servers) await stopProcess(s.pid, 20_000);
  rmSync(root, { recursive: true, force: true });
});

test('replica lag: in step passes, held back fails naming the lag, stopped fails as not replicating', { timeout: 300_000 }, async () => {
  const [primary, replica] = await Promise.all([startServer('primary', 1), startServer('replica', 2)]);
  const r = await replica.conn();
  const p = await primary.conn();
  const remote = await mysql.createConnection({ host: '127.0.0.1', port: replica.port, user: 'repl', password: 'repl' });
  try {
    await r.query(`CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='repl', MASTER_PASSWORD='repl', MASTER_USE_GTID=no`);
    await r.query('START SLAVE');
    await p.query('CREATE DATABASE lagtest');
    await p.query('CREATE TABLE lagtest.t (id INT PRIMARY KEY)');
    await waitFor('the replica to apply the primary\'s table', async () => {
      // information_schema, not SHOW TABLES IN: until the replica applies CREATE DATABASE the schema does not exist there.
      const [rows] = await r.query<mysql.RowDataPacket[]>("SELECT 1 FROM information_schema.tables WHERE table_schema = 'lagtest' AND table_name = 't'");
      return rows.length === 1;
    }, { timeoutMs: 60_000, intervalMs: 300 });
    assert.equal(await replicaLagSeconds(remote), 0, 'in step');
    const url = `mysql://repl:repl@127.0.0.1:${replica.port}/lagtest`;
    const inStep = await replicaHealth(url);
    assert.equal(inStep.ok, true, inStep.detail);
    assert.match(inStep.detail, /, 0 s behind$/);

    // Held back: every event applied 30 s after the primary wrote it.
    await r.query('STOP SLAVE');
    await r.query('CHANGE MASTER TO MASTER_DELAY=30');
    await r.query('START SLAVE');
    await p.query('INSERT INTO lagtest.t VALUES (1)');
    const lag = await waitFor('the replica to report a lag', async () => {
      const s = await replicaLagSeconds(remote);
      return s !== null && s >= 3 ? s : false;
    }, { timeoutMs: 60_000, intervalMs: 500 });
    assert.ok(lag >= 3 && lag <= 60, `lag ${lag} s`);
    const behind = await replicaHealth(url);
    assert.equal(behind.ok, false);
    assert.match(behind.detail, /lags the writer by \d+ s \(more than REPLICA_MAX_LAG_SEC=2\)/);

    // The SQL thread stopped: no lag figure at all.
    await r.query('STOP SLAVE SQL_THREAD');
    assert.equal(await replicaLagSeconds(remote), null);
    assert.match((await replicaHealth(url)).detail, /is not replicating/);
    await assert.doesNotReject(r.query('STOP SLAVE'));
  } finally {
    await Promise.allSettled([r.end(), p.end(), remote.end()]);
  }
});
