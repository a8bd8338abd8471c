// Test wiring against the real local stack: a throwaway database per test file, real Redis, S3 and Temporal.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { loadConfig, type AppConfig } from '../../config/env';
import { applyMigrations } from '../../db/migrator';
import { createDbPool, createRedis, createS3, poolOptionsFromUrl } from '../../workers/clients';
import type { ActivityDeps } from '../../activities/deps';

export const baseConfig: AppConfig = loadConfig();

export interface TestDatabase {
  name: string;
  url: string;
  config: AppConfig;
  pool: mysql.Pool;
  drop(): Promise<void>;
}

/** Creates a uniquely named database with the schema applied; drop() removes it. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `t_${prefix.replace(/[^a-z0-9]/gi, '_').slice(0, 20)}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const url = new URL(baseConfig.DATABASE_URL);
  url.pathname = `/${name}`;
  const admin = await mysql.createConnection({ ...poolOptionsFromUrl(baseConfig.DATABASE_URL), database: undefined });
  try {
    await admin.query(`CREATE DATABASE ${mysql.escapeId(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await admin.end();
  }
  const config = { ...baseConfig, DATABASE_URL: url.toString() };
  const pool = createDbPool(config, { connectionLimit: 6 });
  await applyMigrations(pool);
  return {
    name,
    url: url.toString(),
    config,
    pool,
    async drop() {
      await pool.end();
      const a = await mysql.createConnection({ ...poolOptionsFromUrl(baseConfig.DATABASE_URL), database: undefined });
      try {
        await a.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(name)}`);
      } finally {
        await a.end();
      }
    },
  };
}

/** Real clients for activities, on the given test database. */
export function activityDeps(db: TestDatabase): ActivityDeps & { close(): Promise<void> } {
  const redis = createRedis(baseConfig);
  const s3 = createS3(baseConfig);
  return {
    pool: db.pool,
    redis,
    s3,
    buckets: { raw: baseConfig.S3_RAW_BUCKET, processed: baseConfig.S3_PROCESSED_BUCKET },
    defaultPhoneRegion: 'US',
    async close() {
      await redis.quit();
      s3.destroy();
    },
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
