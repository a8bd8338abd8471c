// Redis cache of read answers, keyed by the normalized query and the refresh generation the read side has seen.
// A refresh lands as a new row in dash_refreshes; the dashboard sees its id only once the database it reads from
// (the read replica, when configured) has replicated past it, so a new generation's key can never hold rows read
// before that refresh: invalidation is the generation moving on (old keys expire by TTL). With Redis down every
// call reads the database and the cache reports itself down for /health.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type CacheRedis = Pick<Redis, 'get' | 'set' | 'ping'>;

export interface CacheStats {
  hits: number;
  misses: number;
  errors: number;
}

export interface QueryCache {
  /** The cached answer for (name, params) at `generation`, else compute, store and return it. */
  getOrCompute<T>(name: string, params: Record<string, unknown>, generation: number, compute: () => Promise<T>, ttlSec?: number): Promise<{ value: T; hit: boolean }>;
  /** Redis answered its last command (false after an error until one succeeds). */
  healthy(): boolean;
  ping(timeoutMs?: number): Promise<boolean>;
  stats: CacheStats;
}

/** Stable text of the parameters: keys sorted, undefined and empty values dropped, arrays sorted. */
export function normalizeQuery(params: Record<string, unknown>): string {
  const entries = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => [k, Array.isArray(v) ? [...v].map(String).sort() : v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

export function cacheKey(prefix: string, name: string, params: Record<string, unknown>, generation: number): string {
  const digest = createHash('sha1').update(normalizeQuery(params)).digest('base64url');
  return `${prefix}:g${generation}:${name}:${digest}`;
}

export function createQueryCache(redis: CacheRedis, opts: { prefix: string; ttlSec: number }): QueryCache {
  let ok = true;
  const stats: CacheStats = { hits: 0, misses: 0, errors: 0 };
  const failed = () => {
    ok = false;
    stats.errors += 1;
  };
  return {
    stats,
    healthy: () => ok,
    async ping(timeoutMs = 500) {
      try {
        const pong = await Promise.race([redis.ping(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('ping timeout')), timeoutMs).unref())]);
        ok = pong === 'PONG';
      } catch {
        ok = false;
      }
      return ok;
    },
    async getOrCompute(name, params, generation, compute, ttlSec) {
      const key = cacheKey(opts.prefix, name, params, generation);
      let cached: string | null = null;
      try {
        cached = await redis.get(key);
        ok = true;
      } catch {
        failed();
      }
      if (cached !== null) {
        stats.hits += 1;
        return { value: JSON.parse(cached) as Awaited<ReturnType<typeof compute>>, hit: true };
      }
      stats.misses += 1;
      const value = await compute();
      if (ok) {
        // Not awaited by the caller's answer: a slow or failing write never delays or fails the request.
        redis.set(key, JSON.stringify(value), 'EX', ttlSec ?? opts.ttlSec).then(() => undefined, failed);
      }
      return { value, hit: false };
    },
  };
}
