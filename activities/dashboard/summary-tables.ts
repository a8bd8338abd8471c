// What the dashboard pre-aggregates: each summary table and the set-based statement that fills its shadow copy.
// The list is fixed (identifiers never come from input); a table an engine has not created yet contributes nothing.
import mysql from 'mysql2';
import type { ListConfig } from '../../domain/list-config';
import { scoreSql } from '../../domain/priority-score';

/** Source tables other engines own; their figures join the summaries once they exist. */
export const OPTIONAL_SOURCES = ['golden_records', 'review_queue', 'contact_attempts'] as const;

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
  /** INSERT ... SELECT into `target` (the shadow copy) with its parameters. */
  fill(target: string, ctx: FillContext): { sql: string; params: unknown[] };
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

/** One row per golden record (per contact until dedupe has run), its score and its ranks. */
const priority: SummaryTable = {
  name: 'dash_priority',
  fill: (target, ctx) => {
    const cfg = ctx.lists.priorityScore;
    const golden = ctx.present.has('golden_records');
    const base = golden
      ? `SELECT g.id AS golden_id, g.first_name, g.last_name, g.name_key, g.email, g.phone_e164, g.address_line, g.city, g.state, g.postal_code, g.dob,
                g.member_count, COALESCE(g.source_updated_at, r.source_updated_at) AS updated_at, sf.source_kind
         FROM golden_records g JOIN contacts r ON r.id = g.representative_id JOIN source_files sf ON sf.id = r.source_file_id
         WHERE g.status = 'active'`
      : `SELECT c.id AS golden_id, c.first_name, c.last_name, c.name_key, c.email, c.phone_e164, c.address_line, c.city, c.state, c.postal_code, c.dob,
                1 AS member_count, c.source_updated_at AS updated_at, sf.source_kind
         FROM contacts c JOIN source_files sf ON sf.id = c.source_file_id`;
    const attemptsJoin = ctx.present.has('contact_attempts')
      ? `LEFT JOIN (SELECT phone_e164, COUNT(*) AS n FROM contact_attempts WHERE attempted_at >= ? - INTERVAL ${cfg.attemptsWindowDays} DAY GROUP BY phone_e164) a ON a.phone_e164 = b.phone_e164`
      : 'LEFT JOIN (SELECT NULL AS phone_e164, 0 AS n) a ON 1 = 0';
    const withAttempts = `SELECT b.*, COALESCE(a.n, 0) AS attempts FROM (${base}) b ${attemptsJoin}`;
    const score = scoreSql(cfg, 'x', ctx.now);
    const scored = `SELECT x.*, ${score.sql} AS score FROM (${withAttempts}) x`;
    const npa = "IF(s.phone_e164 LIKE '+1__________', SUBSTRING(s.phone_e164, 3, 3), NULL)";
    const sql = `INSERT INTO ${target} (golden_id, score, first_name, last_name, name_key, email, phone_e164, npa, state, postal_code, source_kind,
        member_count, attempts, updated_at, jkey, reach, rank_all, rank_state)
      SELECT s.golden_id, s.score, s.first_name, s.last_name, COALESCE(s.name_key, ''), s.email, s.phone_e164, ${npa}, COALESCE(s.state, ''), s.postal_code,
        COALESCE(s.source_kind, ''), s.member_count, s.attempts, s.updated_at, CONCAT(COALESCE(${npa}, ''), '|', COALESCE(s.state, '')),
        (s.phone_e164 IS NOT NULL) + 2 * (s.email IS NOT NULL),
        -- Ranks of the phone lists' default order (a record without a phone is on no phone list: rank 0).
        IF(s.phone_e164 IS NULL, 0, ROW_NUMBER() OVER (PARTITION BY s.phone_e164 IS NULL ORDER BY s.score DESC, s.golden_id DESC)),
        IF(s.phone_e164 IS NULL, 0, ROW_NUMBER() OVER (PARTITION BY s.phone_e164 IS NULL, COALESCE(s.state, '') ORDER BY s.score DESC, s.golden_id DESC))
      FROM (${scored}) s`;
    // Placeholders in text order: the score's (in the select list) before the attempts window's (in the FROM).
    return { sql, params: [...score.params, ...(ctx.present.has('contact_attempts') ? [ctx.now] : [])] };
  },
};

/** The distinct jurisdictions of the list, for the request-time calling-window check. */
const jurisdictions: SummaryTable = {
  name: 'dash_jurisdictions',
  fill: (target, ctx) => ({
    sql: `INSERT INTO ${target} (jkey, npa, state, records) SELECT jkey, MIN(npa), MIN(state), COUNT(*) FROM ${ctx.shadow('dash_priority')} GROUP BY jkey`,
    params: [],
  }),
};

export const SUMMARY_TABLES: readonly SummaryTable[] = [overview, stateCounts, priority, jurisdictions];

export const shadowName = (name: string) => mysql.escapeId(`${name}__new`);
