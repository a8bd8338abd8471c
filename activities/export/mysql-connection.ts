// The narrow MySQL client the export reads a legacy database through, and its default mysql2 implementation
// (one connection per activity: UTC session, utf8mb4, dates and big numbers as exact strings, streamed rows).
import type { Readable } from 'node:stream';
import mysql from 'mysql2';
import { explainTlsFailure, type MysqlTlsSetting, mysqlSslOptions, SOURCE_TLS_NAMES } from '../../db/tls-options';
import { abortMysqlConnection } from '../mysql-abort';
import { logWarn } from './activity-progress';

export interface MysqlSourceConnection {
  /** Runs a query and returns its rows as objects keyed by column alias. */
  query(sql: string, values?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Streams a query's rows as arrays in select-list order, with backpressure (never the whole result in memory). */
  stream(sql: string, values?: readonly unknown[]): AsyncIterable<unknown[]>;
  close(): Promise<void>;
  /** Ends the connection now (activity cancelled): the statement or stream in flight fails with `reason`. */
  abort(reason: unknown): void;
}

/** Opens a connection to the source database named by a mysql:// (or mariadb://) URL. */
export type OpenMysqlSource = (url: string) => Promise<MysqlSourceConnection>;

/** The password: from the URL (tests, trusted callers) or from the worker's environment variable named by ?password_env=. */
export function sourcePassword(u: URL, env: NodeJS.ProcessEnv = process.env): string {
  const variable = u.searchParams.get('password_env');
  if (variable === null) return decodeURIComponent(u.password);
  const value = env[variable];
  if (value === undefined) throw new Error(`source ${u.hostname}: environment variable ${variable} (named by ?password_env=) is not set on this worker`);
  return value;
}

/** The source's TLS setting from `?tls=verify&tls_ca=...` (validated by parseSourceArg); plain when absent. */
export function sourceTls(u: URL): MysqlTlsSetting {
  const ca = u.searchParams.get('tls_ca') ?? undefined;
  return { mode: u.searchParams.get('tls') === 'verify' ? 'verify' : 'off', ...(ca === undefined ? {} : { ca }) };
}

export const openMysqlSource: OpenMysqlSource = async (url) => {
  const u = new URL(url);
  const dbPath = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const tls = sourceTls(u);
  const target = `source ${u.hostname}:${u.port || 3306}`;
  const ssl = mysqlSslOptions(tls, u.hostname, target);
  const conn = mysql.createConnection({
    ...(ssl ? { ssl } : {}),
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username || 'root'),
    password: sourcePassword(u),
    database: dbPath.split('.')[0] || undefined,
    charset: 'utf8mb4',
    timezone: 'Z',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
    connectTimeout: 20_000,
  });
  // mysql2 hands a fatal connection error (server restart, killed session, network loss) to a query only when it
  // has a callback: a streamed query gets no 'error' and no 'end', so its rows iterator would wait forever and
  // the activity could never finish, fail or be cancelled. The error is emitted on the connection instead:
  // remember it, end the stream in flight with it, and refuse any later statement at once.
  let fatal: Error | null = null;
  let streaming: Readable | null = null;
  conn.on('error', (err: NodeJS.ErrnoException) => {
    logWarn('source connection error', { code: err.code, fatal: (err as { fatal?: boolean }).fatal });
    if (!(err as { fatal?: boolean }).fatal) return;
    fatal ??= err;
    streaming?.destroy(err);
  });
  const p = conn.promise();
  try {
    await p.connect();
    // TIMESTAMP columns are rendered in the session time zone: pin it so every chunk reads the same text.
    await p.query("SET time_zone = '+00:00'");
  } catch (err) {
    conn.destroy();
    throw explainTlsFailure(err, target, tls, SOURCE_TLS_NAMES);
  }
  return {
    async query(sql, values) {
      if (fatal) throw fatal;
      const [rows] = await p.query(sql, values as unknown[] | undefined);
      return rows as Record<string, unknown>[];
    },
    stream(sql, values) {
      if (fatal) throw fatal;
      const rows = conn.query({ sql, values: values as unknown[] | undefined, rowsAsArray: true }).stream({ highWaterMark: 512 });
      streaming = rows;
      rows.once('close', () => {
        if (streaming === rows) streaming = null;
      });
      // The connection may have failed while the statement was being queued (mysql2 then emits it synchronously).
      if (fatal) rows.destroy(fatal);
      return rows as AsyncIterable<unknown[]>;
    },
    async close() {
      // QUIT would queue behind a statement that never ends, and a dead connection cannot send it: destroy those.
      if (fatal || streaming) {
        streaming?.destroy();
        conn.destroy();
        return;
      }
      await p.end().catch(() => conn.destroy());
    },
    abort(reason) {
      // Through mysql2's network-error path: the 'error' handler above then ends the stream in flight too.
      abortMysqlConnection(conn, reason);
    },
  };
};
