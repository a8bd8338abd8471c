// Pid files under <DATA_DIR>/run: writing them, trusting them only while they name the process that wrote them, and stopping that process.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Writes `<pid> <start ticks>`: the process's start time in clock ticks since boot (/proc/<pid>/stat field 22), which
 * identifies it for as long as it lives whatever the wall clock does. A program that writes its own pid file
 * (redis-server) writes the pid alone; `recordStartTicks` adds the ticks afterwards.
 */
export function writePidFile(file: string, pid: number): void {
  mkdirSync(dirname(file), { recursive: true });
  const ticks = procStat(pid)?.startTicks;
  writeFileSync(file, ticks === undefined ? `${pid}\n` : `${pid} ${ticks}\n`);
}

/** Rewrites a pid-only file (written by the program itself) as `<pid> <start ticks>` while that process is alive. */
export function recordStartTicks(file: string): void {
  const recorded = readPidFile(file);
  if (recorded && recorded.startTicks === undefined && isAlive(recorded.pid)) writePidFile(file, recorded.pid);
}

function readPidFile(file: string): { pid: number; startTicks?: number; writtenAt: number } | undefined {
  try {
    const [pid, ticks] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
    if (!Number.isInteger(pid)) return undefined;
    return { pid: pid!, startTicks: Number.isInteger(ticks) ? ticks : undefined, writtenAt: statSync(file).mtimeMs };
  } catch {
    return undefined;
  }
}

/** True when the process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = procStat(pid);
  return stat?.state !== 'Z';
}

function procStat(pid: number): { state: string; startTicks: number } | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, startTicks: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

function bootTimeMs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith('btime '));
    return line ? Number(line.split(' ')[1]) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The live process a pid file names, or undefined when the file is missing, unreadable, the process is gone,
 * or the pid was reused by another process (Linux only; elsewhere trusted). With recorded start ticks the process
 * must have exactly those; a pid-only file falls back to comparing the process's start with the file's mtime, which
 * a step of the wall clock between the two can fool (hence the ticks).
 */
export function pidFromFile(file: string): number | undefined {
  const recorded = readPidFile(file);
  if (!recorded) return undefined;
  const { pid, startTicks, writtenAt } = recorded;
  if (pid <= 1 || !isAlive(pid)) return undefined;
  const stat = procStat(pid);
  if (startTicks !== undefined) return stat === undefined || stat.startTicks === startTicks ? pid : undefined;
  const boot = bootTimeMs();
  if (stat && boot !== undefined) {
    const startedAt = boot + (stat.startTicks / 100) * 1000;
    if (startedAt > writtenAt + 2000) return undefined;
  }
  return pid;
}

export type StopOutcome = 'stopped' | 'killed' | 'not running';

/** SIGTERM (to the whole group when the process leads one), wait up to `graceMs`, then SIGKILL. */
export async function stopProcess(pid: number, graceMs = 15_000): Promise<StopOutcome> {
  if (!isAlive(pid)) return 'not running';
  const target = leadsGroup(pid) ? -pid : pid;
  signal(target, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'stopped';
    await sleep(100);
  }
  signal(target, 'SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  return 'killed';
}

function leadsGroup(pid: number): boolean {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return Number(fields[2]) === pid;
  } catch {
    return false;
  }
}

function signal(target: number, sig: NodeJS.Signals): void {
  try {
    process.kill(target, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Every `<name>.pid` file in the run directory, by name. */
export function listPidFiles(runDir: string): Array<{ name: string; file: string }> {
  if (!existsSync(runDir)) return [];
  return readdirSync(runDir)
    .filter((f) => f.endsWith('.pid'))
    .sort()
    .map((f) => ({ name: f.slice(0, -'.pid'.length), file: join(runDir, f) }));
}

export function removeFile(file: string): void {
  rmSync(file, { force: true });
}
