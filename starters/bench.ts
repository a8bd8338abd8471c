// Entry point of `npm run bench -- <capability>`: prints figures, and with --json one JSON object as the last line.
import { parseCommandArgs, numberFlag, UsageError } from './command';
import { runIngestBench } from '../bench/ingest-bench';
import { runSnapshotBench } from '../bench/snapshot-bench';
import { runRegistryBench } from '../bench/registry-bench';
import { runScrubBench } from '../bench/scrub-bench';
import { runMetricsIdleBench } from '../bench/metrics-idle';
import { dashboardBenchUrl, runDashboardBench, type PhaseFigures } from '../bench/dashboard-bench';
import { explainListQueries, formatExplains } from '../bench/dashboard-explain';
import { loadConfig } from '../config/env';
import { createDbPool } from '../workers/clients';
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
         Also prints where the CPU went: worker main thread and process, MariaDB, whole machine, and the workers'
         CPU seconds (user + sys) per 100k rows with the load averages.

metrics-idle [--seconds S] [--rounds R] [--scrape-sec N] [--json]
         starts two workers at once, metrics on and off, scrapes the "on" one every N s (default 15) and compares
         their CPU seconds over the same S seconds (default 120), R rounds (default 3): what metrics cost a worker
         per second of wall time, with both sides under the same machine load.

scrub --contacts N --registry M [--window W] [--rounds R] [--json]
         N contacts (set-based into <db>_scrubbench) against a generated M-number federal copy (the real load
         activity): registry load numbers/s, in-process lookups/s, the full ComplianceScrubWorkflow end to end with its
         results stored (contacts/s), the bare LOAD DATA floor of the same result rows side by side and the ratio,
         and an incremental scrub after a 50k-number change list (seconds). --rounds R: R full scrubs, each followed
         by the floor, so both sides see the load of the moment (the floor moves by 2x within minutes on a shared
         machine); the figures are the medians, each round is printed. Every scrub runs on a fresh in-process worker
         (empty registry cache: it reads the sets as the first scrub after a new copy does). --json: registryLoadPerSec, lookupsPerSec,
         contactsPerSec, incrementalSec, floorRowsPerSec, ratio, rounds.

registry --numbers N [--mysql-max M] [--lookups L] [--json]
         the registry storage alternatives on one generated file of N numbers: per-area-code bitmaps in the object
         store (the real load activity; lookups through the in-process cache and as a check's ranged GET), bitmaps
         in Redis (db and prefix wt12bench:), a MySQL table (first M numbers, default 5M, projected to N): load
         numbers/s, lookups/s, memory.

       npm run bench -- dashboard --rows N [--concurrency C] [--duration S] [--reuse] [--restart [--restart-sec S] [--buffer-pool-mb M]] [--json]

dashboard  loads N contacts straight into <DATABASE_URL's database>_dashbench (set-based, not the migration), times
         the summary-table refresh, then drives the dashboard API (its own process) from a separate load-generator
         process (autocannon, C connections, S seconds split over the endpoints): once with no cache (Redis
         unreachable) and once warm. Prints p50/p95/p99 per endpoint and overall, the load generator's and the
         server's CPU, and the load average (other processes share the cores).
         --reuse   keep the bench database when it already holds N contacts (a 10M load takes minutes).
         --restart runs everything against a private MariaDB it starts on a free port (buffer pool M MB, default
                   1024; pool dump/load off), never the shared one; after the cold and warm phases it drives every
                   endpoint at once with no cache for S seconds (default 60), restarts that server, waits for the
                   dashboard's /health, and drives them the same way again: figures before and right after the
                   restart, side by side, with p95 per 5 s. The private server and its data dir are removed at the end.

       npm run bench -- dashboard-explain [--page N]

dashboard-explain  the EXPLAIN of each priority-list query shape against the dashboard bench database (markdown).

snapshot --rows N [--json]
         loads N contacts directly into <database>_snapbench (set-based SQL; reused when it already holds N), then
         times the physical snapshot (mariadb-backup → zstd → S3, with the manifest), its restore into a scratch
         MariaDB (SNAPSHOT_SCRATCH_PORT) and the validation of every table, against the logical anchor
         (mariadb-dump --single-transaction → zstd → S3, restored with the mariadb client) in the same run.
         --json: last line with snapshotSec, restoreSec, validateSec and the rest.

${DEDUPE_BENCH_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (!what || what === '--help' || what === '-h') {
    console.log(usage);
    return what ? 0 : 2;
  }
  if (what === 'snapshot') return snapshotBench(rest);
  if (what === 'registry') return registryBench(rest);
  if (what === 'scrub') return scrubBench(rest);
  if (what === 'dashboard') return dashboardMain(rest);
  if (what === 'dashboard-explain') return dashboardExplainMain(rest);
  if (what === 'dedupe') return dedupeBenchMain(rest);
  if (what === 'metrics-idle') return metricsIdleBench(rest);
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
    console.log(`worker CPU seconds  ${r.workerCpuSec} s (user ${r.workerUserSec} + sys ${r.workerSysSec}), ${r.workerCpuSecPer100kRows} s per 100k rows read`);
    console.log(`load average        ${r.loadAvgStart.join(' ')} at the start, ${r.loadAvgEnd.join(' ')} at the end (1, 5, 15 min)`);
    console.log(`other CPU           MariaDB ${Math.round(r.mariadbCpu * 100)}% of one core; machine ${Math.round(r.machineBusy * 100)}% busy during the pipeline`);
    console.log(`machine             ${r.machine}`);
  }
  return 0;
}

