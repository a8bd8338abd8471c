// Makes MariaDB answer at DATABASE_URL (reusing a running server or starting a private one) with the database, LOCAL INFILE and slow log on.
import mysql, { type Connection, type RowDataPacket } from 'mysql2/promise';
import { redactUrl } from '../config/env';
import type { StackContext } from './context';
import { type MariadbTarget, ensureUrlUser, findOrInstallMariadbd, initializeDataDir, launchMariadbd, mariadbFiles, socketAnswers, startupLogHint } from './mariadb-server';
import { type PartStatus, type PartUp, type StackPart, StackPartError, errorMessage, isLoopbackHost, secondsSince } from './part';
import { pidFromFile, removeFile } from './pid-files';
import { ensureBackupTools } from './backup-tools';
import { isPortOpen, waitFor } from './processes';

const PART = 'mariadb';
const LABEL = 'MariaDB';
const NOT_ANSWERING = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNRESET', 'PROTOCOL_CONNECTION_LOST', 'EADDRNOTAVAIL']);

function mariadbTarget(ctx: StackContext): MariadbTarget {
  const url = new URL(ctx.config.DATABASE_URL);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    display: redactUrl(ctx.config.DATABASE_URL),
    bufferPoolMb: ctx.config.MARIADB_BUFFER_POOL_MB,
    redoLogMb: ctx.config.MARIADB_REDO_LOG_MB,
  };
}

type Probe = { kind: 'ok' } | { kind: 'down'; reason: string } | { kind: 'rejected'; reason: string };

async function probe(t: MariadbTarget): Promise<Probe> {
  try {
    const conn = await mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password, connectTimeout: 2000 });
    await conn.end();
    return { kind: 'ok' };
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? '');
    return NOT_ANSWERING.has(code) || !code ? { kind: 'down', reason: errorMessage(err) } : { kind: 'rejected', reason: errorMessage(err) };
  }
}

async function up(ctx: StackContext): Promise<PartUp> {
  const started = Date.now();
  const t = mariadbTarget(ctx);
  const files = mariadbFiles(ctx);
  let pid = pidFromFile(files.pidFile);
  let action: PartUp['action'] = pid ? 'running' : 'reused';
  let state = await probe(t);

  if (!pid && state.kind === 'rejected') {
    throw new StackPartError(PART, `MariaDB at ${t.host}:${t.port} answers but rejects user ${JSON.stringify(t.user)} from DATABASE_URL: ${state.reason}`);
  }
  if (!pid && state.kind === 'down') {
    removeFile(files.pidFile);
    if (!isLoopbackHost(t.host)) throw new StackPartError(PART, `MariaDB at ${t.host}:${t.port} does not answer and is not on this machine, so it cannot be started here`);
    if (await isPortOpen(t.host, t.port)) {
      throw new StackPartError(PART, `MariaDB could not be started: port ${t.port} (from DATABASE_URL) is in use by something that does not answer as MariaDB (${state.reason})`);
    }
    const mariadbd = await findOrInstallMariadbd(ctx);
    state = await probe(t); // installing mariadb-server may have started Debian's own service
    if (state.kind === 'down') {
      await initializeDataDir(ctx, files, mariadbd);
      pid = await launchMariadbd(ctx, files, mariadbd, t.port);
      action = 'started';
    } else {
      action = 'reused';
    }
  }
  if (pid && state.kind !== 'ok') {
    const livePid = pid;
    const answered = await waitFor(async () => ((await socketAnswers(files)) ? true : undefined), {
      timeoutMs: ctx.timeoutMs,
      pid: livePid,
      onExit: () => new StackPartError(PART, `MariaDB exited during start-up; ${startupLogHint(ctx, files)}`),
    });
    if (!answered) throw new StackPartError(PART, `MariaDB at 127.0.0.1:${t.port} did not answer within ${ctx.timeoutMs / 1000}s; ${startupLogHint(ctx, files)}`);
    await ensureUrlUser(files, t);
    state = await probe(t);
  }
  if (state.kind !== 'ok') {
    const hint = pid ? `; it was started by the stack (pid ${pid}) with other settings: run \`npm run stack:down\` and retry` : '';
    throw new StackPartError(PART, `MariaDB at ${t.host}:${t.port} does not accept DATABASE_URL's user: ${state.reason}${hint}`);
  }
  const warnings = await ensureProjectSettings(t);
  // Local snapshots back this server up physically: mariadb-backup must be on the machine that runs it.
  if (isLoopbackHost(t.host)) {
    await ensureBackupTools(ctx).catch((err: unknown) => warnings.push(`local snapshots need mariadb-backup: ${errorMessage(err)}`));
  }
  for (const warning of warnings) ctx.progress(PART, 'warning', { warning });
  ctx.progress(PART, action === 'started' ? 'ready' : action === 'running' ? 'already running' : 'reusing server', { seconds: secondsSince(started), url: t.display });
  return { ...(await status(ctx)), action, summary: [['MariaDB', t.display]], warnings };
}

