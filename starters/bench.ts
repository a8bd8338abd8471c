// Entry point of `npm run bench -- <capability>`: prints figures, and with --json one JSON object as the last line.
import { parseCommandArgs, numberFlag, UsageError } from './command';
import { runIngestBench } from '../bench/ingest-bench';
import { runSnapshotBench } from '../bench/snapshot-bench';

const usage = `Usage: npm run bench -- ingest --rows N [--seed S] [--batch-size N] [--window N] [--workers N] [--json]

ingest   generates N rows across the three legacy sources, runs the real migration on the local stack
         (separate worker process), and measures the bare-SQL floor on the same rows.
         Prints pipeline rows/s, floor rows/s, their ratio and the worker's peak RSS.
         --workers N   worker processes sharing the task queue (default 1); peak RSS is per worker.
         BENCH_WORKER_NODE_ARGS (environment) adds Node flags to the worker, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
         Also prints where the CPU went: worker main thread and process, MariaDB, whole machine.

snapshot --rows N [--json]
         loads N contacts directly into <database>_snapbench (set-based SQL; reused when it already holds N), then
         times the physical snapshot (mariadb-backup → zstd → S3, with the manifest), its restore into a scratch
         MariaDB (SNAPSHOT_SCRATCH_PORT) and the validation of every table, against the logical anchor
         (mariadb-dump --single-transaction → zstd → S3, restored with the mariadb client) in the same run.
         --json: last line with snapshotSec, restoreSec, validateSec and the rest.`;

async function main(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (!what || what === '--help' || what === '-h') {
    console.log(usage);
    return what ? 0 : 2;
  }
  if (what === 'snapshot') return snapshotBench(rest);
  if (what !== 'ingest') throw new UsageError(`unknown benchmark ${JSON.stringify(what)}`);
  const { values } = parseCommandArgs(rest, { rows: { type: 'string' }, seed: { type: 'string' }, 'batch-size': { type: 'string' }, window: { type: 'string' }, workers: { type: 'string' }, json: { type: 'boolean' } });
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
  });
  if (values.json) {
    console.log(JSON.stringify(r));
  } else {
    console.log(`rows generated      ${r.rows.toLocaleString('en-US')} (read by the migration: ${r.rowsRead.toLocaleString('en-US')}, contacts stored: ${r.contacts.toLocaleString('en-US')})`);
    console.log(`pipeline            ${r.pipelineRowsPerSec.toLocaleString('en-US')} rows/s (${r.pipelineSec}s end to end: export + ingest + reconcile)`);
    console.log(`floor               ${r.floorRowsPerSec.toLocaleString('en-US')} rows/s (LOAD DATA ${r.floorLoadSec}s + INSERT..SELECT ODKU ${r.floorUpsertSec}s)`);
    console.log(`ratio               ${r.ratio}`);
    console.log(`worker peak RSS     ${r.peakRssMb} MB (${r.workers} worker process${r.workers === 1 ? '' : 'es'}; largest)`);
    console.log(`worker CPU          main thread busy ${Math.round(r.workerMainThreadBusy * 100)}% of the wall time, whole process ${Math.round(r.workerProcessCpu * 100)}% of one core (per worker)`);
    console.log(`other CPU           MariaDB ${Math.round(r.mariadbCpu * 100)}% of one core; machine ${Math.round(r.machineBusy * 100)}% busy during the pipeline`);
    console.log(`machine             ${r.machine}`);
  }
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

main(process.argv.slice(2)).then((c) => process.exit(c), (err: unknown) => {
  console.error(err instanceof UsageError ? `bench: ${err.message}\n\n${usage}` : err);
  process.exit(err instanceof UsageError ? 2 : 1);
});
