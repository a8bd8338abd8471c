// `dedupe-eval --input FILE.csv --truth-col C`: loads a labeled CSV through the normal ingestion path (a migration
// with the csv source and the mapping) into a scratch database, runs a full dedupe pass with the shipped model on an
// in-process worker (the post-migration step's pass: full on the fresh database), and prints pairwise precision, recall
// and F1 against the truth column.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseString } from 'fast-csv';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfig } from '../../config/env';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import { parseSourceArg } from '../../activities/export/source-spec';
import { parseMappingFile } from '../../domain/column-mapping';
import { applyMigrations } from '../../db/migrator';
import { createDbPool, createRedis, createS3, createTemporalClient, ensureDatabase, poolOptionsFromUrl } from '../../workers/clients';
import { createActivities } from '../../activities/registry';
import { WORKFLOWS_PATH } from '../../workers/build-worker';
import type { migrationWorkflow } from '../../workflows/migration';
import type { DedupeResult, dedupeWorkflow } from '../../workflows/dedupe';
import { measureAccuracy } from '../dedupe-accuracy';
import { type Command, UsageError, parseCommandArgs } from '../command';
import { ruleTable } from './dedupe';
import mysql from 'mysql2/promise';

const usage = `Usage: npm run cli -- dedupe-eval --input FILE.csv --truth-col C [--truth-regex RE] [--mapping M.json] [--json]

Measures the dedupe engine on labeled person records: the CSV goes through the normal ingestion path (a migration
with the csv source) into a scratch database (<database>_eval, recreated), a full dedupe pass runs with the shipped
model on an in-process worker, and each CSV row is traced to its golden record. Prints pairwise precision, recall,
F1, the clusters, the candidate pairs per blocking rule and the seconds taken.

Options:
  --input FILE       the CSV (header row first)
  --truth-col C      the column naming the real person (rows with the same value are the same person)
  --truth-regex RE   take the person from the first capture group of RE applied to the column
                     (FEBRL: --truth-col rec_id --truth-regex '^rec-(\\d+)-')
  --mapping M.json   column mapping as for migrate; a field may join several columns:
                     {"address_line": ["street_number", "address_1"]}
  --json             last line: one JSON object with precision, recall, f1, clusters, candidatePairs, seconds`;

export interface DedupeEvalResult {
  input: string;
  rows: number;
  precision: number;
  recall: number;
  f1: number;
  clusters: number;
  persons: number;
  truePairs: number;
  predictedPairs: number;
  candidatePairs: number;
  seconds: number;
  ingestSeconds: number;
  dedupeSeconds: number;
  modelVersion: string;
  rules: DedupeResult['rules'];
}

/** Truth per data row number (1-based, as the exporter numbers CSV rows). */
async function readTruth(file: string, column: string, regex: RegExp | null): Promise<Map<number, string>> {
  const text = await readFile(file, 'utf8');
  const out = new Map<number, string>();
  let header: string[] | null = null;
  let col = -1;
  let rowNo = 0;
  await new Promise<void>((resolve, reject) => {
    parseString(text, { headers: false, trim: true })
      .on('error', reject)
      .on('data', (row: string[]) => {
        if (!header) {
          header = row.map((h) => h.trim());
          col = header.findIndex((h) => h === column.trim());
          if (col < 0) reject(new UsageError(`--truth-col ${column}: no such column in ${file} (columns: ${header.join(', ')})`));
          return;
        }
        rowNo++;
        const raw = (row[col] ?? '').trim();
        const value = regex ? (regex.exec(raw)?.[1] ?? null) : raw;
        if (value !== null && value !== '') out.set(rowNo, value);
      })
      .on('end', () => resolve());
  });
  return out;
}

export const dedupeEvalCommand: Command = {
  name: 'dedupe-eval',
  summary: 'measure dedupe precision / recall / F1 on a labeled CSV (scratch database)',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      input: { type: 'string' }, 'truth-col': { type: 'string' }, 'truth-regex': { type: 'string' }, mapping: { type: 'string' }, json: { type: 'boolean' },
    });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    const input = values.input as string | undefined;
    const truthCol = values['truth-col'] as string | undefined;
    if (!input) throw new UsageError('--input FILE.csv is required');
    if (!truthCol) throw new UsageError('--truth-col C is required');
    let regex: RegExp | null = null;
    if (values['truth-regex'] !== undefined) {
      try {
        regex = new RegExp(values['truth-regex'] as string);
      } catch (err) {
        throw new UsageError(`--truth-regex: ${(err as Error).message}`);
      }
    }
    let mappingJson: string | undefined;
    if (values.mapping !== undefined) {
      mappingJson = await readFile(values.mapping as string, 'utf8').catch((err: Error) => {
        throw new UsageError(`--mapping ${values.mapping}: ${err.message}`);
      });
      try {
        parseMappingFile(mappingJson);
      } catch (err) {
        throw new UsageError(`--mapping ${values.mapping}: ${(err as Error).message}`);
      }
    }
    const file = path.resolve(input);
    const truth = await readTruth(file, truthCol, regex);
    const log = (msg: string) => (values.json ? console.error(msg) : console.log(msg));
    const result = await evaluate({ file, truth, mappingJson, log });
    if (values.json) {
      console.log(JSON.stringify(result));
      return 0;
    }
    for (const line of ruleTable(result)) console.log(line);
    console.log(`rows ${result.rows}, persons ${result.persons}, true pairs ${result.truePairs}, predicted pairs ${result.predictedPairs}`);
    console.log(`precision ${result.precision.toFixed(4)}  recall ${result.recall.toFixed(4)}  F1 ${result.f1.toFixed(4)}  clusters ${result.clusters}  `
      + `candidate pairs ${result.candidatePairs}  seconds ${result.seconds} (ingest ${result.ingestSeconds}, dedupe ${result.dedupeSeconds}; model ${result.modelVersion})`);
    return 0;
  },
};

