// Builds the real clients (MariaDB/MySQL pool, Redis, S3) from validated configuration; the only place that does.
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';
import mysql, { type Pool, type PoolOptions } from 'mysql2/promise';
import type { AppConfig } from '../config/env';
import { iamAuthPlugins, iamTokenSource } from '../db/iam-auth';
import { logSlowQueries, logSlowQueryLine, type SlowQuery } from '../db/slow-query-log';
import { DATABASE_TLS_NAMES, explainTlsFailure, type MysqlTlsSetting, mysqlSslOptions } from '../db/tls-options';
import { type TemporalConnectionConfig, temporalConnectionOptions } from './temporal-tls';

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

/** How to reach the database beyond its URL; absent fields mean the local defaults (plain TCP, the URL's password). */
export type DatabaseConnectionConfig = Pick<AppConfig, 'DATABASE_URL'> &
  Partial<Pick<AppConfig, 'DATABASE_PASSWORD' | 'DATABASE_AUTH' | 'DATABASE_TLS' | 'DATABASE_TLS_CA' | 'AWS_REGION'>>;

/** DATABASE_TLS and DATABASE_TLS_CA as one setting (plain when unset). */
export function databaseTls(config: DatabaseConnectionConfig): MysqlTlsSetting {
  return config.DATABASE_TLS_CA === undefined ? { mode: config.DATABASE_TLS ?? 'off' } : { mode: config.DATABASE_TLS ?? 'off', ca: config.DATABASE_TLS_CA };
}

/** TLS (DATABASE_TLS, DATABASE_TLS_CA), the password (DATABASE_PASSWORD) or IAM tokens (DATABASE_AUTH=iam) for DATABASE_URL. */
export function databaseSecurityOptions(config: DatabaseConnectionConfig): Partial<PoolOptions> {
  const u = new URL(config.DATABASE_URL);
  const options: Partial<PoolOptions> = {};
  const ssl = mysqlSslOptions(databaseTls(config), u.hostname, 'DATABASE_URL');
  if (ssl) options.ssl = ssl;
  if (config.DATABASE_PASSWORD !== undefined) options.password = config.DATABASE_PASSWORD;
  if (config.DATABASE_AUTH === 'iam') {
    if (!config.AWS_REGION) throw new Error('DATABASE_AUTH=iam needs AWS_REGION');
    const target = { hostname: u.hostname, port: u.port ? Number(u.port) : 3306, username: decodeURIComponent(u.username), region: config.AWS_REGION };
    options.authPlugins = iamAuthPlugins(iamTokenSource(target));
    options.password = '';
  }
  return options;
}

/** Where a slow statement goes: logged (masked) by default; workers also count it in their metrics. */
export interface DbPoolObservers {
  onSlowQuery?: (q: SlowQuery) => void;
}

/**
 * The pool every process uses, with DATABASE_URL's TLS and sign-in settings. Statements slower than SLOW_QUERY_MS
 * (default 1000; 0 turns it off) are logged with their timing and masked parameters: the one place statements are
 * timed, not each call site.
 */
export function createDbPool(
  config: DatabaseConnectionConfig & Partial<Pick<AppConfig, 'SLOW_QUERY_MS'>>, overrides: Partial<PoolOptions> = {}, observers: DbPoolObservers = {},
): Pool {
  const pool = logSlowQueries(mysql.createPool(poolOptionsFromUrl(config.DATABASE_URL, { ...databaseSecurityOptions(config), ...overrides })), {
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

/** Where DATABASE_URL points, for messages: host:port/database, never the credentials. */
export function databaseTarget(config: Pick<AppConfig, 'DATABASE_URL'>): string {
  const u = new URL(config.DATABASE_URL);
  return `database ${u.hostname}:${u.port || 3306}${u.pathname}`;
}

/**
 * One round trip on the pool at start-up, so a wrong TLS, CA or sign-in setting fails at once naming its cause
 * (not at the first activity). Returns the TLS cipher in use, or null for a plain connection.
 */
export async function checkDatabaseConnection(pool: Pool, config: DatabaseConnectionConfig): Promise<string | null> {
  try {
    const [rows] = await pool.query<mysql.RowDataPacket[]>("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
    const cipher = String(rows[0]?.Value ?? '');
    return cipher === '' ? null : cipher;
  } catch (err) {
    throw explainTlsFailure(err, databaseTarget(config), databaseTls(config), DATABASE_TLS_NAMES);
  }
}

/** Creates the configured database if it does not exist yet (connects without selecting it). */
export async function ensureDatabase(config: DatabaseConnectionConfig): Promise<void> {
  const opts = poolOptionsFromUrl(config.DATABASE_URL, databaseSecurityOptions(config));
  const name = opts.database;
  if (!name) return;
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection({ ...opts, database: undefined });
  } catch (err) {
    throw explainTlsFailure(err, databaseTarget(config), databaseTls(config), DATABASE_TLS_NAMES);
  }
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

/** A Temporal client for starters (mTLS when configured); close its connection in `finally`. */
export async function createTemporalClient(config: TemporalConnectionConfig & Pick<AppConfig, 'TEMPORAL_NAMESPACE'>) {
  const { Client, Connection } = await import('@temporalio/client');
  const connection = await Connection.connect(temporalConnectionOptions(config));
  return { client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }), connection };
}

/** The RDS control-plane client (AWS snapshot mode): AWS's regional endpoint, or RDS_ENDPOINT (an emulator in tests). */
export function createRds(config: Pick<AppConfig, 'S3_REGION' | 'RDS_ENDPOINT'>): RDSClient {
  return new RDSClient({ region: config.S3_REGION, ...(config.RDS_ENDPOINT ? { endpoint: config.RDS_ENDPOINT } : {}) });
}

/**
 * Opens DATABASE_URL's database at another endpoint (an Aurora cluster restored for validation), one connection, with
 * the same TLS and sign-in settings (an IAM token for the restored cluster's host, in AWS).
 */
export function storeCopyOpener(config: DatabaseConnectionConfig) {
  return async (endpoint: { host: string; port: number }) => {
    const url = new URL(config.DATABASE_URL);
    url.hostname = endpoint.host;
    url.port = String(endpoint.port);
    const pool = createDbPool({ ...config, DATABASE_URL: url.toString() }, { connectionLimit: 1 });
    return { pool, close: () => pool.end() };
  };
}
