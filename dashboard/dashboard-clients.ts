// Builds the dashboard's real clients from configuration: its read pool (replica, else its own read-only URL, else
// DATABASE_URL), a Redis client that fails fast instead of queueing (a down cache must not slow an answer), and
// the cookie secret.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/env';
import { createDbPool, type DatabaseConnectionConfig } from '../workers/clients';

export function dashboardReadUrl(config: Pick<AppConfig, 'DATABASE_URL' | 'DASHBOARD_DATABASE_URL' | 'DASHBOARD_REPLICA_URL'>): string {
  return config.DASHBOARD_REPLICA_URL ?? config.DASHBOARD_DATABASE_URL ?? config.DATABASE_URL;
}

/** The read pool, with DATABASE_URL's TLS and sign-in settings (in AWS: verified TLS, an IAM token as contacts_dashboard). */
export function createReadPool(config: DatabaseConnectionConfig & Pick<AppConfig, 'DASHBOARD_DATABASE_URL' | 'DASHBOARD_REPLICA_URL'>, connectionLimit = 16) {
  return createDbPool({ ...config, DATABASE_URL: dashboardReadUrl(config) }, { connectionLimit, flags: ['-LOCAL_FILES'] });
}

export function createCacheRedis(config: Pick<AppConfig, 'REDIS_URL'>): Redis {
  const redis = new Redis(config.REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: 250,
    // Keep trying to reconnect in the background, at most every 2 s.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  redis.on('error', () => undefined); // reported through /health, not as an unhandled event
  return redis;
}

export function cookieSecretOf(config: Pick<AppConfig, 'DASHBOARD_SESSION_SECRET'>): { secret: string; generated: boolean } {
  if (config.DASHBOARD_SESSION_SECRET) return { secret: config.DASHBOARD_SESSION_SECRET, generated: false };
  return { secret: randomBytes(32).toString('base64url'), generated: true };
}
