// Entry point of `npm run bench -- <capability>`: prints figures, and with --json one JSON object as the last line.
import { parseCommandArgs, numberFlag, UsageError } from './command';
import { runIngestBench } from '../bench/ingest-bench';

const usage = `Usage: npm run bench -- ingest --rows N [--seed S] [--batch-size N] [--window N] [--workers N] [--metrics on|off] [--no-floor] [--json]

ingest   generates N rows across the three legacy sources, runs the real migration on the local stack
         (separate worker process), and measures the bare-SQL floor on the same rows.
         Prints pipeline rows/s, floor rows/s, their ratio and the worker's peak RSS.
         --workers N   worker processes sharing the task queue (default 1); peak RSS is per worker.
         --metrics on|off  the workers' metrics: on = METRICS_EXPORTER=prometheus (endpoint, SDK metrics, discovery),
                       off = none (default: on). Run both, interleaved, to measure what metrics cost.
         --no-floor    skip the bare-SQL floor (only the pipeline is timed).
         BENCH_WORKER_NODE_ARGS (environment) adds Node flags to the worker, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
         Also prints where the CPU went: worker main thread and process, MariaDB, whole machine.`;

async function main(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (!what || what === '--help' || what === '-h') {
    console.log(usage);
    return what ? 0 : 2;
  }
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

main(process.argv.slice(2)).then((c) => process.exit(c), (err: unknown) => {
  console.error(err instanceof UsageError ? `bench: ${err.message}\n\n${usage}` : err);
  process.exit(err instanceof UsageError ? 2 : 1);
});
