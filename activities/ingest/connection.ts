// The subset of a mysql2 pooled connection that the ingestion transaction uses, and how it is held so that a
// cancelled activity (heartbeat timeout, worker shutdown) fails its statement in flight instead of hanging.
import type { PoolConnection } from 'mysql2/promise';
import type { DbPool } from '../deps';
import { abortMysqlConnection } from '../mysql-abort';

export type DbConnection = Pick<PoolConnection, 'query' | 'execute' | 'beginTransaction' | 'commit' | 'rollback' | 'release'>;

/** A pooled connection held by one activity; `release()` gives it back (call it in `finally`). */
export interface HeldConnection {
  conn: DbConnection;
  release(): void;
}

/**
 * Takes a connection from the pool. When `signal` aborts (the activity is cancelled), a wait for a free
 * connection ends with its reason, and the statement running on the held connection fails with it (the
 * connection is closed and leaves the pool, so the server rolls its transaction back).
 */
export async function holdConnection(pool: DbPool, signal?: AbortSignal): Promise<HeldConnection> {
  signal?.throwIfAborted();
  const acquiring = pool.getConnection();
  let conn: PoolConnection;
  if (signal) {
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      conn = await Promise.race([acquiring, aborted]);
    } catch (err) {
      // A connection that arrives after the abort goes straight back to the pool.
      acquiring.then((late) => late.release(), () => {});
      throw err;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  } else {
    conn = await acquiring;
  }
  const abort = () => abortMysqlConnection(conn.connection, signal?.reason);
  signal?.addEventListener('abort', abort, { once: true });
  return {
    conn,
    release() {
      signal?.removeEventListener('abort', abort);
      conn.release();
    },
  };
}
