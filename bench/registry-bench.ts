// `npm run bench -- registry --numbers N`: the registry storage alternatives side by side on one generated file —
// per-area-code bitmaps in the object store (the chosen store: loaded by the real load activity, read through an
// in-process cache), per-area-code bitmaps in Redis, and a MySQL table — each measured for load speed, lookup speed
// and memory. The MySQL side loads at most --mysql-max numbers and is projected linearly beyond.
import { createReadStream, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2';
import { loadConfig } from '../config/env';
import { RAW_KEYS } from '../config/constants';
import { createDbPool, createRedis, createS3 } from '../workers/clients';
import { writeRegistryFile } from '../generator/registry-file';
import { sha256OfFile, uploadFile } from '../starters/raw-upload';
import { registerCopy } from '../activities/compliance/copy-records';
import { loadListFile } from '../activities/compliance/list-load';
import { LineSetCache, currentVersions, getLineBit } from '../activities/compliance/registry-store';
import { newBitmap, setLine, xlinesBytes, type LineSet } from '../domain/compliance/bitmap';
import { RegistryLineParser } from '../domain/compliance/registry-lines';
import { Prng } from '../generator/prng';

export interface RegistryBenchResult {
  numbers: number;
  objectStore: { loadPerSec: number; loadSec: number; lookupsPerSec: number; checkLookupMs: number; storedMb: number };
  redis: { loadPerSec: number; loadSec: number; lookupsPerSec: number; usedMemoryMb: number };
  mysql: { numbersLoaded: number; loadPerSec: number; loadSec: number; lookupsPerSec: number; tableMb: number; projectedMbAtN: number };
  load: string;
}

async function loadAverages(): Promise<string> {
  return (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
}

/** Numbers to look up: half from the file's area codes' listed lines (a sample), half random lines. */
function sampleNumbers(codes: string[], count: number): Array<[string, number]> {
  const rng = new Prng(5, 1);
  return Array.from({ length: count }, () => [codes[Math.floor(rng.float() * codes.length)]!, 2_000_000 + Math.floor(rng.float() * 7_999_999)] as [string, number]);
}

export async function runRegistryBench(opts: { numbers: number; mysqlMax: number; lookups: number; log: (s: string) => void }): Promise<RegistryBenchResult> {
  const config = loadConfig();
  const pool = createDbPool(config, { connectionLimit: 4 });
  const s3 = createS3(config);
  const redis = createRedis(config);
  const deps = { pool, s3, buckets: { raw: config.S3_RAW_BUCKET, processed: config.S3_PROCESSED_BUCKET }, defaultPhoneRegion: 'US' };
  const dir = path.resolve(config.DATA_DIR, 'bench-registry');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `federal-${opts.numbers}.txt`);
  try {
    opts.log(`generating ${opts.numbers.toLocaleString('en-US')} numbers (not timed)`);
    const gen = await writeRegistryFile({ out: file, numbers: opts.numbers, seed: opts.numbers });
    const sha256 = await sha256OfFile(file);
    const rawKey = `bench/${RAW_KEYS.registryFile('federal', '', sha256)}`;
    await uploadFile(s3, deps.buckets.raw, rawKey, file);
    const probes = sampleNumbers(gen.areaCodes, opts.lookups);

    // 1. Object store bitmaps, loaded by the real activity code.
    await pool.query("DELETE v FROM registry_versions v JOIN registry_copies c ON c.id = v.copy_id WHERE c.workflow_id = 'bench'");
    await pool.query("DELETE e FROM registry_load_errors e JOIN registry_copies c ON c.id = e.copy_id WHERE c.workflow_id = 'bench'");
    await pool.query("DELETE FROM registry_copies WHERE workflow_id = 'bench'");
    const copy = await registerCopy(pool, { kind: 'federal', state: '', sha256, rawKey, downloadedAt: new Date().toISOString(), areaCodes: null, actor: 'bench', workflowId: 'bench' });
    let t0 = performance.now();
    const outcome = await loadListFile(deps, copy);
    const osLoadSec = (performance.now() - t0) / 1000;
    opts.log(`object store: loaded ${outcome.numbers.toLocaleString('en-US')} numbers in ${osLoadSec.toFixed(1)} s`);
    const versions = (await currentVersions(pool, gen.areaCodes)).filter((v) => v.copyId === copy.id);
    const keyOf = new Map(versions.map((v) => [v.npa, v.objectKey!]));
    let storedBytes = 0;
    for (const v of versions) storedBytes += v.objectKey!.endsWith('.xlines') ? xlinesBytes(v.numbers) : 1_250_000;
    const cache = new LineSetCache(deps);
    const sets = new Map<string, LineSet>();
    for (const v of versions) sets.set(v.npa, await cache.get(v.objectKey!));
    t0 = performance.now();
    let hits = 0;
    for (const [npa, line] of probes) if (sets.get(npa)!.has(line)) hits += 1;
    const osLookupSec = (performance.now() - t0) / 1000;
    t0 = performance.now();
    for (const [npa, line] of probes.slice(0, 200)) await getLineBit(deps, keyOf.get(npa)!, line);
    const checkLookupMs = (performance.now() - t0) / 200;

    // 2. Redis bitmaps: the same file parsed into per-area-code bitmaps, each SET whole (the fastest Redis load).
    const prefix = 'wt12bench:dnc:';
    t0 = performance.now();
    const memBefore = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    const bitmaps = new Map<number, Buffer>();
    let lastNpa = -1;
    let current: Buffer | undefined;
    const flush = async (npa: number, b: Buffer) => {
      await redis.set(`${prefix}${npa}`, b);
      bitmaps.delete(npa);
    };
    const parser = new RegistryLineParser({
      number: (npa, line7) => {
        if (npa !== lastNpa) {
          lastNpa = npa;
          current = bitmaps.get(npa) ?? newBitmap();
          bitmaps.set(npa, current);
        }
        setLine(current!, line7);
      },
      malformed: () => {},
    });
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      parser.push(chunk as Buffer);
      // The file is sorted: every area code before the current one is complete.
      for (const [npa, b] of [...bitmaps]) if (npa !== lastNpa) await flush(npa, b);
    }
    parser.end();
    for (const [npa, b] of [...bitmaps]) await flush(npa, b);
    const redisLoadSec = (performance.now() - t0) / 1000;
    const memAfter = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    t0 = performance.now();
    let redisHits = 0;
    for (let i = 0; i < probes.length; i += 10_000) {
      const p = redis.pipeline();
      for (const [npa, line] of probes.slice(i, i + 10_000)) p.getbit(`${prefix}${npa}`, line);
      for (const [, v] of (await p.exec()) ?? []) if (v === 1) redisHits += 1;
    }
    const redisLookupSec = (performance.now() - t0) / 1000;
    if (redisHits !== hits) throw new Error(`Redis found ${redisHits} listed numbers, the object store ${hits}: the stores disagree`);
    for (const npa of gen.areaCodes) await redis.del(`${prefix}${npa}`);

    // 3. A MySQL table keyed by (npa, line), LOAD DATA of the first --mysql-max numbers.
    const mysqlN = Math.min(opts.mysqlMax, gen.numbers);
    await pool.query('DROP TABLE IF EXISTS bench_dnc_numbers');
    await pool.query('CREATE TABLE bench_dnc_numbers (npa SMALLINT UNSIGNED NOT NULL, line INT UNSIGNED NOT NULL, PRIMARY KEY (npa, line)) ENGINE=InnoDB');
    const conn = await pool.getConnection();
    t0 = performance.now();
    try {
      async function* firstLines() {
        let n = 0;
        for await (const l of createInterface({ input: createReadStream(file) })) {
          if (!/^\d{10}$/.test(l)) continue;
          yield Buffer.from(`${l.slice(0, 3)}\t${l.slice(3)}\n`);
          if (++n >= mysqlN) return;
        }
      }
      await conn.query({ sql: "LOAD DATA LOCAL INFILE 'dnc' IGNORE INTO TABLE bench_dnc_numbers FIELDS TERMINATED BY '\\t' (npa, line)", infileStreamFactory: () => Readable.from(firstLines()) });
    } finally {
      conn.release();
    }
    const mysqlLoadSec = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const mysqlProbes = probes.slice(0, Math.min(probes.length, 200_000));
    for (let i = 0; i < mysqlProbes.length; i += 1000) {
      const batch = mysqlProbes.slice(i, i + 1000);
      await pool.query<RowDataPacket[]>('SELECT npa, line FROM bench_dnc_numbers WHERE (npa, line) IN (?)', [batch.map(([n, l]) => [Number(n), l])]);
    }
    const mysqlLookupSec = (performance.now() - t0) / 1000;
    const [size] = await pool.query<RowDataPacket[]>("SELECT data_length + index_length AS b FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'bench_dnc_numbers'");
    const tableMb = Number(size[0]!.b) / 2 ** 20;
    await pool.query('DROP TABLE IF EXISTS bench_dnc_numbers');

    return {
      numbers: gen.numbers,
      objectStore: {
        loadPerSec: Math.round(outcome.linesRead / osLoadSec), loadSec: Number(osLoadSec.toFixed(2)), lookupsPerSec: Math.round(probes.length / osLookupSec),
        checkLookupMs: Number(checkLookupMs.toFixed(2)), storedMb: Number((storedBytes / 2 ** 20).toFixed(1)),
      },
      redis: { loadPerSec: Math.round(gen.numbers / redisLoadSec), loadSec: Number(redisLoadSec.toFixed(2)), lookupsPerSec: Math.round(probes.length / redisLookupSec), usedMemoryMb: Math.round((memAfter - memBefore) / 2 ** 20) },
      mysql: {
        numbersLoaded: mysqlN, loadPerSec: Math.round(mysqlN / mysqlLoadSec), loadSec: Number(mysqlLoadSec.toFixed(2)), lookupsPerSec: Math.round(mysqlProbes.length / mysqlLookupSec),
        tableMb: Math.round(tableMb), projectedMbAtN: Math.round((tableMb * gen.numbers) / mysqlN),
      },
      load: await loadAverages(),
    };
  } finally {
    await pool.end();
    await redis.quit();
    s3.destroy();
  }
}
