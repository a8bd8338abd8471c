// Starts detached servers with their logs, runs install commands, finds binaries and waits on ports, so each part only says what to run.
import { spawn, execFile } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, accessSync, constants as fsConstants } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { isAlive, writePidFile } from './pid-files';

export interface DetachedProcess {
  pid: number;
  logFile: string;
}

/** Spawns `command` in its own process group with stdout/stderr appended to `logFile`; writes `pidFile` when given. */
export async function spawnDetached(command: string, args: string[], opts: { logFile: string; pidFile?: string; cwd?: string }): Promise<DetachedProcess> {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const fd = openSync(opts.logFile, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], cwd: opts.cwd });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve(child.pid!));
    });
    child.unref();
    if (opts.pidFile) writePidFile(opts.pidFile, pid);
    return { pid, logFile: opts.logFile };
  } finally {
    closeSync(fd);
  }
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and returns its exit code and output (never throws for a non-zero exit). */
export function runCommand(command: string, args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: opts.timeoutMs ?? 600_000, env: opts.env ?? process.env, cwd: opts.cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : 1) : 0;
      const extra = err && !stderr ? (err as Error).message : '';
      resolve({ code, stdout: String(stdout), stderr: String(stderr) + extra });
    });
  });
}

/** The last `lines` non-empty lines of a text, for error messages. */
export function tail(text: string, lines = 8): string {
  return text.trim().split('\n').filter((l) => l.trim() !== '').slice(-lines).join('\n');
}

/** The last lines of a log file, or '' when it does not exist. */
export function logTail(file: string, lines = 8): string {
  try {
    const text = readFileSync(file, 'utf8');
    return tail(text.slice(-8192), lines);
  } catch {
    return '';
  }
}

/** Finds an executable by name on PATH (or checks an absolute path); undefined when absent. */
export function findExecutable(name: string, extraDirs: string[] = []): string | undefined {
  const candidates = name.includes('/') ? [name] : [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, fsConstants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function isPortOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns a value other than undefined, or the deadline passes (returns undefined).
 * When `pid` is given and that process dies, stops early and throws `onExit()`.
 */
export async function waitFor<T>(check: () => Promise<T | undefined>, opts: { timeoutMs: number; intervalMs?: number; pid?: number; onExit?: () => Error }): Promise<T | undefined> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (opts.pid !== undefined && !isAlive(opts.pid)) throw opts.onExit ? opts.onExit() : new Error(`process ${opts.pid} exited`);
    if (Date.now() >= deadline) return undefined;
    await sleep(opts.intervalMs ?? 250);
  }
}
