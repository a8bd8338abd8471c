// `npm run bench -- dedupe --rows N`: generates N rows (20 % duplicates) across the three legacy sources, migrates all
// but the last 1 % into a scratch database with a separate worker process (peak RSS from /proc), times the full pass the
// post-migration workflow runs, then migrates the last 1 % and times its incremental pass; scores both against the
// generator's truth and runs Splink 4 on the same normalized records in the same run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { WorkflowNotFoundError, type Workflow, type WorkflowResultType } from '@temporalio/client';
import { loadConfig } from '../config/env';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../config/constants';
import { createDbPool, createS3, createTemporalClient, ensureDatabase, poolOptionsFromUrl } from '../workers/clients';
import { applyMigrations } from '../db/migrator';
import { parseSourceArg } from '../activities/export/source-spec';
import type { MigrationInput, migrationWorkflow } from '../workflows/migration';
import type { DedupeResult, dedupeWorkflow } from '../workflows/dedupe';
import { measureAccuracy } from '../starters/dedupe-accuracy';
import { ensureSplink, runSplink, type SplinkResult } from './splink';
import { numberFlag, parseCommandArgs } from '../starters/command';

export interface DedupeBenchOptions {
  rows: number;
  seed: number;
  json: boolean;
  splink: boolean;
}

export interface DedupeBenchResult {
  rows: number;
  contacts: number;
  fullPassSec: number;
  contactsPerSec: number;
  candidatePairs: number;
  precision: number;
  recall: number;
  f1: number;
  peakRssMb: number;
  incrementalContacts: number;
  incrementalSec: number;
  rules: DedupeResult['rules'];
  /** Seconds per phase of the full pass (begin = waiting for the lock, change-feed cut, term frequencies). */
  phaseSec: Record<string, number>;
  incrementalPhaseSec: Record<string, number>;
  splink: SplinkResult | null;
  speedup: number | null;
  load: string;
  machine: string;
}

const ROOT = path.resolve(__dirname, '..');

/** Seconds per phase from the workflow's phase start times. */
export function phaseSeconds(r: Pick<DedupeResult, 'startedAtMs' | 'finishedAtMs' | 'phaseStarts'>): Record<string, number> {
  const marks = [{ phase: 'begin', atMs: r.startedAtMs }, ...(r.phaseStarts ?? []).filter((m) => m.phase !== 'done'), { phase: 'done', atMs: r.finishedAtMs }];
  const out: Record<string, number> = {};
  for (let i = 0; i + 1 < marks.length; i++) out[marks[i]!.phase] = Math.round((marks[i + 1]!.atMs - marks[i]!.atMs) / 100) / 10;
  return out;
}

function withDatabase(url: string, db: string, search = ''): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  u.search = search;
  return u.toString();
}

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Splits the generated CSV drop: all but its last `tail` data lines, and those (each with the header). */
function splitCsv(file: string, tail: number): [string, string] {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  const header = lines[0]!;
  const data = lines.slice(1);
  const head = `${file}.head.csv`;
  const rest = `${file}.tail.csv`;
  writeFileSync(head, `${[header, ...data.slice(0, data.length - tail)].join('\n')}\n`);
  writeFileSync(rest, `${[header, ...data.slice(data.length - tail)].join('\n')}\n`);
  return [head, rest];
}