async function metricsIdleBench(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { seconds: { type: 'string' }, rounds: { type: 'string' }, 'scrape-sec': { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const json = Boolean(values.json);
  const r = await runMetricsIdleBench({
    seconds: numberFlag(values.seconds as string | undefined, 'seconds', 120, 10, 3600),
    rounds: numberFlag(values.rounds as string | undefined, 'rounds', 3, 1, 20),
    scrapeSec: numberFlag(values['scrape-sec'] as string | undefined, 'scrape-sec', 15, 1, 600),
    log: (l) => (json ? process.stderr : process.stdout).write(`${l}\n`),
  });
  if (json) console.log(JSON.stringify(r));
  else console.log(`metrics add ${r.extraCpuPerWallSec} CPU s per wall second to a worker (median of ${r.rounds.length} rounds); ${r.machine}`);
  return 0;
}

async function snapshotBench(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { rows: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const r = await runSnapshotBench({ rows: numberFlag(values.rows as string | undefined, 'rows', 100_000, 1, 200_000_000), log: (l) => console.log(l) });
  console.log(`physical: snapshot ${r.snapshotSec} s (${r.snapshotMbPerSec} MB/s of database), restore ${r.restoreSec} s (${r.restoreMbPerSec} MB/s), validate ${r.validateSec} s; object ${r.objectMb} MB`);
  console.log(`logical:  snapshot ${r.logicalSnapshotSec} s, restore ${r.logicalRestoreSec} s; object ${r.logicalObjectMb} MB`);
  console.log(`load averages before ${r.loadBefore.join(' ')}, after ${r.loadAfter.join(' ')} (other sessions share the cores); ${r.machine}`);
  if (values.json) console.log(JSON.stringify(r));
  return r.validated ? 0 : 1;
}

async function scrubBench(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { contacts: { type: 'string' }, registry: { type: 'string' }, window: { type: 'string' }, rounds: { type: 'string' }, json: { type: 'boolean' } });
  const json = Boolean(values.json);
  const r = await runScrubBench({
    rounds: numberFlag(values.rounds as string | undefined, 'rounds', 1, 1, 20),
    contacts: numberFlag(values.contacts as string | undefined, 'contacts', 100_000, 1000, 200_000_000),
    registry: numberFlag(values.registry as string | undefined, 'registry', 1_000_000, 1000, 300_000_000),
    window: numberFlag(values.window as string | undefined, 'window', 2, 1, 16),
    log: (s) => (json ? process.stderr : process.stdout).write(`${s}\n`),
  });
  if (json) {
    console.log(JSON.stringify(r));
    return 0;
  }
  const f = (n: number) => n.toLocaleString('en-US');
  console.log(`contacts / registry  ${f(r.contacts)} / ${f(r.registry)}   (load averages ${r.load}; other sessions share the machine)`);
  console.log(`registry load        ${f(r.registryLoadPerSec)} numbers/s;  lookups ${f(r.lookupsPerSec)}/s in process`);
  console.log(`full scrub           ${f(r.contactsPerSec)} contacts/s end to end (${r.scrubSec}s, results stored)`);
  console.log(`floor                ${f(r.floorRowsPerSec)} rows/s (LOAD DATA of the same result rows, ${r.floorSec}s); ratio ${r.ratio}`);
  if (r.rounds.length > 1) {
    console.log(`                     (medians of ${r.rounds.length} rounds)`);
    for (const [i, x] of r.rounds.entries()) console.log(`  round ${i + 1}            scrub ${x.scrubSec}s, floor ${x.floorSec}s, ratio ${x.ratio} (load ${x.load})`);
  }
  console.log(`incremental          ${r.incrementalSec}s after a 50k-number change list (${f(r.incrementalContacts)} contacts re-scrubbed)`);
  console.log(`statuses             ${JSON.stringify(r.byStatus)}`);
  return 0;
}

async function registryBench(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { numbers: { type: 'string' }, 'mysql-max': { type: 'string' }, lookups: { type: 'string' }, json: { type: 'boolean' } });
  const json = Boolean(values.json);
  const r = await runRegistryBench({
    numbers: numberFlag(values.numbers as string | undefined, 'numbers', 1_000_000, 1000, 300_000_000),
    mysqlMax: numberFlag(values['mysql-max'] as string | undefined, 'mysql-max', 5_000_000, 1000, 300_000_000),
    lookups: numberFlag(values.lookups as string | undefined, 'lookups', 1_000_000, 1000, 100_000_000),
    log: (s) => (json ? process.stderr : process.stdout).write(`${s}\n`),
  });
  if (json) {
    console.log(JSON.stringify(r));
    return 0;
  }
  const f = (n: number) => n.toLocaleString('en-US');
  console.log(`numbers             ${f(r.numbers)}   (load averages ${r.load}; other sessions share the machine)`);
  console.log(`object store        load ${f(r.objectStore.loadPerSec)}/s (${r.objectStore.loadSec}s), lookups ${f(r.objectStore.lookupsPerSec)}/s in process, a check's GET ${r.objectStore.checkLookupMs} ms, ${r.objectStore.storedMb} MB stored (bitmap or sorted lines per area code, whichever is smaller)`);
  console.log(`redis bitmaps       load ${f(r.redis.loadPerSec)}/s (${r.redis.loadSec}s), lookups ${f(r.redis.lookupsPerSec)}/s pipelined GETBIT, ${r.redis.usedMemoryMb} MB of Redis memory`);
  console.log(`mysql table         load ${f(r.mysql.loadPerSec)}/s (${f(r.mysql.numbersLoaded)} numbers in ${r.mysql.loadSec}s), lookups ${f(r.mysql.lookupsPerSec)}/s (IN batches of 1000), ${r.mysql.tableMb} MB, ${r.mysql.projectedMbAtN} MB projected at ${f(r.numbers)}`);
  return 0;
}

function printPhase(name: string, p: PhaseFigures): void {
  console.log(`${name}: p50 ${p.p50Ms} ms, p95 ${p.p95Ms} ms, p99 ${p.p99Ms} ms (load generator ${p.loadGeneratorCores} cores, server ${p.serverCores} cores, machine ${Math.round(p.machineBusy * 100)}% busy, load average ${p.loadAverage.join(' ')})`);
  for (const [ep, f] of Object.entries(p.endpoints)) {
    console.log(`  ${ep.padEnd(22)} p50 ${String(f.p50Ms).padStart(7)}  p95 ${String(f.p95Ms).padStart(7)}  p99 ${String(f.p99Ms).padStart(7)}  max ${String(f.maxMs).padStart(7)} ms  ${f.rps} req/s  ${f.requests} requests, ${f.non2xx} non-2xx, ${f.errors} errors`);
  }
  if (p.timeline) console.log(`  per 5 s (all endpoints): ${p.timeline.map((t) => `${t.fromSec}s: ${t.requests} req p95 ${t.p95Ms} max ${t.maxMs}`).join(' | ')}`);
}

async function dashboardExplainMain(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { page: { type: 'string' } });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const pool = createDbPool({ DATABASE_URL: dashboardBenchUrl(loadConfig()) }, { connectionLimit: 1 });
  try {
    console.log(formatExplains(await explainListQueries(pool, numberFlag(values.page as string | undefined, 'page', 10_000, 2, 10_000_000))));
  } finally {
    await pool.end();
  }
  return 0;
}

