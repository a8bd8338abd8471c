// The one-command local stack as functions: stackUp / stackStatus / stackDown over the four parts, callable from the CLI and from tests.
import { mkdirSync } from 'node:fs';
import type { AppConfig } from '../config/env';
import { type StackContext, type StackOptions, createContext } from './context';
import { mariadbPart } from './mariadb';
import { type PartStatus, type PartUp, type StackPart, type SummaryLine, StackPartError, StackUpError, errorMessage } from './part';
import { type StopOutcome, listPidFiles, pidFromFile, removeFile, stopProcess } from './pid-files';
import { redisPart } from './redis';
import { s3Part } from './s3';
import { prometheusFiles, prometheusPart } from './prometheus';
import { temporalPart } from './temporal';

/** In summary order: the Temporal UI is what people open first. */
const STACK_PARTS: readonly StackPart[] = [temporalPart, mariadbPart, redisPart, s3Part];

/** The parts this run manages: Prometheus only when metrics were asked for, or when the stack started it earlier. */
function stackParts(ctx: StackContext): readonly StackPart[] {
  const withPrometheus = ctx.withMetrics || pidFromFile(prometheusFiles(ctx).pidFile) !== undefined;
  return withPrometheus ? [...STACK_PARTS, prometheusPart] : STACK_PARTS;
}

/** Pid-file names of the servers the stack itself starts; any other pid file (a worker, ...) is stopped before them. */
const SERVER_PID_NAMES = new Set(['temporal', 'mariadb', 'redis', 'seaweedfs', 'prometheus']);

export interface StackUpResult {
  parts: PartUp[];
  dataDir: string;
  /** Label/value lines to print, Temporal UI first. */
  summary: SummaryLine[];
  warnings: string[];
}

/** Starts (or reuses) every part in parallel and health-checks it. Throws StackUpError naming each part that failed. */
export async function stackUp(config: AppConfig, options: StackOptions = {}): Promise<StackUpResult> {
  const ctx = createContext(config, options);
  for (const dir of [ctx.paths.dataDir, ctx.paths.runDir, ctx.paths.logsDir]) mkdirSync(dir, { recursive: true });
  const partsToStart = stackParts(ctx);
  const settled = await Promise.allSettled(partsToStart.map((part) => part.up(ctx)));
  const failures: StackPartError[] = [];
  const parts: PartUp[] = [];
  settled.forEach((outcome, i) => {
    const part = partsToStart[i]!;
    if (outcome.status === 'fulfilled') parts.push(outcome.value);
    else if (outcome.reason instanceof StackPartError) failures.push(outcome.reason);
    else failures.push(new StackPartError(part.name, `${part.label} could not be started: ${errorMessage(outcome.reason)}`, { cause: outcome.reason }));
  });
  if (failures.length) throw new StackUpError(failures);
  const annotate = (p: PartUp): SummaryLine[] => p.summary.map(([label, value], i) => [label, i === 0 && p.action === 'reused' ? `${value}  (reused: not started by the stack)` : value]);
  const summary: SummaryLine[] = [...parts.flatMap(annotate), ['Data dir', ctx.paths.dataDir]];
  return { parts, dataDir: ctx.paths.dataDir, summary, warnings: parts.flatMap((p) => p.warnings.map((w) => `${p.label}: ${w}`)) };
}

export interface OtherProcess {
  name: string;
  pid: number;
}

export interface StackStatusResult {
  parts: PartStatus[];
  allUp: boolean;
  dataDir: string;
  /** Live processes with a pid file in the run dir that are not stack servers (e.g. `worker`). */
  others: OtherProcess[];
}

export async function stackStatus(config: AppConfig, options: StackOptions = {}): Promise<StackStatusResult> {
  const ctx = createContext(config, options);
  const parts = await Promise.all(stackParts(ctx).map((part) => part.status(ctx).catch((err: unknown): PartStatus => (
    { part: part.name, label: part.label, up: false, url: '', detail: `status check failed: ${errorMessage(err)}` }
  ))));
  const others = listPidFiles(ctx.paths.runDir)
    .filter((f) => !SERVER_PID_NAMES.has(f.name))
    .flatMap((f) => {
      const pid = pidFromFile(f.file);
      return pid ? [{ name: f.name, pid }] : [];
    });
  return { parts, allUp: parts.every((p) => p.up), dataDir: ctx.paths.dataDir, others };
}

export interface StoppedProcess {
  name: string;
  pid?: number;
  outcome: StopOutcome | 'stale pid file';
}

/**
 * Stops every process with a pid file in `<data>/run` (other tools' first, then the servers): SIGTERM, up to 15 s, then SIGKILL,
 * and removes the pid files. Servers the stack reused have no pid file and are left alone. Idempotent.
 */
export async function stackDown(config: AppConfig, options: StackOptions & { graceMs?: number } = {}): Promise<StoppedProcess[]> {
  const ctx = createContext(config, options);
  const files = listPidFiles(ctx.paths.runDir);
  const stopAll = (batch: typeof files) => Promise.all(batch.map(async ({ name, file }): Promise<StoppedProcess> => {
    const pid = pidFromFile(file);
    if (!pid) {
      removeFile(file);
      ctx.progress(name, 'not running; removed stale pid file');
      return { name, outcome: 'stale pid file' };
    }
    ctx.progress(name, 'stopping', { pid });
    const outcome = await stopProcess(pid, options.graceMs ?? 15_000);
    removeFile(file);
    ctx.progress(name, outcome, { pid });
    return { name, pid, outcome };
  }));
  const others = await stopAll(files.filter((f) => !SERVER_PID_NAMES.has(f.name)));
  const servers = await stopAll(files.filter((f) => SERVER_PID_NAMES.has(f.name)));
  return [...others, ...servers];
}
