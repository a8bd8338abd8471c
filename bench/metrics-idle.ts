// `npm run bench -- metrics-idle`: what metrics cost a worker per second of wall time, measured side by side. Two worker
// processes start at once, one with METRICS_EXPORTER=prometheus and one with it off, each polling its own task queue;
// the "on" worker's endpoint is scraped every --scrape-sec as Prometheus would. Their CPU seconds (user + sys, from
// /proc) over the same window are compared: both saw the same machine load, which an on/off pair run one after the
// other on a shared machine never does. The per-row side of metrics (one recordBatch per committed batch) is tiny.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/env';
import { targetsDir } from '../metrics/publish-metrics';
import { targetFile } from '../metrics/service-discovery';
import { cpuTimes } from './proc-stats';

export interface MetricsIdleOptions {
  seconds: number;
  rounds: number;
  scrapeSec: number;
  log: (line: string) => void;
}

export interface MetricsIdleRound {
  onCpuSec: number;
  offCpuSec: number;
  scrapes: number;
  loadAvgStart: number[];
  loadAvgEnd: number[];
}

export interface MetricsIdleResult {
  seconds: number;
  rounds: MetricsIdleRound[];
  /** Median over rounds of (on - off) CPU seconds per wall second: what metrics add to a worker while it runs. */
  extraCpuPerWallSec: number;
  machine: string;
}

const ROOT = path.resolve(__dirname, '..');

function startWorker(metrics: 'prometheus' | 'off', queue: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: ROOT, env: { ...process.env, TEMPORAL_TASK_QUEUE: queue, METRICS_EXPORTER: metrics }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker (metrics ${metrics}) did not print "worker started" within 120 s`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('worker started')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`worker (metrics ${metrics}) exited with code ${code}`)));
  });
}

const cpu = (pid: number) => {
  const t = cpuTimes(pid);
  return t.user + t.sys;
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

export async function runMetricsIdleBench(opts: MetricsIdleOptions): Promise<MetricsIdleResult> {
  const config = loadConfig();
  const rounds: MetricsIdleRound[] = [];
  for (let r = 1; r <= opts.rounds; r++) {
    const [on, off] = await Promise.all([startWorker('prometheus', `bench-idle-on-${process.pid}`), startWorker('off', `bench-idle-off-${process.pid}`)]);
    try {
      await new Promise((res) => setTimeout(res, 5_000)); // past start-up
      const target = JSON.parse(readFileSync(targetFile(targetsDir(config), { component: 'worker', pid: on.pid! }), 'utf8')) as Array<{ targets: string[] }>;
      const url = `http://${target[0]!.targets[0]}/metrics`;
      const loadAvgStart = load();
      const on0 = cpu(on.pid!);
      const off0 = cpu(off.pid!);
      let scrapes = 0;
      const end = Date.now() + opts.seconds * 1000;
      while (Date.now() < end) {
        await (await fetch(url)).text();
        scrapes++;
        await new Promise((res) => setTimeout(res, Math.min(opts.scrapeSec * 1000, Math.max(0, end - Date.now()))));
      }
      const round = { onCpuSec: Math.round((cpu(on.pid!) - on0) * 100) / 100, offCpuSec: Math.round((cpu(off.pid!) - off0) * 100) / 100, scrapes, loadAvgStart, loadAvgEnd: load() };
      rounds.push(round);
      opts.log(`round ${r}: on ${round.onCpuSec} CPU s, off ${round.offCpuSec} CPU s over ${opts.seconds} s (${scrapes} scrapes); load ${round.loadAvgStart.join(' ')} -> ${round.loadAvgEnd.join(' ')}`);
    } finally {
      // Waited for, so their last log lines still have a reader.
      await Promise.all([on, off].map((w) => new Promise<void>((res) => {
        if (w.exitCode !== null) return res();
        const t = setTimeout(() => {
          w.kill('SIGKILL');
          res();
        }, 60_000);
        w.once('exit', () => {
          clearTimeout(t);
          res();
        });
        w.kill('SIGTERM');
      })));
    }
  }
  return {
    seconds: opts.seconds,
    rounds,
    extraCpuPerWallSec: Math.round(median(rounds.map((x) => (x.onCpuSec - x.offCpuSec) / opts.seconds)) * 10_000) / 10_000,
    machine: `${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}, node ${process.version}`,
  };
}