export async function runDedupeBench(opts: DedupeBenchOptions): Promise<DedupeBenchResult> {
  const base = loadConfig();
  const log = (m: string) => (opts.json ? process.stderr : process.stdout).write(`${m}\n`);
  const dbName = poolOptionsFromUrl(base.DATABASE_URL).database ?? 'contacts';
  const dir = path.resolve(ROOT, base.DATA_DIR, 'bench', `dedupe-${opts.rows}`);
  mkdirSync(dir, { recursive: true });
  const legacyDb = `${dbName}_bench_legacy`;
  const targetUrl = withDatabase(base.DATABASE_URL, `${dbName}_bench_dedupe`);
  const taskQueue = `bench-dedupe-${process.pid}`;
  log(`bench dedupe: generating ${opts.rows.toLocaleString('en-US')} rows (20% duplicates, seed ${opts.seed}) into ${dir}`);
  const gen = spawnSync(process.execPath, ['--import', 'tsx', 'starters/cli.ts', 'generate', '--rows', String(opts.rows), '--dup-rate', '0.2', '--seed', String(opts.seed),
    '--out', dir, '--mysql-url', withDatabase(base.DATABASE_URL, legacyDb)], { cwd: ROOT, stdio: ['ignore', opts.json ? 2 : 'inherit', 'inherit'] });
  if (gen.status !== 0) throw new Error(`generate failed with exit code ${gen.status}`);
  const tail = Math.max(1, Math.round(opts.rows / 100));
  const [csvHead, csvTail] = splitCsv(path.join(dir, 'drop.csv'), tail);

  const opt = poolOptionsFromUrl(targetUrl);
  const admin = await mysql.createConnection({ ...opt, database: undefined });
  await admin.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(opt.database!)}`);
  await admin.end();
  await ensureDatabase({ DATABASE_URL: targetUrl });
  const pool = createDbPool({ DATABASE_URL: targetUrl }, { connectionLimit: 3 });
  await applyMigrations(pool);

  const worker = spawn(process.execPath, [`--max-old-space-size=${process.env.WORKER_HEAP_MB ?? '1536'}`, '--import', 'tsx', 'workers/main.ts'], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: targetUrl, TEMPORAL_TASK_QUEUE: taskQueue }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssMb(worker.pid!))), 500);
  await new Promise<void>((resolve, reject) => {
    worker.stdout!.on('data', (d: Buffer) => d.toString().includes('worker started') && resolve());
    worker.once('exit', (code) => reject(new Error(`bench worker exited with code ${code}`)));
  });
  const { client, connection } = await createTemporalClient(base);
  try {
    const migrate = async (name: string, sources: MigrationInput['sources']) => {
      const h = await client.workflow.start<typeof migrationWorkflow>(WORKFLOW_TYPES.migration, {
        workflowId: WORKFLOW_IDS.migration(name), taskQueue, args: [{ name, sources, actor: 'bench' }],
      });
      await h.result();
      // The post-migration workflow runs dedupe, the compliance scrub, then the dashboard refresh. The bench waits for
      // the first two (the next step must not run beside them) and stops the refresh: it is not what the bench
      // measures, and at 1M it took longer than the pass (and looped over the golden id range up to a split's fresh
      // id, 10^12, in the version of 2026-12-04).
      const pass = await childResult<typeof dedupeWorkflow>(WORKFLOW_IDS.postMigrationDedupe(name));
      await childResult(WORKFLOW_IDS.postMigrationScrub(name));
      const post = client.workflow.getHandle(WORKFLOW_IDS.postMigration(name));
      if ((await post.describe()).status.name === 'RUNNING') await post.terminate('bench dedupe: the dashboard refresh is not measured');
      return pass;
    };
    /** The result of a child workflow the post-migration workflow starts, once it has started (waits up to an hour). */
    const childResult = async <T extends Workflow>(workflowId: string): Promise<WorkflowResultType<T>> => {
      for (let waited = 0; ; waited += 1) {
        try {
          await client.workflow.getHandle(workflowId).describe();
          break;
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError) || waited >= 3600) throw err;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      return client.workflow.getHandle<T>(workflowId).result();
    };
    const stamp = Date.now();
    const first = `bench-dedupe-${stamp}`;
    log('bench dedupe: migrating all but the last 1% (the post-migration workflow then runs the first, full, pass)');
    const full = await migrate(first, [
      { spec: parseSourceArg(`mysql:${withDatabase(base.DATABASE_URL, legacyDb, '?table=customers')}`) },
      { spec: parseSourceArg(`sqlite:${path.join(dir, 'legacy.sqlite')}`) },
      { spec: parseSourceArg(`csv:${csvHead}`) },
    ]);
    const fullSec = (full.finishedAtMs - full.startedAtMs) / 1000;
    log(`bench dedupe: full pass over ${full.plan.contacts.toLocaleString('en-US')} contacts in ${fullSec.toFixed(1)}s (${full.kind}); `
      + `${Object.entries(phaseSeconds(full)).map(([k, v]) => `${k} ${v}s`).join(', ')}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    const second = `bench-dedupe-${stamp}-inc`;
    const inc = await migrate(second, [{ spec: parseSourceArg(`csv:${csvTail}`) }]);
    const incSec = (inc.finishedAtMs - inc.startedAtMs) / 1000;
    log(`bench dedupe: incremental pass over ${inc.contactsInScope} changed contacts in ${incSec.toFixed(1)}s`);
    clearInterval(sampler);
    peak = Math.max(peak, peakRssMb(worker.pid!));

    log('bench dedupe: scoring against the truth file (not timed)');
    await pool.query('DROP TABLE IF EXISTS eval_truth');
    await pool.query('CREATE TABLE eval_truth (source_kind VARCHAR(16) NOT NULL, record_id VARCHAR(128) NOT NULL, person VARCHAR(64) NOT NULL, PRIMARY KEY (source_kind, record_id))');
    const truthLines = readFileSync(path.join(dir, 'truth.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (let i = 0; i < truthLines.length; i += 5000) await pool.query('INSERT INTO eval_truth (source_kind, record_id, person) VALUES ?', [truthLines.slice(i, i + 5000)]);
    const splinkCsv = path.join(dir, 'splink-records.csv');
    const s3 = createS3(base);
    const acc = await measureAccuracy(pool, s3, base.S3_RAW_BUCKET, [first, second], { truthTable: true }, base.DEFAULT_PHONE_REGION, () => {}, opts.splink ? splinkCsv : undefined);
    s3.destroy();
    // Printed before Splink runs (at 1M it takes several minutes): the engine's figures survive a Splink that is stopped.
    log(`bench dedupe: engine P ${acc.precision} R ${acc.recall} F1 ${acc.f1}; candidate pairs ${full.candidatePairs} `
      + `(${full.rules.map((s) => `${s.rule} ${s.candidatePairs}`).join(', ')}); worker peak RSS ${peak} MB`);
    let splink: SplinkResult | null = null;
    if (opts.splink) {
      const truthCsv = path.join(dir, 'splink-truth.csv');
      writeFileSync(truthCsv, `truth_ref,truth\n${truthLines.map(([k, id, p]) => `"${k}:${id}",${p}`).join('\n')}\n`);
      const python = ensureSplink(base.DATA_DIR, log);
      log(`bench dedupe: running Splink on the same ${acc.rows.toLocaleString('en-US')} records (load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
      splink = runSplink(python, splinkCsv, truthCsv);
    }
    const contacts = full.plan.contacts;
    return {
      rows: opts.rows, contacts, fullPassSec: Math.round(fullSec * 10) / 10, contactsPerSec: Math.round(contacts / fullSec), candidatePairs: full.candidatePairs,
      precision: acc.precision, recall: acc.recall, f1: acc.f1, peakRssMb: peak, incrementalContacts: inc.contactsInScope, incrementalSec: Math.round(incSec * 10) / 10,
      rules: full.rules, phaseSec: phaseSeconds(full), incrementalPhaseSec: phaseSeconds(inc), splink, speedup: splink ? Math.round((contacts / fullSec / splink.recordsPerSec) * 10) / 10 : null,
      load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
      machine: `${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    };
  } finally {
    clearInterval(sampler);
    await connection.close();
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await pool.end();
  }
}

export const DEDUPE_BENCH_USAGE = `       npm run bench -- dedupe --rows N [--seed S] [--no-splink] [--json]

dedupe   generates N rows (20% duplicates), migrates all but the last 1% into <DATABASE_URL's database>_bench_dedupe with
         a separate worker process, times the full dedupe pass the post-migration workflow runs (database writes
         included), then migrates the last 1% and times its incremental pass; scores both against the generator's
         truth file and runs Splink 4 (installed from PyPI into .data/splink-venv) on the same normalized records.
         Prints contacts/s, candidate pairs per rule, precision, recall, F1, the worker's peak RSS, the incremental
         seconds and Splink's records/s, peak RSS and F1 beside them, with the load average.`;

/** `npm run bench -- dedupe ...`: parses the flags, runs, prints (the last line with --json is one JSON object). */
export async function dedupeBenchMain(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { rows: { type: 'string' }, seed: { type: 'string' }, 'no-splink': { type: 'boolean' }, json: { type: 'boolean' } });
  if (values.help) {
    console.log(DEDUPE_BENCH_USAGE);
    return 0;
  }
  const r = await runDedupeBench({
    rows: numberFlag(values.rows as string | undefined, 'rows', 100_000, 100, 200_000_000), seed: numberFlag(values.seed as string | undefined, 'seed', 1),
    json: Boolean(values.json), splink: !values['no-splink'],
  });
  if (values.json) {
    console.log(JSON.stringify(r));
    return 0;
  }
  for (const s of r.rules) {
    console.log(`rule ${s.rule.padEnd(11)} blocks ${s.blocks}  est. pairs ${s.estimatedPairs}  scored ${s.candidatePairs}  match ${s.matchPairs}  review ${s.reviewPairs}  oversized ${s.oversizedBlocks}  largest ${s.largestBlocks.join(',')}`);
  }
  console.log(`phases   full: ${Object.entries(r.phaseSec).map(([k, v]) => `${k} ${v}s`).join(', ')}; incremental: ${Object.entries(r.incrementalPhaseSec).map(([k, v]) => `${k} ${v}s`).join(', ')}`);
  console.log(`engine   ${r.contacts.toLocaleString('en-US')} contacts in ${r.fullPassSec}s = ${r.contactsPerSec.toLocaleString('en-US')} contacts/s; candidate pairs ${r.candidatePairs.toLocaleString('en-US')}; `
    + `P ${r.precision} R ${r.recall} F1 ${r.f1}; worker peak RSS ${r.peakRssMb} MB; incremental ${r.incrementalContacts} contacts in ${r.incrementalSec}s`);
  if (r.splink) {
    console.log(`splink   ${r.splink.records.toLocaleString('en-US')} records in ${r.splink.seconds}s = ${r.splink.recordsPerSec.toLocaleString('en-US')} records/s; `
      + `P ${r.splink.precision} R ${r.splink.recall} F1 ${r.splink.f1}; peak RSS ${r.splink.peakRssMb} MB (splink ${r.splink.splink}); engine speed ${r.speedup}x`);
  }
  console.log(`load     ${r.load} (other sessions share the machine); ${r.machine}`);
  return 0;
}
