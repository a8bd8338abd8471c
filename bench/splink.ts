// Runs the anchor, Splink 4, on a CSV of the same records the engine saw: installs it from PyPI into a scratch venv
// under .data (never the repo) the first time, then runs bench/splink_runner.py and reads its JSON line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface SplinkResult {
  records: number;
  seconds: number;
  recordsPerSec: number;
  peakRssMb: number;
  precision: number;
  recall: number;
  f1: number;
  clusters: number;
  splink: string;
}

const ROOT = path.resolve(__dirname, '..');

/** The scratch venv with Splink 4 (created and filled once; pip reaches PyPI only). */
export function ensureSplink(dataDir: string, log: (m: string) => void): string {
  const venv = path.join(ROOT, dataDir, 'splink-venv');
  const python = path.join(venv, 'bin', 'python');
  if (existsSync(python) && spawnSync(python, ['-c', 'import splink'], { stdio: 'ignore' }).status === 0) return python;
  log(`bench: installing splink>=4,<5 from PyPI into ${venv}`);
  const mk = spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  if (mk.status !== 0) throw new Error(`python3 -m venv ${venv} failed (exit ${mk.status})`);
  const pip = spawnSync(path.join(venv, 'bin', 'pip'), ['install', '-q', 'splink>=4,<5'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (pip.status !== 0) throw new Error(`pip install splink failed (exit ${pip.status})`);
  return python;
}

/** Splink on `csv` (unique_id, truth, and the compared columns); its peak RSS is its own process's. */
export function runSplink(python: string, csv: string, truthCsv?: string): SplinkResult {
  const r = spawnSync(python, [path.join(ROOT, 'bench', 'splink_runner.py'), csv, ...(truthCsv ? [truthCsv] : [])], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`splink failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as SplinkResult;
}
