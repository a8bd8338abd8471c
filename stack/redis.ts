// Makes Redis answer PING at REDIS_URL: reuses a running server or starts a private, non-persistent one under the data dir.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { redactUrl } from '../config/env';
import { AptInstallError, aptInstall } from './apt-install';
import { type StackContext, displayPath } from './context';
import { type PartStatus, type PartUp, type StackPart, StackPartError, errorMessage, isLoopbackHost, secondsSince } from './part';
import { pidFromFile, recordStartTicks, removeFile } from './pid-files';
import { findExecutable, isPortOpen, logTail, runCommand, tail, waitFor } from './processes';

const PART = 'redis';
const LABEL = 'Redis';

interface RedisTarget {
  host: string;
  port: number;
  username: string;
  password: string;
  display: string;
}

function redisTarget(ctx: StackContext): RedisTarget {
  const url = new URL(ctx.config.REDIS_URL);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 6379,
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    display: redactUrl(ctx.config.REDIS_URL),
  };
}

type Probe = { kind: 'ok' } | { kind: 'down'; reason: string } | { kind: 'rejected'; reason: string };

async function probe(t: RedisTarget): Promise<Probe> {
  if (!(await isPortOpen(t.host, t.port))) return { kind: 'down', reason: `nothing listens on ${t.host}:${t.port}` };
  const client = new Redis({
    host: t.host, port: t.port, username: t.username || undefined, password: t.password || undefined,
    lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const pong = await client.ping();
    return pong === 'PONG' ? { kind: 'ok' } : { kind: 'rejected', reason: `PING answered ${pong}` };
  } catch (err) {
    const message = errorMessage(err);
    return /NOAUTH|WRONGPASS|NOPERM|invalid password|AUTH/i.test(message) ? { kind: 'rejected', reason: message } : { kind: 'down', reason: message };
  } finally {
    client.disconnect();
  }
}

async function findOrInstallRedisServer(ctx: StackContext): Promise<string> {
  if (ctx.redisServerPath) {
    const explicit = findExecutable(ctx.redisServerPath);
    if (!explicit) throw new StackPartError(PART, `Redis could not be started: redis-server not found at ${ctx.redisServerPath}`);
    return explicit;
  }
  const found = findExecutable('redis-server', ['/usr/bin', '/usr/sbin']);
  if (found) return found;
  if (!ctx.allowInstall) throw new StackPartError(PART, 'Redis could not be started: redis-server not found on PATH and installing is disabled');
  try {
    await aptInstall(ctx, PART, 'redis-server');
  } catch (err) {
    throw new StackPartError(PART, `Redis could not be started: redis-server not found and ${err instanceof AptInstallError ? err.message : String(err)}`, { cause: err });
  }
  const installed = findExecutable('redis-server', ['/usr/bin', '/usr/sbin']);
  if (!installed) throw new StackPartError(PART, 'Redis could not be started: apt-get installed redis-server but redis-server is still not found');
  return installed;
}

/** redis-server daemonizes itself and writes `<data>/run/redis.pid`; credentials go in a mode-600 config file, not on the command line. */
async function launch(ctx: StackContext, t: RedisTarget, binary: string): Promise<void> {
  const dir = join(ctx.paths.dataDir, 'redis');
  const logFile = join(ctx.paths.logsDir, 'redis.log');
  mkdirSync(dir, { recursive: true });
  mkdirSync(ctx.paths.logsDir, { recursive: true });
  mkdirSync(ctx.paths.runDir, { recursive: true });
  const args: string[] = [];
  if (t.password) {
    const conf = join(dir, 'auth.conf');
    const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    const auth = t.username && t.username !== 'default'
      ? `user default off\nuser ${quote(t.username)} on ${quote(`>${t.password}`)} ~* &* +@all\n`
      : `requirepass ${quote(t.password)}\n`;
    writeFileSync(conf, auth, { mode: 0o600 });
    chmodSync(conf, 0o600);
    args.push(conf);
  }
  args.push('--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(t.port), '--save', '', '--appendonly', 'no',
    '--dir', dir, '--logfile', logFile, '--pidfile', join(ctx.paths.runDir, 'redis.pid'));
  ctx.progress(PART, 'starting', { port: t.port, log: displayPath(ctx.paths, logFile) });
  const result = await runCommand(binary, args, { timeoutMs: 30_000 });
  if (result.code !== 0) {
    throw new StackPartError(PART, `Redis could not be started: redis-server exited with ${result.code}: ${tail(result.stderr || result.stdout || logTail(logFile))}`);
  }
}

async function up(ctx: StackContext): Promise<PartUp> {
  const started = Date.now();
  const t = redisTarget(ctx);
  const pidFile = join(ctx.paths.runDir, 'redis.pid');
  const logFile = join(ctx.paths.logsDir, 'redis.log');
  const pid = pidFromFile(pidFile);
  let action: PartUp['action'] = pid ? 'running' : 'reused';
  let state = await probe(t);
  if (state.kind === 'rejected') {
    const hint = pid ? `; it was started by the stack (pid ${pid}) with other credentials: run \`npm run stack:down\` and retry` : '';
    throw new StackPartError(PART, `Redis at ${t.host}:${t.port} answers but rejects REDIS_URL's credentials: ${state.reason}${hint}`);
  }
  if (state.kind === 'down' && !pid) {
    removeFile(pidFile);
    if (!isLoopbackHost(t.host)) throw new StackPartError(PART, `Redis at ${t.host}:${t.port} does not answer and is not on this machine, so it cannot be started here`);
    if (await isPortOpen(t.host, t.port)) throw new StackPartError(PART, `Redis could not be started: port ${t.port} (from REDIS_URL) is in use by something that does not answer PING (${state.reason})`);
    const binary = await findOrInstallRedisServer(ctx);
    state = await probe(t); // installing redis-server may have started Debian's own service
    if (state.kind === 'down') {
      await launch(ctx, t, binary);
      action = 'started';
    }
  }
  if (state.kind !== 'ok') {
    const ready = await waitFor(async () => ((await probe(t)).kind === 'ok' ? true : undefined), { timeoutMs: ctx.timeoutMs });
    if (!ready) throw new StackPartError(PART, `Redis at ${t.host}:${t.port} did not answer within ${ctx.timeoutMs / 1000}s; see ${displayPath(ctx.paths, logFile)}:\n${logTail(logFile)}`);
  }
  // redis-server wrote its pid alone; the start ticks make the file trustworthy across wall-clock steps.
  if (action === 'started') recordStartTicks(pidFile);
  ctx.progress(PART, action === 'started' ? 'ready' : action === 'running' ? 'already running' : 'reusing server', { seconds: secondsSince(started), url: t.display });
  return { ...(await status(ctx)), action, summary: [['Redis', t.display]], warnings: [] };
}

async function status(ctx: StackContext): Promise<PartStatus> {
  const t = redisTarget(ctx);
  const pid = pidFromFile(join(ctx.paths.runDir, 'redis.pid'));
  const state = await probe(t);
  const owner = pid ? `started by the stack (pid ${pid})` : 'not started by the stack';
  const facts = [state.kind === 'ok' ? 'PING ok' : `${state.kind === 'down' ? 'not answering' : 'rejects the credentials'}: ${state.reason}`, owner];
  return { part: PART, label: LABEL, up: state.kind === 'ok', url: t.display, detail: facts.join(', '), pid };
}

export const redisPart: StackPart = { name: PART, label: LABEL, up, status };
