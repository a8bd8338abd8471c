// What the dashboard pre-aggregates: each summary table and the set-based statement that fills its shadow copy.
// The list is fixed (identifiers never come from input); a table an engine has not created yet contributes nothing.
import mysql from 'mysql2';
import { listableSql, type ListConfig } from '../../domain/list-config';
import type { DbConnection } from '../ingest/connection';
import { buildPriorityShadow, type PriorityBuildContext, type PriorityBuildStats } from './priority-build';

/** Source tables other engines own; their figures join the summaries once they exist. */
export const OPTIONAL_SOURCES = ['golden_records', 'review_queue', 'contact_attempts', 'contact_compliance', 'golden_compliance', 'suppression_log'] as const;

export interface FillContext {
  /** Optional source tables that exist. */
  present: ReadonlySet<string>;
  /** The refresh's reference time, UTC 'YYYY-MM-DD HH:MM:SS.mmm'. */
  now: string;
  lists: ListConfig;
  /** Escaped name of a summary's shadow copy (a later table may read an earlier one's). */
  shadow(name: string): string;
}

export interface SummaryTable {
  /** Live table name (created empty by db/migrations/06x_*). */
  name: string;
  /** INSERT ... SELECT into `target` (the shadow copy) with its parameters: a table one statement fills. */
  fill?(target: string, ctx: FillContext): { sql: string; params: unknown[] };
  /** A table too large for one statement builds its shadow itself, statement by statement. */
  build?(conn: DbConnection, target: string, ctx: FillContext & Omit<PriorityBuildContext, keyof FillContext>): Promise<PriorityBuildStats>;
}

const overview: SummaryTable = {
  name: 'dash_overview',
  // Counts over contacts in one statement each (a scan of a secondary index at 84M rows takes minutes; the refresh
  // runs in the background, the dashboard reads the result in microseconds).
  fill: (target, ctx) => {
    const parts = [
      "SELECT 'contacts', COUNT(*) FROM contacts",
      "SELECT 'contacts_without_key', COUNT(*) FROM contacts WHERE has_contact_key = 0",
      "SELECT 'contacts_with_email', COUNT(*) FROM contacts WHERE email IS NOT NULL",
      "SELECT 'contacts_with_phone', COUNT(*) FROM contacts WHERE phone_e164 IS NOT NULL",
      "SELECT 'import_batches', COUNT(*) FROM import_batches",
      "SELECT 'rows_rejected', COALESCE(SUM(rejected), 0) FROM import_batches",
    ];
    if (ctx.present.has('golden_records')) {
      parts.push("SELECT 'golden_records', COUNT(*) FROM golden_records WHERE status = 'active'");
      parts.push("SELECT 'duplicates_merged', COUNT(*) FROM contacts WHERE is_duplicate = 1");
    }
    if (ctx.present.has('review_queue')) parts.push("SELECT 'review_queue', COUNT(*) FROM review_queue WHERE status = 'open'");
    return { sql: `INSERT INTO ${target} (metric, value) ${parts.join(' UNION ALL ')}`, params: [] };
  },
};

const stateCounts: SummaryTable = {
  name: 'dash_state_counts',
  fill: (target) => ({ sql: `INSERT INTO ${target} (state, contacts) SELECT COALESCE(state, ''), COUNT(*) FROM contacts GROUP BY COALESCE(state, '')`, params: [] }),
};

/**
 * One row per golden record (per contact until dedupe has run), its score and its ranks: built in keyset chunks with
 * its indexes added afterwards (activities/dashboard/priority-build.ts), never as one statement.
 */
const priority: SummaryTable = {
  name: 'dash_priority',
  build: (conn, target, ctx) => buildPriorityShadow(conn, target, ctx),
};

/**
 * The distinct jurisdictions of the list, for the request-time calling-window and registry-freshness checks, with the
 * records listable for the default campaign in each (the list's total when nothing else filters it).
 */
const jurisdictions: SummaryTable = {
  name: 'dash_jurisdictions',
  fill: (target, ctx) => ({
    sql: `INSERT INTO ${target} (jkey, npa, state, records, listable)
      SELECT p.jkey, MIN(p.npa), MIN(p.state), COUNT(*), SUM(${listableSql('p', ctx.lists.defaultCampaign)}) FROM ${ctx.shadow('dash_priority')} p GROUP BY p.jkey`,
    params: [],
  }),
};

export const SUMMARY_TABLES: readonly SummaryTable[] = [overview, stateCounts, priority, jurisdictions];

export const shadowName = (name: string) => mysql.escapeId(`${name}__new`);
