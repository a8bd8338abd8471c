// Builds the real clients (MariaDB/MySQL pool, Redis, S3) from validated configuration; the only place that does.
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';
import mysql, { type Pool, type PoolOptions } from 'mysql2/promise';
import type { AppConfig } from '../config/env';
import { logSlowQueries, logSlowQueryLine, type SlowQuery } from '../db/slow-query-log';

/** Pool options from a mysql:// URL: UTC, utf8mb4, LOCAL INFILE allowed for set-based loads. */
export function poolOptionsFromUrl(url: string, overrides: Partial<PoolOptions> = {}): PoolOptions {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || undefined;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database,
    timezone: 'Z',
    dateStrings: true,
    charset: 'utf8mb4_bin',
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectionLimit: 8,
    waitForConnections: true,
    enableKeepAlive: true,
    multipleStatements: false,
    // Without FOUND_ROWS, an ON DUPLICATE KEY UPDATE that changes nothing reports 0 affected rows: ingestion relies on it.
    flags: ['+LOCAL_FILES', '-FOUND_ROWS'],
    ...overrides,
  };
}

/** Where a slow statement goes: logged (masked) by default; workers also count it in their metrics. */
export interface DbPoolObservers {
  onSlowQuery?: (q: SlowQuery) => void;
}

/**
 * The pool every process uses. Statements slower than SLOW_QUERY_MS (default 1000; 0 turns it off) are logged with
 * their timing and masked parameters: the one place statements are timed, not each call site.
 */
export function createDbPool(
  config: Pick<AppConfig, 'DATABASE_URL'> & Partial<Pick<AppConfig, 'SLOW_QUERY_MS'>>, overrides: Partial<PoolOptions> = {}, observers: DbPoolObservers = {},
): Pool {
  const pool = logSlowQueries(mysql.createPool(poolOptionsFromUrl(config.DATABASE_URL, overrides)), {
    thresholdMs: config.SLOW_QUERY_MS ?? 1000,
    onSlow: observers.onSlowQuery ?? logSlowQueryLine,
  });
  pool.on('connection', (conn) => {
    // Every session works in UTC so DATETIME values mean the same thing everywhere.
    // The event hands over the callback-style core connection; the statement is queued ahead of any query on it.
    (conn as unknown as { query(sql: string, cb: (err: Error | null) => void): void }).query("SET time_zone = '+00:00'", () => {});
  });
  return pool;
}

/** Creates the configured database if it does not exist yet (connects without selecting it). */
export async function ensureDatabase(config: Pick<AppConfig, 'DATABASE_URL'>): Promise<void> {
  const opts = poolOptionsFromUrl(config.DATABASE_URL);
  const name = opts.database;
  if (!name) return;
  const conn = await mysql.createConnection({ ...opts, database: undefined });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS ${mysql.escapeId(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await conn.end();
  }
}

export function createRedis(config: Pick<AppConfig, 'REDIS_URL'>): Redis {
  return new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: false, enableOfflineQueue: true });
}

export function createS3(config: Pick<AppConfig, 'S3_ENDPOINT' | 'S3_REGION' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE'>): S3Client {
  if (config.S3_ENDPOINT === 'aws') {
    // In AWS: the regional endpoint and the task role's credentials from the default provider chain.
    return new S3Client({ region: config.S3_REGION });
  }
  return new S3Client({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY },
  });
}

/** A Temporal client for starters; close its connection in `finally`. */
export async function createTemporalClient(config: Pick<AppConfig, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'>) {
  const { Client, Connection } = await import('@temporalio/client');
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  return { client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }), connection };
}

/** The RDS control-plane client (AWS snapshot mode): AWS's regional endpoint, or RDS_ENDPOINT (an emulator in tests). */
export function createRds(config: Pick<AppConfig, 'S3_REGION' | 'RDS_ENDPOINT'>): RDSClient {
  return new RDSClient({ region: config.S3_REGION, ...(config.RDS_ENDPOINT ? { endpoint: config.RDS_ENDPOINT } : {}) });
}

/** Opens DATABASE_URL's database at another endpoint (an Aurora cluster restored for validation), one connection. */
export function storeCopyOpener(config: Pick<AppConfig, 'DATABASE_URL'>) {
  return async (endpoint: { host: string; port: number }) => {
    const url = new URL(config.DATABASE_URL);
    url.hostname = endpoint.host;
    url.port = String(endpoint.port);
    const pool = createDbPool({ DATABASE_URL: url.toString() }, { connectionLimit: 1 });
    return { pool, close: () => pool.end() };
  };
}