async function dashboardMain(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    rows: { type: 'string' }, concurrency: { type: 'string' }, duration: { type: 'string' }, reuse: { type: 'boolean' }, json: { type: 'boolean' },
    restart: { type: 'boolean' }, 'restart-sec': { type: 'string' }, 'buffer-pool-mb': { type: 'string' },
  });
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
    ...(values.restart ? { restart: {
      seconds: numberFlag(values['restart-sec'] as string | undefined, 'restart-sec', 60, 5, 3600),
      bufferPoolMb: numberFlag(values['buffer-pool-mb'] as string | undefined, 'buffer-pool-mb', 1024, 128, 8192),
    } } : {}),
  });
  if (values.json) {
    console.log(JSON.stringify(r));
    return 0;
  }
  console.log(`contacts            ${r.rows.toLocaleString('en-US')}${r.seedSec === null ? ' (reused)' : ` (loaded in ${r.seedSec}s)`}`);
  console.log(`summary refresh     ${r.refreshSec}s`);
  printPhase('cold', r.cold);
  printPhase('warm', r.warm);
  if (r.restart) {
    const x = r.restart;
    console.log(`private MariaDB     ${x.server.version} on port ${x.server.port}, buffer pool ${x.server.bufferPoolMb} MB, flush ${x.server.flushMethod}, pool load at start-up ${x.server.bufferPoolLoadAtStartup}`);
    printPhase('before restart (all endpoints at once, no cache)', x.before);
    console.log(`restart             stopped in ${x.stopSec}s (${x.stop}), answering ${x.startSec}s later (uptime ${x.uptimeAfterSec}s; buffer pool pages with data ${x.poolPagesBefore} before, ${x.poolPagesAfter} after), dashboard healthy after ${x.healthSec}s more`);
    printPhase('right after restart (all endpoints at once, no cache)', x.after);
  }
  console.log(`list plans          ${Object.entries(r.listPlans).map(([ep, plans]) => `${ep}: ${plans.join(', ')}`).join('; ')}`);
  console.log(`read-time rules     ${Object.entries(r.readTimeExclusions).map(([k, v]) => `${k} ${v}`).join(', ')} (at the cold phase's start)`);
  console.log(`load average        ${r.loadAverage.join(' ')} (other sessions share the machine)`);
  console.log(`machine             ${r.machine}`);
  return 0;
}

main(process.argv.slice(2)).then((c) => process.exit(c), (err: unknown) => {
  console.error(err instanceof UsageError ? `bench: ${err.message}\n\n${usage}` : err);
  process.exit(err instanceof UsageError ? 2 : 1);
});
