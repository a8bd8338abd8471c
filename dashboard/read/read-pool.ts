// The subset of a mysql2 pool the dashboard's reads use, and a typed row query with its time recorded per request.
import type { Pool, RowDataPacket } from 'mysql2/promise';

export type ReadPool = Pick<Pool, 'query'>;

/** Milliseconds spent in the database and the cache by one request (logged for slow requests). */
export interface RequestTimings {
  dbMs: number;
  cacheMs: number;
  queries: number;
}

export function newTimings(): RequestTimings {
  return { dbMs: 0, cacheMs: 0, queries: 0 };
}

export async function selectRows<T>(pool: ReadPool, sql: string, params: unknown[], timings?: RequestTimings): Promise<T[]> {
  const t0 = performance.now();
  try {
    const [rows] = await pool.query<RowDataPacket[]>(sql, params);
    return rows as unknown as T[];
  } finally {
    if (timings) {
      timings.dbMs += performance.now() - t0;
      timings.queries += 1;
    }
  }
}