/** The scratch database's URL: the configured one with `_eval` appended to its name. */
function scratchUrl(url: string): string {
  const u = new URL(url);
  u.pathname = `/${(poolOptionsFromUrl(url).database ?? 'contacts')}_eval`;
  return u.toString();
}

async function evaluate(o: { file: string; truth: Map<number, string>; mappingJson: string | undefined; log: (m: string) => void }): Promise<DedupeEvalResult> {
  const base = loadConfig();
  // The in-process worker logs warnings only: the command prints its own progress.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const url = scratchUrl(base.DATABASE_URL);
  const config = { ...base, DATABASE_URL: url, TEMPORAL_TASK_QUEUE: `${base.TEMPORAL_TASK_QUEUE}-eval-${process.pid}` };
  const opts = poolOptionsFromUrl(url);
  const admin = await mysql.createConnection({ ...opts, database: undefined });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(opts.database!)}`);
  } finally {
    await admin.end();
  }
  await ensureDatabase(config);
  const pool = createDbPool(config, { connectionLimit: config.WORKER_MAX_ACTIVITIES + 3 });
  const redis = createRedis(config);
  const s3 = createS3(config);
  const { client, connection } = await createTemporalClient(config);
  const started = Date.now();
  try {
    await applyMigrations(pool);
    const worker = await Worker.create({
      connection: await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
      namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, workflowsPath: WORKFLOWS_PATH,
      activities: createActivities({ pool, redis, s3, buckets: { raw: config.S3_RAW_BUCKET, processed: config.S3_PROCESSED_BUCKET }, defaultPhoneRegion: config.DEFAULT_PHONE_REGION }),
      maxConcurrentActivityTaskExecutions: config.WORKER_MAX_ACTIVITIES,
    });
    const name = `eval-${Date.now()}`;
    const work = async (): Promise<DedupeEvalResult> => {
      o.log(`dedupe-eval: loading ${o.file} through a migration (${name}) into ${opts.database}`);
      const migration = await client.workflow.start<typeof migrationWorkflow>(WORKFLOW_TYPES.migration, {
        workflowId: WORKFLOW_IDS.migration(name), taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [{ name, sources: [{ spec: parseSourceArg(`csv:${o.file}`), ...(o.mappingJson ? { mappingJson: o.mappingJson } : {}) }], actor: 'dedupe-eval' }],
      });
      await migration.result();
      const ingested = Date.now();
      // The migration sets off its post-migration workflow, whose first step is a dedupe pass: on the fresh scratch
      // database it runs as a full pass (nothing was deduplicated yet). Its result is the one measured.
      await client.workflow.getHandle(WORKFLOW_IDS.postMigration(name)).result();
      // The post-migration dedupe step's pass when the post-migration workflow ran one, else a full pass of our own.
      let pass: DedupeResult | null = await client.workflow.getHandle<typeof dedupeWorkflow>(WORKFLOW_IDS.postMigrationDedupe(name)).result().catch(() => null);
      if (pass === null || pass.kind !== 'full') {
        o.log('dedupe-eval: running a full dedupe pass');
        pass = await client.workflow.execute<typeof dedupeWorkflow>(WORKFLOW_TYPES.dedupe, {
          workflowId: WORKFLOW_IDS.dedupe(`${name}-full`), taskQueue: config.TEMPORAL_TASK_QUEUE, args: [{ kind: 'full', actor: 'dedupe-eval' }],
        });
      }
      const deduped = Date.now();
      const dedupeSeconds = (pass.finishedAtMs - pass.startedAtMs) / 1000;
      const acc = await measureAccuracy(pool, s3, config.S3_RAW_BUCKET, name, {
        truthOf: ({ rowNo }) => o.truth.get(rowNo) ?? null,
      }, config.DEFAULT_PHONE_REGION);
      const [[model]] = await pool.query('SELECT model_version FROM dedupe_passes WHERE id = ?', [pass.passId]) as unknown as [[{ model_version: string }]];
      return {
        input: o.file, rows: acc.rows, precision: acc.precision, recall: acc.recall, f1: acc.f1, clusters: acc.clusters, persons: acc.persons,
        truePairs: acc.truePairs, predictedPairs: acc.predictedPairs, candidatePairs: pass.candidatePairs,
        seconds: Math.round((deduped - started) / 100) / 10, ingestSeconds: Math.round((ingested - started) / 100) / 10,
        dedupeSeconds: Math.round(dedupeSeconds * 10) / 10, modelVersion: model.model_version, rules: pass.rules,
      };
    };
    return await worker.runUntil(work());
  } finally {
    await connection.close();
    await Promise.allSettled([pool.end(), redis.quit()]);
    s3.destroy();
  }
}
