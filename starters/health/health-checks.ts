// What `npm run cli -- health` checks, one function per part, each bounded in time and naming what is wrong:
// Temporal, the workers and the monitor (the worker check the waiting commands use), the database and its schema,
// the replica's lag, Redis, the object store, the schedules, alerts that could not be delivered, snapshots.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { Client } from '@temporalio/client';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { AppConfig } from '../../config/env';
import { redactUrl } from '../../config/env';
import { monitorTaskQueue } from '../../config/constants';
import type { DbPool, RedisClient, S3 } from '../../activities/deps';
import { describeSchedules, scheduleDeclarations } from '../schedules';
import { describeWorkers } from '../worker-check';
import { poolOptionsFromUrl } from '../../workers/clients';
import { newestSnapshot, SNAPSHOT_MAX_AGE_SEC } from './snapshot-check';

export interface CheckResult {
  name: string;
  ok: boolean;
  /** What was found, or what is wrong and what to do. */
  detail: string;
  /** Not applicable here (no replica configured, no snapshot yet). */
  skipped?: boolean;
}

export interface HealthDeps {
  config: AppConfig;
  temporal: Client | null;
  /** Why the Temporal client could not be built, when it could not. */
  temporalError?: string;
  pool: DbPool;
  redis: Pick<RedisClient, never> & { ping(): Promise<string> };
  s3: S3;
}

export type Check = (deps: HealthDeps) => Promise<CheckResult | CheckResult[]>;

const MIGRATIONS_DIR = path.resolve(__dirname, '../../db/migrations');

const temporalCheck: Check = async ({ config, temporal, temporalError }) => {
  if (!temporal) return { name: 'temporal', ok: false, detail: `cannot reach ${config.TEMPORAL_ADDRESS}: ${temporalError ?? 'no connection'} (is the stack up? npm run stack:up)` };
  await temporal.workflowService.describeNamespace({ namespace: config.TEMPORAL_NAMESPACE });
  return { name: 'temporal', ok: true, detail: `${config.TEMPORAL_ADDRESS}, namespace ${config.TEMPORAL_NAMESPACE}` };
};

const workersCheck: Check = async ({ config, temporal }) => {
  if (!temporal) return { name: 'workers', ok: false, detail: 'unknown: Temporal is not reachable' };
  const queues = [
    { name: 'workers', queue: config.TEMPORAL_TASK_QUEUE, start: 'npm run worker (or bash starters/worker-daemon.sh start)' },
    { name: 'monitor', queue: monitorTaskQueue(config.TEMPORAL_TASK_QUEUE), start: 'npm run monitor (or bash starters/worker-daemon.sh start monitor)' },
  ];
  return Promise.all(queues.map(async ({ name, queue, start }) => {
    const p = await describeWorkers(temporal, queue);
    const pollers = [...new Set([...p.workflowPollers, ...p.activityPollers])];
    return p.ok
      ? { name, ok: true, detail: `task queue ${queue}: ${pollers.length} polling (${pollers.slice(0, 3).join(', ')})` }
      : { name, ok: false, detail: `no worker polls task queue ${queue} (workflow pollers ${p.workflowPollers.length}, activity pollers ${p.activityPollers.length}): start one with ${start}` };
  }));
};

const databaseCheck: Check = async ({ config, pool }) => {
  await pool.query('SELECT 1');
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).map((f) => f.replace(/\.sql$/, ''));
  const [rows] = await pool.query<RowDataPacket[]>('SELECT version FROM schema_migrations').catch(() => [[] as RowDataPacket[]]);
  const applied = new Set(rows.map((r) => String(r.version)));
  const missing = files.filter((f) => !applied.has(f));
  return missing.length
    ? { name: 'database', ok: false, detail: `${redactUrl(config.DATABASE_URL)}: ${missing.length} migration(s) not applied (${missing.slice(0, 3).join(', ')}): run npm run db:migrate` }
    : { name: 'database', ok: true, detail: `${redactUrl(config.DATABASE_URL)}, schema at ${files.at(-1)}` };
};

/** Seconds the replica is behind: MySQL/MariaDB replication status, or Aurora's replica host status. */
export async function replicaLagSeconds(conn: Pick<mysql.Connection, 'query'>): Promise<number | null> {
  const [status] = await conn.query<RowDataPacket[]>('SHOW REPLICA STATUS').catch(() => conn.query<RowDataPacket[]>('SHOW SLAVE STATUS'));
  const row = status[0];
  if (row) {
    const lag = row.Seconds_Behind_Source ?? row.Seconds_Behind_Master;
    return lag === null || lag === undefined ? null : Number(lag);
  }
  const [aurora] = await conn.query<RowDataPacket[]>(
    "SELECT REPLICA_LAG_IN_MILLISECONDS AS ms FROM information_schema.REPLICA_HOST_STATUS WHERE SERVER_ID = @@aurora_server_id",
  ).catch(() => [[] as RowDataPacket[]]);
  return aurora[0] ? Number(aurora[0].ms) / 1000 : null;
}

