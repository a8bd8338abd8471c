// The dashboard refresh: rebuilds every summary table into a shadow copy, swaps all of them in with one RENAME
// TABLE (atomic: a reader sees the old set or the new set, never a mix or a half-filled table), and records the
// refresh in dash_refreshes, whose id is the cache generation the dashboard keys its answers by. Idempotent: a
// retry rebuilds and swaps again. One refresh at a time (a named lock): a second waits for the first.
import { Context } from '@temporalio/activity';
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import mysql from 'mysql2';
import type { ActivityDeps } from '../deps';
import { claimChangeCut, consumeChangeCut } from '../change-feed';
import { holdConnection } from '../ingest/connection';
import { heartbeatDetails, keepAlive } from '../keep-alive';
import { OPTIONAL_SOURCES, SUMMARY_TABLES, shadowName, type SummaryTable } from './summary-tables';
import { loadListConfig } from './list-config-file';

export interface RefreshDashboardInput {
  /** The refresh run's workflow id: its change-feed pass id and its row in dash_refreshes. */
  workflowId: string;
  reason: string;
}

export interface RefreshDashboardResult {
  refreshId: number;
  durationMs: number;
  tables: Array<{ name: string; rows: number; ms: number; phases?: Record<string, number>; chunks?: number }>;
  /** Import batches this refresh took in for the first time. */
  newBatches: number;
}

/** Named locks are server-wide: the database's name is appended, so refreshes of two databases never wait on each other. */
const LOCK_NAME = 'contacts-dashboard-refresh:';
const LOCK_WAIT_SEC = 3600;
/** Records per statement of a chunked build (dash_priority): small enough that one statement commits in seconds at 10M. */
export const REFRESH_CHUNK_ROWS = 500_000;

export interface RefreshOptions {
  chunkRows?: number;
  /** The scores' reference time (default: the refresh's start); tests pin it to compare two builds. */
  scoredAt?: Date;
}

export async function refreshDashboardTables(
  deps: Pick<ActivityDeps, 'pool'>, input: RefreshDashboardInput, summaries: readonly SummaryTable[] = SUMMARY_TABLES, signal?: AbortSignal,
  options: RefreshOptions = {},
): Promise<RefreshDashboardResult> {
  const started = new Date();
  const held = await holdConnection(deps.pool, signal);
  const { conn } = held;
  try {
    const [lock] = await conn.query<RowDataPacket[]>('SELECT GET_LOCK(CONCAT(?, DATABASE()), ?) AS got', [LOCK_NAME, LOCK_WAIT_SEC]);
    if (Number(lock[0]?.got) !== 1) throw new Error(`dashboard refresh: could not take lock ${LOCK_NAME} within ${LOCK_WAIT_SEC}s`);
    try {
      const cut = await claimChangeCut(deps.pool, 'refresh', input.workflowId);
      const [present] = await conn.query<RowDataPacket[]>(
        'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN (?)', [OPTIONAL_SOURCES],
      );
      const presentSet = new Set(present.map((r) => String(r.t)));
      // Golden records replace contacts on the lists once a dedupe pass has written some (before it, every contact
      // is its own record).
      if (presentSet.has('golden_records')) {
        const [any] = await conn.query<RowDataPacket[]>('SELECT 1 FROM golden_records LIMIT 1');
        if (any.length === 0) presentSet.delete('golden_records');
      }
      const ctx = {
        present: presentSet,
        now: (options.scoredAt ?? started).toISOString().replace('T', ' ').replace('Z', ''),
        lists: loadListConfig(),
        shadow: shadowName,
      };
      // Opt-outs recorded after this mark may not be in the stored statuses this refresh reads (an opt-out's re-scrub
      // runs seconds after its row is written; 10 minutes is the margin): the lists leave their records out at read
      // time until a later refresh's mark passes them (dashboard/read/read-time-rules.ts).
      const [mark] = presentSet.has('suppression_log')
        ? await conn.query<RowDataPacket[]>('SELECT COALESCE((SELECT id FROM suppression_log WHERE recorded_at < ? - INTERVAL 10 MINUTE ORDER BY id DESC LIMIT 1), 0) AS id', [ctx.now])
        : [[{ id: 0 }] as RowDataPacket[]];
      const suppressionHwm = Number(mark[0]!.id);
      const tables: RefreshDashboardResult['tables'] = [];
      for (const s of summaries) {
        const t0 = Date.now();
        const shadow = shadowName(s.name);
        heartbeatDetails({ building: s.name });
        await conn.query(`DROP TABLE IF EXISTS ${shadow}`);
        await conn.query(`CREATE TABLE ${shadow} LIKE ${mysql.escapeId(s.name)}`);
        if (s.build) {
          const built = await s.build(conn, shadow, {
            ...ctx,
            chunkRows: options.chunkRows ?? REFRESH_CHUNK_ROWS,
            progress: (step) => {
              signal?.throwIfAborted();
              heartbeatDetails({ building: s.name, step });
            },
          });
          tables.push({ name: s.name, rows: built.rows, ms: Date.now() - t0, phases: built.phases, chunks: built.chunks });
        } else if (s.fill) {
          const fill = s.fill(shadow, ctx);
          const [res] = await conn.query<ResultSetHeader>(fill.sql, fill.params);
          tables.push({ name: s.name, rows: res.affectedRows, ms: Date.now() - t0 });
        }
      }
      // All tables in one statement: MySQL and MariaDB apply a multi-table RENAME atomically.
      const renames = summaries.flatMap((s) => [
        `${mysql.escapeId(s.name)} TO ${mysql.escapeId(`${s.name}__old`)}`,
        `${mysql.escapeId(`${s.name}__new`)} TO ${mysql.escapeId(s.name)}`,
      ]);
      for (const s of summaries) await conn.query(`DROP TABLE IF EXISTS ${mysql.escapeId(`${s.name}__old`)}`);
      await conn.query(`RENAME TABLE ${renames.join(', ')}`);
      for (const s of summaries) await conn.query(`DROP TABLE IF EXISTS ${mysql.escapeId(`${s.name}__old`)}`);
      const durationMs = Date.now() - started.getTime();
      await conn.beginTransaction();
      const [ins] = await conn.query<ResultSetHeader>(
        'INSERT INTO dash_refreshes (workflow_id, reason, started_at, duration_ms, stats) VALUES (?, ?, ?, ?, ?)',
        [input.workflowId, input.reason, started, durationMs, JSON.stringify({ tables, newBatches: cut.batches, suppressionHwm })],
      );
      await consumeChangeCut(conn, 'refresh', input.workflowId);
      await conn.commit();
      return { refreshId: ins.insertId, durationMs, tables, newBatches: cut.batches };
    } finally {
      await conn.query('SELECT RELEASE_LOCK(CONCAT(?, DATABASE()))', [LOCK_NAME]).catch(() => undefined);
    }
  } finally {
    held.release();
  }
}

export function createDashboardActivities(deps: Pick<ActivityDeps, 'pool'>) {
  return {
    async refreshDashboard(input: RefreshDashboardInput): Promise<RefreshDashboardResult> {
      const signal = Context.current().cancellationSignal;
      return keepAlive(() => refreshDashboardTables(deps, input, SUMMARY_TABLES, signal));
    },
  };
}
