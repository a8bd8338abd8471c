// The dashboard benchmark's load generator, run as its own process so its CPU is measured apart from the server's:
// drives each endpoint with autocannon (C connections for S seconds), records every response's latency, and prints
// one JSON line: per endpoint p50/p95/p99/max, requests, non-2xx answers, requests/s, and its own CPU use.
import autocannon from 'autocannon';

export interface LoadEndpoint {
  name: string;
  /** Paths to request (a connection takes the next one in turn: many paths = many distinct cache keys). */
  paths: string[];
}

export interface LoadPlan {
  baseUrl: string;
  cookie: string;
  connections: number;
  durationSec: number;
  endpoints: LoadEndpoint[];
}

export interface EndpointFigures {
  requests: number;
  non2xx: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Every latency, for the overall percentiles (dropped from the printed figures). */
  latencies?: number[];
}

export interface LoadResult {
  endpoints: Record<string, EndpointFigures>;
  loadCpuSec: number;
  wallSec: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i]! * 10) / 10;
}

async function drive(plan: LoadPlan, ep: LoadEndpoint): Promise<EndpointFigures> {
  const latencies: number[] = [];
  let next = 0;
  let finish: (r: autocannon.Result) => void = () => {};
  let fail: (e: Error) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon({
    url: plan.baseUrl,
    connections: plan.connections,
    duration: plan.durationSec,
    headers: { cookie: plan.cookie, accept: 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, method: 'GET', path: ep.paths[next++ % ep.paths.length]! }) }],
  }, (err, result) => (err ? fail(err as Error) : finish(result)));
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const r = await done;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length, non2xx: r.non2xx, errors: r.errors + r.timeouts, rps: Math.round(latencies.length / plan.durationSec),
    p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), p99Ms: percentile(latencies, 99), maxMs: percentile(latencies, 100),
    latencies,
  };
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '') as LoadPlan;
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const endpoints: Record<string, EndpointFigures> = {};
  for (const ep of plan.endpoints) endpoints[ep.name] = await drive(plan, ep);
  const cpu = process.cpuUsage(cpu0);
  const result: LoadResult = { endpoints, loadCpuSec: (cpu.user + cpu.system) / 1e6, wallSec: (Date.now() - t0) / 1000 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