const replicaCheck: Check = async ({ config }) => {
  if (!config.DATABASE_REPLICA_URL) return { name: 'replica', ok: true, skipped: true, detail: 'no replica configured (DATABASE_REPLICA_URL)' };
  const where = redactUrl(config.DATABASE_REPLICA_URL);
  const conn = await mysql.createConnection({ ...poolOptionsFromUrl(config.DATABASE_REPLICA_URL), connectTimeout: 5000 });
  try {
    const lag = await replicaLagSeconds(conn);
    if (lag === null) return { name: 'replica', ok: false, detail: `${where} is not replicating (no replication status, or its SQL/IO thread stopped)` };
    return lag > config.REPLICA_MAX_LAG_SEC
      ? { name: 'replica', ok: false, detail: `${where} lags the writer by ${lag} s (more than REPLICA_MAX_LAG_SEC=${config.REPLICA_MAX_LAG_SEC})` }
      : { name: 'replica', ok: true, detail: `${where}, ${lag} s behind` };
  } finally {
    await conn.end();
  }
};

const redisCheck: Check = async ({ config, redis }) => {
  const pong = await redis.ping();
  return { name: 'redis', ok: pong === 'PONG', detail: `${redactUrl(config.REDIS_URL)}: PING answered ${pong}` };
};

const objectStoreCheck: Check = async ({ config, s3 }) => {
  const missing: string[] = [];
  for (const bucket of [config.S3_RAW_BUCKET, config.S3_PROCESSED_BUCKET]) {
    await s3.send(new HeadBucketCommand({ Bucket: bucket })).catch((err: unknown) => missing.push(`${bucket} (${(err as Error).name})`));
  }
  return missing.length
    ? { name: 'object store', ok: false, detail: `${config.S3_ENDPOINT}: bucket ${missing.join(', ')} not usable (npm run stack:up creates them)` }
    : { name: 'object store', ok: true, detail: `${config.S3_ENDPOINT}: ${config.S3_RAW_BUCKET}, ${config.S3_PROCESSED_BUCKET}` };
};

const schedulesCheck: Check = async ({ config, temporal }) => {
  if (!temporal) return { name: 'schedules', ok: false, detail: 'unknown: Temporal is not reachable' };
  const states = await describeSchedules(temporal, scheduleDeclarations(config));
  const wrong = states.filter((s) => s.declared && (!s.present || s.paused)).map((s) => `${s.id} ${s.present ? 'paused' : 'missing'}`);
  return wrong.length
    ? { name: 'schedules', ok: false, detail: `${wrong.join(', ')}: run npm run cli -- schedules apply (or unpause it)` }
    : { name: 'schedules', ok: true, detail: `${states.filter((s) => s.declared).length} declared, all present: ${states.map((s) => s.id).join(', ')}` };
};

const alertsCheck: Check = async ({ pool }) => {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM alerts WHERE sent_at IS NULL AND created_at < CURRENT_TIMESTAMP(3) - INTERVAL 5 MINUTE',
  );
  const n = Number(rows[0]!.n);
  return n
    ? { name: 'alerts', ok: false, detail: `${n} alert(s) not accepted by every channel since ${String(rows[0]!.oldest)} (check ALERT_WEBHOOK_URL / ALERT_SNS_TOPIC_ARN; the log has them)` }
    : { name: 'alerts', ok: true, detail: 'every alert delivered' };
};

const snapshotCheck: Check = async ({ pool }) => {
  const s = await newestSnapshot(pool);
  if (s === null) return { name: 'snapshots', ok: true, skipped: true, detail: 'no snapshot yet' };
  const ageSec = Math.round((Date.now() - s.takenAt.getTime()) / 1000);
  if (!s.validated) return { name: 'snapshots', ok: false, detail: `the newest snapshot (${s.id}, ${ageSec} s old) ${s.validated === null ? 'has not been validated' : 'failed validation'}` };
  return ageSec > SNAPSHOT_MAX_AGE_SEC
    ? { name: 'snapshots', ok: false, detail: `the newest validated snapshot (${s.id}) is ${Math.round(ageSec / 3600)} h old (more than a day)` }
    : { name: 'snapshots', ok: true, detail: `newest ${s.id}, ${Math.round(ageSec / 60)} min old, validated` };
};

export const CHECKS: ReadonlyArray<{ name: string; run: Check }> = [
  { name: 'temporal', run: temporalCheck },
  { name: 'workers', run: workersCheck },
  { name: 'database', run: databaseCheck },
  { name: 'replica', run: replicaCheck },
  { name: 'redis', run: redisCheck },
  { name: 'object store', run: objectStoreCheck },
  { name: 'schedules', run: schedulesCheck },
  { name: 'alerts', run: alertsCheck },
  { name: 'snapshots', run: snapshotCheck },
];

/** Runs every check at once, each within `timeoutMs`; a check that throws or overruns fails naming why. */
export async function runHealthChecks(deps: HealthDeps, timeoutMs = 10_000): Promise<CheckResult[]> {
  const results = await Promise.all(CHECKS.map(async ({ name, run }) => {
    let timer: NodeJS.Timeout | undefined;
    const overrun = new Promise<CheckResult>((resolve) => {
      timer = setTimeout(() => resolve({ name, ok: false, detail: `no answer within ${timeoutMs / 1000} s` }), timeoutMs);
    });
    try {
      const r = await Promise.race([run(deps).catch((err: unknown): CheckResult => ({ name, ok: false, detail: (err as Error).message || String(err) })), overrun]);
      return Array.isArray(r) ? r : [r];
    } finally {
      clearTimeout(timer);
    }
  }));
  return results.flat();
}
