// `npm run bench -- scrub --contacts N --registry M`: a fresh `<db>_scrubbench` database with N contacts (loaded
// set-based, not through the migration), a generated M-number federal copy loaded by the real load activity, then the
// real ComplianceScrubWorkflow (full) on an in-process worker, timed end to end with its results stored; the bare
// LOAD DATA floor of the same result rows into an empty copy of the results table, side by side; and an incremental
// scrub after a 50k-number change list.
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createReadStream } from 'node:fs';
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config/env';
import { RAW_KEYS, WORKFLOW_IDS, WORKFLOW_TYPES } from '../config/constants';
import { applyMigrations } from '../db/migrator';
import { createDbPool, createRedis, createS3, createTemporalClient, ensureDatabase, poolOptionsFromUrl } from '../workers/clients';
import { buildWorker } from '../workers/build-worker';
import { writeRegistryFile, usAreaCodes } from '../generator/registry-file';
import { Prng } from '../generator/prng';
import { sha256OfFile, uploadFile } from '../starters/raw-upload';
import { registerCopy } from '../activities/compliance/copy-records';
import { loadListFile } from '../activities/compliance/list-load';
import { currentVersions, LineSetCache } from '../activities/compliance/registry-store';
import { RESULT_COLUMNS } from '../activities/compliance/scrub-rows';
import type { complianceScrubWorkflow, ComplianceScrubResult } from '../workflows/compliance-scrub';

export interface ScrubBenchResult {
  contacts: number;
  registry: number;
  registryLoadPerSec: number;
  lookupsPerSec: number;
  contactsPerSec: number;
  scrubSec: number;
  floorRowsPerSec: number;
  floorSec: number;
  ratio: number;
  incrementalSec: number;
  incrementalContacts: number;
  /** Each round: a full scrub, then the floor of the same rows (scrubSec, floorSec and ratio above are the medians). */
  rounds: Array<{ scrubSec: number; floorSec: number; ratio: number; load: string }>;
  byStatus: Record<string, number>;
  load: string;
}

