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
  /**
   * All endpoints at once for the whole duration, the connections shared among them (a server that just restarted
   * meets every kind of request at once), instead of one endpoint after another with all the connections.
   */
  mixed?: boolean;
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
  /** When each of those responses arrived, seconds from the start of the run (same order as latencies before sorting). */
  arrivals?: Array<[number, number]>;
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

async function drive(plan: LoadPlan, ep: LoadEndpoint, t0: number): Promise<EndpointFigures> {
  const latencies: number[] = [];
  const arrivals: Array<[number, number]> = [];
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
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    if (plan.mixed) arrivals.push([(Date.now() - t0) / 1000, ms]);
  });
  const r = await done;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length, non2xx: r.non2xx, errors: r.errors + r.timeouts, rps: Math.round(latencies.length / plan.durationSec),
    p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), p99Ms: percentile(latencies, 99), maxMs: percentile(latencies, 100),
    latencies,
    ...(plan.mixed ? { arrivals } : {}),
  };
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '') as LoadPlan;
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const endpoints: Record<string, EndpointFigures> = {};
  if (plan.mixed) {
    // The connections dealt out among the endpoints (at least one each).
    const n = plan.endpoints.length;
    const results = await Promise.all(plan.endpoints.map((ep, i) => drive({ ...plan, connections: Math.max(1, Math.floor(plan.connections / n) + (i < plan.connections % n ? 1 : 0)) }, ep, t0)));
    plan.endpoints.forEach((ep, i) => (endpoints[ep.name] = results[i]!));
  } else {
    for (const ep of plan.endpoints) endpoints[ep.name] = await drive(plan, ep, t0);
  }
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