/** The database exists (utf8mb4); LOCAL INFILE and the slow query log (1 s) are on where we have the privilege. */
async function ensureProjectSettings(t: MariadbTarget): Promise<string[]> {
  const warnings: string[] = [];
  const conn = await mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password, connectTimeout: 5000 });
  try {
    if (t.database) {
      await conn.query('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [t.database]).catch((err: unknown) => {
        throw new StackPartError(PART, `MariaDB answers at ${t.host}:${t.port} but database ${t.database} could not be created: ${errorMessage(err)}`, { cause: err });
      });
    }
    const settings = await readSettings(conn);
    if (!settings.localInfile) {
      await conn.query('SET GLOBAL local_infile = 1').catch((err: unknown) => warnings.push(`local_infile is OFF and could not be turned on: ${errorMessage(err)}`));
    }
    if (!settings.slowLog) {
      await conn.query('SET GLOBAL slow_query_log = 1, GLOBAL long_query_time = 1')
        .catch((err: unknown) => warnings.push(`the slow query log is off and could not be turned on: ${errorMessage(err)}`));
    }
    // Bulk-load sizing: grow (never shrink) the buffer pool and redo log; both are dynamic on MariaDB 10.11.
    const wantPool = t.bufferPoolMb * 1024 * 1024;
    const wantRedo = t.redoLogMb * 1024 * 1024;
    if (settings.bufferPool < wantPool) {
      await conn.query('SET GLOBAL innodb_buffer_pool_size = ?', [wantPool])
        .catch((err: unknown) => warnings.push(`innodb_buffer_pool_size could not be raised to ${t.bufferPoolMb} MB: ${errorMessage(err)}`));
    }
    if (settings.redoLog < wantRedo) {
      await conn.query('SET GLOBAL innodb_log_file_size = ?', [wantRedo])
        .catch((err: unknown) => warnings.push(`innodb_log_file_size could not be raised to ${t.redoLogMb} MB: ${errorMessage(err)}`));
    }
  } finally {
    await conn.end();
  }
  return warnings;
}

async function readSettings(conn: Connection): Promise<{ localInfile: boolean; slowLog: boolean; bufferPool: number; redoLog: number }> {
  const [rows] = await conn.query<RowDataPacket[]>(
    'SELECT @@GLOBAL.local_infile AS li, @@GLOBAL.slow_query_log AS sl, @@GLOBAL.long_query_time AS lqt, @@GLOBAL.innodb_buffer_pool_size AS bp, @@GLOBAL.innodb_log_file_size AS rl',
  );
  const row = rows[0];
  return { localInfile: Number(row?.li) === 1, slowLog: Number(row?.sl) === 1 && Number(row?.lqt) <= 1, bufferPool: Number(row?.bp), redoLog: Number(row?.rl) };
}

async function status(ctx: StackContext): Promise<PartStatus> {
  const t = mariadbTarget(ctx);
  const pid = pidFromFile(mariadbFiles(ctx).pidFile);
  const owner = pid ? `started by the stack (pid ${pid})` : 'not started by the stack';
  const base = { part: PART, label: LABEL, url: t.display, pid } as const;
  const state = await probe(t);
  if (state.kind !== 'ok') return { ...base, up: false, detail: `${state.kind === 'down' ? 'not answering' : 'rejects the user'}: ${state.reason}; ${owner}` };
  const conn = await mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password, connectTimeout: 2000 });
  try {
    const [dbs] = await conn.query<RowDataPacket[]>('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [t.database]);
    const hasDb = !t.database || dbs.length > 0;
    const s = await readSettings(conn);
    const facts = [hasDb ? `database ${t.database}` : `database ${t.database} missing`, `local_infile ${s.localInfile ? 'ON' : 'OFF'}`, `slow log ${s.slowLog ? 'ON' : 'OFF'}`, owner];
    return { ...base, up: hasDb, detail: facts.join(', ') };
  } finally {
    await conn.end();
  }
}

export const mariadbPart: StackPart = { name: PART, label: LABEL, up, status };
