// The stack's Prometheus (only with --with-metrics or STACK_METRICS=true): Debian's `prometheus` package, started
// on PROMETHEUS_URL's port with its data under the data dir, scraping every process registered for discovery.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { targetsDir } from '../metrics/publish-metrics';
import { AptInstallError, aptInstall } from './apt-install';
import { type StackContext, displayPath } from './context';
import { type PartStatus, type PartUp, type StackPart, StackPartError, errorMessage, isLoopbackHost, secondsSince, urlPort } from './part';
import { pidFromFile, removeFile } from './pid-files';
import { findExecutable, isPortOpen, logTail, spawnDetached, waitFor } from './processes';

const PART = 'prometheus';
const LABEL = 'Prometheus';

export function prometheusFiles(ctx: StackContext) {
  const dir = join(ctx.paths.dataDir, 'prometheus');
  return {
    dir,
    configFile: join(dir, 'prometheus.yml'),
    tsdbDir: join(dir, 'data'),
    targetsDir: targetsDir(ctx.config),
    pidFile: join(ctx.paths.runDir, 'prometheus.pid'),
    logFile: join(ctx.paths.logsDir, 'prometheus.log'),
  };
}

/** The scrape configuration: one job over the discovery directory, at PROMETHEUS_SCRAPE_INTERVAL_SEC. */
export function prometheusConfig(targets: string, intervalSec: number): string {
  return [
    '# Written by `npm run stack:up -- --with-metrics`; regenerated on every up.',
    'global:',
    `  scrape_interval: ${intervalSec}s`,
    `  scrape_timeout: ${Math.max(1, Math.min(10, intervalSec))}s`,
    `  evaluation_interval: ${intervalSec}s`,
    'scrape_configs:',
    '  - job_name: contacts',
    '    file_sd_configs:',
    `      - files: [${JSON.stringify(join(targets, '*.json'))}]`,
    '        refresh_interval: 5s',
    '',
  ].join('\n');
}

async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/-/ready', url), { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function findOrInstall(ctx: StackContext): Promise<string> {
  const found = findExecutable('prometheus', ['/usr/bin']);
  if (found) return found;
  if (!ctx.allowInstall) throw new StackPartError(PART, 'Prometheus could not be started: prometheus not found on PATH and installing is disabled');
  try {
    await aptInstall(ctx, PART, 'prometheus');
  } catch (err) {
    throw new StackPartError(PART, `Prometheus could not be started: ${err instanceof AptInstallError ? err.message : String(err)}`, { cause: err });
  }
  const installed = findExecutable('prometheus', ['/usr/bin']);
  if (!installed) throw new StackPartError(PART, 'Prometheus could not be started: apt-get installed prometheus but the binary is still not found');
  return installed;
}

async function up(ctx: StackContext): Promise<PartUp> {
  const started = Date.now();
  const url = new URL(ctx.config.PROMETHEUS_URL);
  const port = urlPort(url, 9090);
  const files = prometheusFiles(ctx);
  mkdirSync(files.targetsDir, { recursive: true });
  writeFileSync(files.configFile, prometheusConfig(files.targetsDir, ctx.config.PROMETHEUS_SCRAPE_INTERVAL_SEC));
  let pid = pidFromFile(files.pidFile);
  let action: PartUp['action'] = pid ? 'running' : 'reused';
  const warnings: string[] = [];
  if (pid && (await ready(ctx.config.PROMETHEUS_URL))) {
    // Ours, already running: pick up a changed scrape interval.
    await fetch(new URL('/-/reload', url), { method: 'POST', signal: AbortSignal.timeout(5000) }).catch((err: unknown) => warnings.push(`reload failed: ${errorMessage(err)}`));
  } else if (!pid && (await ready(ctx.config.PROMETHEUS_URL))) {
    warnings.push(`a Prometheus the stack did not start answers at ${ctx.config.PROMETHEUS_URL}; it scrapes this project only if it reads ${displayPath(ctx.paths, files.configFile)}`);
  } else if (!pid) {
    removeFile(files.pidFile);
    if (!isLoopbackHost(url.hostname)) throw new StackPartError(PART, `Prometheus at ${ctx.config.PROMETHEUS_URL} does not answer and is not on this machine, so it cannot be started here`);
    if (await isPortOpen('127.0.0.1', port)) throw new StackPartError(PART, `Prometheus could not be started: port ${port} (from PROMETHEUS_URL) is in use by something that is not Prometheus`);
    const binary = await findOrInstall(ctx);
    mkdirSync(files.tsdbDir, { recursive: true });
    const args = [`--config.file=${files.configFile}`, `--storage.tsdb.path=${files.tsdbDir}`, `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=15d', '--web.enable-lifecycle'];
    ctx.progress(PART, 'starting', { url: ctx.config.PROMETHEUS_URL, log: displayPath(ctx.paths, files.logFile) });
    pid = (await spawnDetached(binary, args, { logFile: files.logFile, pidFile: files.pidFile, cwd: files.dir })).pid;
    action = 'started';
  }
  if (pid) {
    const onExit = () => new StackPartError(PART, `Prometheus exited during start-up; see ${displayPath(ctx.paths, files.logFile)}:\n${logTail(files.logFile)}`);
    const ok = await waitFor(async () => ((await ready(ctx.config.PROMETHEUS_URL)) ? true : undefined), { timeoutMs: ctx.timeoutMs, pid, onExit });
    if (!ok) throw new StackPartError(PART, `Prometheus at ${ctx.config.PROMETHEUS_URL} did not answer within ${ctx.timeoutMs / 1000}s; see ${displayPath(ctx.paths, files.logFile)}`);
  }
  ctx.progress(PART, action === 'started' ? 'ready' : action === 'running' ? 'already running' : 'reusing server', { seconds: secondsSince(started), url: ctx.config.PROMETHEUS_URL });
  return { ...(await status(ctx)), action, summary: [['Prometheus', `${ctx.config.PROMETHEUS_URL} (targets: ${displayPath(ctx.paths, files.targetsDir)})`]], warnings };
}

async function status(ctx: StackContext): Promise<PartStatus> {
  const files = prometheusFiles(ctx);
  const pid = pidFromFile(files.pidFile);
  const up = await ready(ctx.config.PROMETHEUS_URL);
  const owner = pid ? `started by the stack (pid ${pid})` : 'not started by the stack';
  return { part: PART, label: LABEL, up, url: ctx.config.PROMETHEUS_URL, detail: `${up ? 'ready' : 'not answering'}, ${owner}`, pid };
}

export const prometheusPart: StackPart = { name: PART, label: LABEL, up, status };