async function loadAvg(): Promise<string> {
  return (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export async function runScrubBench(opts: { contacts: number; registry: number; window: number; rounds?: number; log: (s: string) => void }): Promise<ScrubBenchResult> {
  const base = loadConfig();
  const u = new URL(base.DATABASE_URL);
  const dbName = `${decodeURIComponent(u.pathname.slice(1)) || 'contacts'}_scrubbench`;
  u.pathname = `/${dbName}`;
  const config = { ...base, DATABASE_URL: u.toString() };
  const admin = await mysql.createConnection({ ...poolOptionsFromUrl(base.DATABASE_URL), database: undefined });
  await admin.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(dbName)}`);
  await admin.end();
  await ensureDatabase(config);
  const pool = createDbPool(config, { connectionLimit: 8 });
  const s3 = createS3(config);
  const redis = createRedis(config);
  const deps = { pool, s3, redis, buckets: { raw: config.S3_RAW_BUCKET, processed: config.S3_PROCESSED_BUCKET }, defaultPhoneRegion: 'US' };
  const dir = path.resolve(config.DATA_DIR, 'bench-scrub');
  mkdirSync(dir, { recursive: true });
  const taskQueue = `${config.TEMPORAL_TASK_QUEUE}-scrubbench`;
  try {
    await applyMigrations(pool);
    const codes = usAreaCodes();
    opts.log(`loading ${opts.contacts.toLocaleString('en-US')} contacts (set-based, not timed)`);
    await pool.query("INSERT INTO source_files (id, migration_name, source_name, source_kind, location, batch_size) VALUES (1, 'bench', 'bench', 'csv', 'bench', 1)");
    await pool.query("INSERT INTO import_batches (id, source_file_id, batch_no, object_key, object_sha256) VALUES (1, 1, 1, 'bench', REPEAT('0', 64))");
    const contactsFile = path.join(dir, `contacts-${opts.contacts}.tsv`);
    const out = createWriteStream(contactsFile);
    const rng = new Prng(11, 3);
    for (let i = 1; i <= opts.contacts; i += 1) {
      const npa = codes[Math.floor(rng.float() * codes.length)]!;
      const phone = rng.float() < 0.05 ? '\\N' : `+1${npa}${200 + Math.floor(rng.float() * 800)}${String(Math.floor(rng.float() * 10_000)).padStart(4, '0')}`;
      if (!out.write(`${i.toString(16).padStart(40, '0')}\t${phone}\t${i}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const conn = await pool.getConnection();
    try {
      await conn.query({
        sql: "LOAD DATA LOCAL INFILE 'c' INTO TABLE contacts FIELDS TERMINATED BY '\\t' (@mk, phone_e164, source_record_id) SET match_key = UNHEX(@mk), has_contact_key = phone_e164 IS NOT NULL, source_file_id = 1, created_batch_id = 1, last_batch_id = 1, source_updated_at = '2026-01-01'",
        infileStreamFactory: () => createReadStream(contactsFile),
      });
    } finally {
      conn.release();
    }

    opts.log(`generating and loading a ${opts.registry.toLocaleString('en-US')}-number federal copy`);
    const regFile = path.join(dir, `federal-${opts.registry}.txt`);
    await writeRegistryFile({ out: regFile, numbers: opts.registry, seed: 5 });
    const sha256 = await sha256OfFile(regFile);
    const rawKey = `bench-scrub/${RAW_KEYS.registryFile('federal', '', sha256)}`;
    await uploadFile(s3, deps.buckets.raw, rawKey, regFile);
    const copy = await registerCopy(pool, { kind: 'federal', state: '', sha256, rawKey, downloadedAt: new Date().toISOString(), areaCodes: null, actor: 'bench', workflowId: 'bench' });
    let t0 = performance.now();
    const loaded = await loadListFile(deps, copy);
    const registryLoadSec = (performance.now() - t0) / 1000;
    await pool.query("UPDATE registry_copies SET status = 'loaded' WHERE id = ?", [copy.id]);

    const cache = new LineSetCache(deps);
    const sets = new Map<string, { has(l: number): boolean }>();
    for (const v of await currentVersions(pool, codes)) if (v.objectKey) sets.set(v.npa, await cache.get(v.objectKey));
    const probeRng = new Prng(3, 9);
    const probes = Array.from({ length: 1_000_000 }, () => [codes[Math.floor(probeRng.float() * codes.length)]!, 2_000_000 + Math.floor(probeRng.float() * 7_999_999)] as const);
    t0 = performance.now();
    let hits = 0;
    for (const [npa, line] of probes) if (sets.get(npa)?.has(line)) hits += 1;
    const lookupsPerSec = Math.round(probes.length / ((performance.now() - t0) / 1000));
    void hits;

    const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    // A fresh in-process worker for each scrub (not timed): its activities' registry cache starts empty, so every
    // round reads the registry sets as the first scrub after a new copy does, not from the previous round's cache.
    const current: { stop: (() => Promise<void>) | null } = { stop: null };
    const freshWorker = async () => {
      await current.stop?.();
      const { worker } = await buildWorker({ config: { ...config, WORKER_MAX_ACTIVITIES: Math.max(3, opts.window + 1) }, deps, taskQueue, connection });
      const running = worker.run();
      current.stop = async () => {
        current.stop = null;
        worker.shutdown();
        await running;
      };
    };
    const { client, connection: clientConn } = await createTemporalClient(config);
    const floorFile = path.join(dir, 'floor.tsv');
    // The floor: LOAD DATA of the scrub's own result rows into an empty copy of the results table.
    const writeFloorFile = async () => {
      const fout = createWriteStream(floorFile);
      let last = 0;
      for (;;) {
        const [rows] = await pool.query<RowDataPacket[]>(`SELECT ${RESULT_COLUMNS.join(', ')} FROM contact_compliance WHERE contact_id > ? ORDER BY contact_id LIMIT 100000`, [last]);
        if (rows.length === 0) break;
        last = Number(rows[rows.length - 1]!.contact_id);
        const text = rows.map((r) => RESULT_COLUMNS.map((c) => (r[c] === null ? '\\N' : String(r[c]))).join('\t')).join('\n') + '\n';
        if (!fout.write(text)) await once(fout, 'drain');
      }
      fout.end();
      await once(fout, 'finish');
    };
    const timeFloor = async (): Promise<number> => {
      await pool.query('DROP TABLE IF EXISTS floor_compliance');
      await pool.query('CREATE TABLE floor_compliance LIKE contact_compliance');
      const fconn = await pool.getConnection();
      const t = performance.now();
      try {
        await fconn.query({ sql: `LOAD DATA LOCAL INFILE 'f' INTO TABLE floor_compliance FIELDS TERMINATED BY '\\t' (${RESULT_COLUMNS.join(', ')})`, infileStreamFactory: () => createReadStream(floorFile) });
      } finally {
        fconn.release();
      }
      const sec = (performance.now() - t) / 1000;
      await pool.query('DROP TABLE IF EXISTS floor_compliance');
      return sec;
    };
    let full: ComplianceScrubResult | undefined;
    const rounds: ScrubBenchResult['rounds'] = [];
    let incrementalSec: number;
    let incrementalContacts: number;
    try {
      // Rounds alternate a full scrub and the floor of its rows, so both sides see the machine's load of the moment.
      for (let round = 1; round <= (opts.rounds ?? 1); round += 1) {
        opts.log(`round ${round}: full scrub (ComplianceScrubWorkflow, in-process worker), then the LOAD DATA floor of its rows`);
        await freshWorker();
        const load = await loadAvg();
        t0 = performance.now();
        full = await client.workflow.execute<typeof complianceScrubWorkflow>(WORKFLOW_TYPES.complianceScrub, { taskQueue, workflowId: WORKFLOW_IDS.complianceScrub('full', `bench-${Date.now()}`), args: [{ mode: 'full', actor: 'bench', window: opts.window }] });
        const scrubSec = (performance.now() - t0) / 1000;
        if (round === 1) await writeFloorFile();
        const floorSec = await timeFloor();
        rounds.push({ scrubSec: Number(scrubSec.toFixed(1)), floorSec: Number(floorSec.toFixed(1)), ratio: Number((floorSec / scrubSec).toFixed(2)), load: `${load} → ${await loadAvg()}` });
        opts.log(`  scrub ${scrubSec.toFixed(1)} s, floor ${floorSec.toFixed(1)} s, ratio ${(floorSec / scrubSec).toFixed(2)}`);
      }
      opts.log(`incremental scrub after a 50k-number change list`);
      const adds = path.join(dir, 'adds-50k.txt');
      await writeRegistryFile({ out: adds, numbers: 50_000, seed: 77 });
      const aSha = await sha256OfFile(adds);
      const aKey = `bench-scrub/${RAW_KEYS.registryFile('federal-additions', '', aSha)}`;
      await uploadFile(s3, deps.buckets.raw, aKey, adds);
      const aCopy = await registerCopy(pool, { kind: 'federal-additions', state: '', sha256: aSha, rawKey: aKey, downloadedAt: new Date().toISOString(), areaCodes: 'subscribed', actor: 'bench', workflowId: 'bench-adds' });
      await loadListFile(deps, aCopy);
      await freshWorker();
      t0 = performance.now();
      const inc = await client.workflow.execute<typeof complianceScrubWorkflow>(WORKFLOW_TYPES.complianceScrub, { taskQueue, workflowId: WORKFLOW_IDS.complianceScrub('incremental', `bench-${Date.now()}`), args: [{ mode: 'incremental', actor: 'bench' }] });
      incrementalSec = (performance.now() - t0) / 1000;
      incrementalContacts = inc.contactsScrubbed;
    } finally {
      await current.stop?.();
      await connection.close();
      await clientConn.close();
    }
    const scrubSec = median(rounds.map((r) => r.scrubSec));
    const floorSec = median(rounds.map((r) => r.floorSec));
    const contactsPerSec = Math.round(opts.contacts / scrubSec);
    const floorRowsPerSec = Math.round(opts.contacts / floorSec);
    return {
      contacts: opts.contacts, registry: loaded.numbers, registryLoadPerSec: Math.round(loaded.linesRead / registryLoadSec), lookupsPerSec, contactsPerSec,
      scrubSec: Number(scrubSec.toFixed(1)), floorRowsPerSec, floorSec: Number(floorSec.toFixed(1)), ratio: Number((contactsPerSec / floorRowsPerSec).toFixed(2)),
      incrementalSec: Number(incrementalSec.toFixed(1)), incrementalContacts, byStatus: full!.byStatus, load: await loadAvg(), rounds,
    };
  } finally {
    await pool.end();
    await redis.quit();
    s3.destroy();
  }
}
