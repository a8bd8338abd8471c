// The worker's logs at LOG_LEVEL: its own JSON lines and, through the Temporal Runtime's logger, the SDK's and its activities'.
import { DefaultLogger, Runtime, type LogEntry, type LogLevel, type RuntimeOptions } from '@temporalio/worker';
import type { AppConfig } from '../config/env';

export type AppLogLevel = AppConfig['LOG_LEVEL'];
type LineLevel = AppLogLevel | 'trace';

const SEVERITY: Record<LineLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

/** Where a finished line goes: warnings and errors to stderr, the rest to stdout. */
export type LineSink = (line: string, level: LineLevel) => void;

const stdSink: LineSink = (line, level) => (SEVERITY[level] >= SEVERITY.warn ? process.stderr : process.stdout).write(`${line}\n`);

/** One JSON object: time, level, the fixed message, then the data; errors by message, bigints as strings. */
function jsonLine(level: LineLevel, msg: string, data: Record<string, unknown> | undefined, time: Date): string {
  return JSON.stringify({ time: time.toISOString(), level, msg, ...data }, (_key, value: unknown) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Error) return { name: value.name, message: value.message };
    return value;
  });
}

export interface JsonLog {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  /**
   * Written whatever LOG_LEVEL says: lines other processes wait for ("worker started": starters/worker-daemon.sh,
   * the bench and the tests read it to know the worker is polling).
   */
  always(msg: string, data?: Record<string, unknown>): void;
}

/** The process's own log lines, dropping those below `level`. */
export function createJsonLog(level: AppLogLevel, sink: LineSink = stdSink): JsonLog {
  const at = (lineLevel: AppLogLevel) => (msg: string, data?: Record<string, unknown>) => {
    if (SEVERITY[lineLevel] >= SEVERITY[level]) sink(jsonLine(lineLevel, msg, data, new Date()), lineLevel);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), always: (msg, data) => sink(jsonLine('info', msg, data, new Date()), 'info') };
}

/** A Temporal logger at `level` writing the same JSON lines (activity context, workflow ids and the like as data). */
export function runtimeLogger(level: AppLogLevel, sink: LineSink = stdSink): DefaultLogger {
  return new DefaultLogger(level.toUpperCase() as LogLevel, (entry: LogEntry) => {
    const lineLevel = entry.level.toLowerCase() as LineLevel;
    sink(jsonLine(lineLevel, entry.message, entry.meta, new Date(Number(entry.timestampNanos / 1_000_000n))), lineLevel);
  });
}

/** Installs the Temporal Runtime with the LOG_LEVEL logger; must run before anything creates the runtime (a connection, a worker). */
export function installRuntimeLogger(level: AppLogLevel, options: Omit<RuntimeOptions, 'logger'> = {}, sink: LineSink = stdSink): void {
  Runtime.install({ ...options, logger: runtimeLogger(level, sink) });
}
