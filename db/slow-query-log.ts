// Application slow-query logging: wraps a mysql2 pool once, where clients are built, so every statement it runs
// (pooled queries and those on held connections) that takes longer than the threshold is logged with its timing
// and its parameters masked, and counted.
import type { Pool, PoolConnection } from 'mysql2/promise';
import { maskValue } from '../domain/log-mask';

export interface SlowQuery {
  ms: number;
  /** First word of the statement: SELECT, INSERT, LOAD, ... */
  statement: string;
  /** The statement text, whitespace collapsed, truncated. */
  sql: string;
  params: unknown[];
  failed: boolean;
}

export interface SlowQueryOptions {
  thresholdMs: number;
  onSlow(q: SlowQuery): void;
}

const SQL_MAX = 400;

type Runner = (sql: unknown, values?: unknown) => Promise<unknown>;

function describe(sql: unknown, values: unknown): { text: string; params: unknown[] } {
  const options = typeof sql === 'object' && sql !== null ? (sql as { sql?: string; values?: unknown }) : undefined;
  const text = String(options ? options.sql : sql);
  const raw = values ?? options?.values;
  return { text, params: Array.isArray(raw) ? raw : raw === undefined ? [] : [raw] };
}

export function slowQuery(ms: number, sql: unknown, values: unknown, failed: boolean): SlowQuery {
  const { text, params } = describe(sql, values);
  const flat = text.replace(/\s+/g, ' ').trim();
  return {
    ms: Math.round(ms), statement: (/^\(?\s*(\w+)/.exec(flat)?.[1] ?? '?').toUpperCase(),
    sql: flat.length > SQL_MAX ? `${flat.slice(0, SQL_MAX)}…` : flat, params: params.map(maskValue), failed,
  };
}

/** Objects already wrapped: a pooled connection's wrapper may be handed out again, and must not nest. */
const wrapped = new WeakSet<object>();

function timed(target: Record<'query' | 'execute', Runner>, opts: SlowQueryOptions): void {
  if (wrapped.has(target)) return;
  wrapped.add(target);
  for (const method of ['query', 'execute'] as const) {
    const original = target[method].bind(target);
    target[method] = async (sql, values) => {
      const started = performance.now();
      let failed = false;
      try {
        return await original(sql, values);
      } catch (err) {
        failed = true;
        throw err;
      } finally {
        const ms = performance.now() - started;
        if (ms >= opts.thresholdMs) opts.onSlow(slowQuery(ms, sql, values, failed));
      }
    };
  }
}

/** Times every statement of `pool` and of the connections it hands out; returns the same pool. */
export function logSlowQueries(pool: Pool, opts: SlowQueryOptions): Pool {
  if (opts.thresholdMs <= 0) return pool;
  timed(pool as unknown as Record<'query' | 'execute', Runner>, opts);
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = async () => {
    const conn: PoolConnection = await getConnection();
    timed(conn as unknown as Record<'query' | 'execute', Runner>, opts);
    return conn;
  };
  return pool;
}

/** The default destination: one JSON warning line on stderr, in the shape of the worker's log lines. */
export function logSlowQueryLine(q: SlowQuery): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg: 'slow query', ...q })}\n`);
}
