// Prometheus file-based service discovery: each long-running process writes one small target file into a shared
// directory while its metrics endpoint is up and removes it on exit; Prometheus watches `<dir>/*.json`.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ScrapeTarget {
  /** host:port of the process's /metrics endpoint. */
  address: string;
  /** What the process is: worker, monitor, migrate, dashboard. */
  component: string;
  pid: number;
}

/** The file a process registers in: one per process, so processes never write the same file. */
export function targetFile(dir: string, target: Pick<ScrapeTarget, 'component' | 'pid'>): string {
  return join(dir, `${target.component}-${target.pid}.json`);
}

/** Writes the target file atomically (rename), in the file_sd format: `[{targets, labels}]`. Returns its path. */
export function registerTarget(dir: string, target: ScrapeTarget): string {
  mkdirSync(dir, { recursive: true });
  pruneDeadTargets(dir);
  const file = targetFile(dir, target);
  const body = [{ targets: [target.address], labels: { component: target.component, pid: String(target.pid) } }];
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(body)}\n`);
  renameSync(tmp, file);
  return file;
}

export function unregisterTarget(file: string): void {
  rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the files of processes that died without unregistering (kill -9), so Prometheus stops scraping them. */
export function pruneDeadTargets(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    try {
      const [entry] = JSON.parse(readFileSync(file, 'utf8')) as Array<{ labels?: { pid?: string } }>;
      const pid = Number(entry?.labels?.pid);
      if (Number.isInteger(pid) && pid > 0 && !alive(pid)) {
        rmSync(file, { force: true });
        removed.push(file);
      }
    } catch {
      // a file being written or not ours: leave it
    }
  }
  return removed;
}
