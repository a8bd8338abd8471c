// What every stack part is handed: the validated config, where its files live under the data dir, its options, and a progress reporter.
import { isAbsolute, join, resolve } from 'node:path';
import type { AppConfig } from '../config/env';

/** The repository root: relative DATA_DIR values and the Python venv are resolved against it. */
const REPO_ROOT = resolve(__dirname, '..');

export interface StackPaths {
  repoRoot: string;
  dataDir: string;
  /** `<data>/run`: one `<name>.pid` per process the stack (or another tool) started; `stack:down` stops them all. */
  runDir: string;
  logsDir: string;
  venvDir: string;
}

export function stackPaths(config: AppConfig, repoRoot = REPO_ROOT): StackPaths {
  const dataDir = isAbsolute(config.DATA_DIR) ? config.DATA_DIR : resolve(repoRoot, config.DATA_DIR);
  return { repoRoot, dataDir, runDir: join(dataDir, 'run'), logsDir: join(dataDir, 'logs'), venvDir: join(repoRoot, '.venv') };
}

/** A progress line: a fixed message about one part plus optional data, e.g. ('temporal', 'ready', { seconds: 2.3 }). */
export type Progress = (part: string, message: string, data?: Record<string, unknown>) => void;

export interface StackOptions {
  /** How long each part may take to answer after it is started (default 60 s). */
  timeoutMs?: number;
  /** Whether missing binaries may be installed with apt-get / pip (default true). */
  allowInstall?: boolean;
  /** Use this mariadbd instead of looking in /usr/sbin and PATH. */
  mariadbdPath?: string;
  /** Use this redis-server instead of looking on PATH. */
  redisServerPath?: string;
  progress?: Progress;
  repoRoot?: string;
  /** Also start Prometheus (`--with-metrics`); STACK_METRICS=true does the same. */
  withMetrics?: boolean;
}

export interface StackContext {
  config: AppConfig;
  paths: StackPaths;
  timeoutMs: number;
  allowInstall: boolean;
  mariadbdPath?: string;
  redisServerPath?: string;
  progress: Progress;
  withMetrics: boolean;
}

export function createContext(config: AppConfig, options: StackOptions = {}): StackContext {
  return {
    config,
    paths: stackPaths(config, options.repoRoot),
    timeoutMs: options.timeoutMs ?? 60_000,
    allowInstall: options.allowInstall ?? true,
    mariadbdPath: options.mariadbdPath,
    redisServerPath: options.redisServerPath,
    progress: options.progress ?? consoleProgress,
    withMetrics: options.withMetrics ?? config.STACK_METRICS,
  };
}

/** Prints `part: message key=value ...` to stdout. */
const consoleProgress: Progress = (part, message, data) => {
  const fields = Object.entries(data ?? {}).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  console.log([`${part}: ${message}`, ...fields].join(' '));
};

export const silentProgress: Progress = () => undefined;

/** A path shown to people: relative to the repo root when inside it. */
export function displayPath(paths: StackPaths, file: string): string {
  return file.startsWith(paths.repoRoot + '/') ? file.slice(paths.repoRoot.length + 1) : file;
}
