// Pid files under <DATA_DIR>/run: writing them, trusting them only while they name the process that wrote them, and stopping that process.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function writePidFile(file: string, pid: number): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${pid}\n`);
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
 * or the pid was reused by a process that started after the file was written (Linux only; elsewhere trusted).
 */
export function pidFromFile(file: string): number | undefined {
  let pid: number;
  let writtenAt: number;
  try {
    pid = Number(readFileSync(file, 'utf8').trim());
    writtenAt = statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 1 || !isAlive(pid)) return undefined;
  const stat = procStat(pid);
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
