// Entry point of `npm run bench -- <capability>`: prints figures, and with --json one JSON object as the last line.
import { parseCommandArgs, numberFlag, UsageError } from './command';
import { runIngestBench } from '../bench/ingest-bench';
import { runDashboardBench, type PhaseFigures } from '../bench/dashboard-bench';
import { DEDUPE_BENCH_USAGE, dedupeBenchMain } from '../bench/dedupe-bench';

const usage = `Usage: npm run bench -- ingest --rows N [--seed S] [--batch-size N] [--window N] [--workers N] [--metrics on|off] [--no-floor] [--json]

ingest   generates N rows across the three legacy sources, runs the real migration on the local stack
         (separate worker process), and measures the bare-SQL floor on the same rows.
         Prints pipeline rows/s, floor rows/s, their ratio and the worker's peak RSS.
         --workers N   worker processes sharing the task queue (default 1); peak RSS is per worker.
         --metrics on|off  the workers' metrics: on = METRICS_EXPORTER=prometheus (endpoint, SDK metrics, discovery),
                       off = none (default: on). Run both, interleaved, to measure what metrics cost.
         --no-floor    skip the bare-SQL floor (only the pipeline is timed).
         BENCH_WORKER_NODE_ARGS (environment) adds Node flags to the worker, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
         Also prints where the CPU went: worker main thread and process, MariaDB, whole machine.

       npm run bench -- dashboard --rows N [--concurrency C] [--duration S] [--reuse] [--json]

dashboard  loads N contacts straight into <DATABASE_URL's database>_dashbench (set-based, not the migration), times
         the summary-table refresh, then drives the dashboard API (its own process) from a separate load-generator
         process (autocannon, C connections, S seconds split over the endpoints): once with no cache (Redis
         unreachable) and once warm. Prints p50/p95/p99 per endpoint and overall, the load generator's and the
         server's CPU, and the load average (other processes share the cores).
         --reuse   keep the bench database when it already holds N contacts (a 10M load takes minutes).

${DEDUPE_BENCH_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (!what || what === '--help' || what === '-h') {
    console.log(usage);
    return what ? 0 : 2;
  }
  if (what === 'dashboard') return dashboardMain(rest);
  if (what === 'dedupe') return dedupeBenchMain(rest);
  if (what !== 'ingest') throw new UsageError(`unknown benchmark ${JSON.stringify(what)}`);
  const { values } = parseCommandArgs(rest, { rows: { type: 'string' }, seed: { type: 'string' }, 'batch-size': { type: 'string' }, window: { type: 'string' }, workers: { type: 'string' }, metrics: { type: 'string' }, 'no-floor': { type: 'boolean' }, json: { type: 'boolean' } });
  const metrics = (values.metrics as string | undefined) ?? 'on';
  if (metrics !== 'on' && metrics !== 'off') throw new UsageError(`--metrics must be on or off (got ${JSON.stringify(metrics)})`);
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const r = await runIngestBench({
    rows: numberFlag(values.rows as string | undefined, 'rows', 100_000, 1, 200_000_000),
    seed: numberFlag(values.seed as string | undefined, 'seed', 1),
    batchSize: numberFlag(values['batch-size'] as string | undefined, 'batch-size', 100_000, 1, 1_000_000),
    window: numberFlag(values.window as string | undefined, 'window', 2, 1, 64),
    workers: numberFlag(values.workers as string | undefined, 'workers', 1, 1, 16),
    json: Boolean(values.json),
    metrics: metrics === 'on' ? 'prometheus' : 'off',
    floor: !values['no-floor'],
  });
  if (values.json) {
    console.log(JSON.stringify(r));
  } else {
    console.log(`rows generated      ${r.rows.toLocaleString('en-US')} (read by the migration: ${r.rowsRead.toLocaleString('en-US')}, contacts stored: ${r.contacts.toLocaleString('en-US')})`);
    console.log(`pipeline            ${r.pipelineRowsPerSec.toLocaleString('en-US')} rows/s (${r.pipelineSec}s end to end: export + ingest + reconcile)`);
    console.log(`floor               ${r.floorRowsPerSec.toLocaleString('en-US')} rows/s (LOAD DATA ${r.floorLoadSec}s + INSERT..SELECT ODKU ${r.floorUpsertSec}s)`);
    console.log(`ratio               ${r.ratio}`);
    console.log(`metrics             ${r.metrics === 'off' ? 'off' : 'on (Prometheus endpoint per worker, SDK metrics, discovery)'}`);
    console.log(`worker peak RSS     ${r.peakRssMb} MB (${r.workers} worker process${r.workers === 1 ? '' : 'es'}; largest)`);
    console.log(`worker CPU          main thread busy ${Math.round(r.workerMainThreadBusy * 100)}% of the wall time, whole process ${Math.round(r.workerProcessCpu * 100)}% of one core (per worker)`);
    console.log(`other CPU           MariaDB ${Math.round(r.mariadbCpu * 100)}% of one core; machine ${Math.round(r.machineBusy * 100)}% busy during the pipeline`);
    console.log(`machine             ${r.machine}`);
  }
  return 0;
}

function printPhase(name: string, p: PhaseFigures): void {
  console.log(`${name}: p50 ${p.p50Ms} ms, p95 ${p.p95Ms} ms, p99 ${p.p99Ms} ms (load generator ${p.loadGeneratorCores} cores, server ${p.serverCores} cores, machine ${Math.round(p.machineBusy * 100)}% busy)`);
  for (const [ep, f] of Object.entries(p.endpoints)) {
    console.log(`  ${ep.padEnd(18)} p50 ${String(f.p50Ms).padStart(7)}  p95 ${String(f.p95Ms).padStart(7)}  p99 ${String(f.p99Ms).padStart(7)}  max ${String(f.maxMs).padStart(7)} ms  ${f.rps} req/s  ${f.requests} requests, ${f.non2xx} non-2xx, ${f.errors} errors`);
  }
}

async function dashboardMain(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { rows: { type: 'string' }, concurrency: { type: 'string' }, duration: { type: 'string' }, reuse: { type: 'boolean' }, json: { type: 'boolean' } });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const r = await runDashboardBench({
    rows: numberFlag(values.rows as string | undefined, 'rows', 100_000, 1, 200_000_000),
    concurrency: numberFlag(values.concurrency as string | undefined, 'concurrency', 50, 1, 1000),
    durationSec: numberFlag(values.duration as string | undefined, 'duration', 40, 1, 3600),
    reuse: Boolean(values.reuse),
    json: Boolean(values.json),
  });
  if (values.json) {
    console.log(JSON.stringify(r));
    return 0;
  }
  console.log(`contacts            ${r.rows.toLocaleString('en-US')}${r.seedSec === null ? ' (reused)' : ` (loaded in ${r.seedSec}s)`}`);
  console.log(`summary refresh     ${r.refreshSec}s`);
  printPhase('cold', r.cold);
  printPhase('warm', r.warm);
  console.log(`load average        ${r.loadAverage.join(' ')} (other sessions share the machine)`);
  console.log(`machine             ${r.machine}`);
  return 0;
}

main(process.argv.slice(2)).then((c) => process.exit(c), (err: unknown) => {
  console.error(err instanceof UsageError ? `bench: ${err.message}\n\n${usage}` : err);
  process.exit(err instanceof UsageError ? 2 : 1);
});
