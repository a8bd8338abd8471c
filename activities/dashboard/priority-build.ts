// Builds dash_priority's shadow copy at 10M+ records without one long statement: at 10M the single INSERT ... SELECT
// with two ROW_NUMBER() windows over the wide rows sat 32 minutes in "Creating sort index" and rolled back. Instead:
//   1. attempts per phone in the window, aggregated once into a work table (not once per chunk);
//   2. the rows, scored, in keyset ranges of the record id (CHUNK ids per statement: each commits on its own, so a
//      retry or a cancel never rolls back more than one chunk), into a copy with its primary key only;
//   3. the secondary indexes built once, sorted, over the full table (ALTER TABLE ADD INDEX: faster than keeping eight
//      indexes up to date row by row);
//   4. the ranks, from a histogram of (score) and of (state, score) read off the covering indexes: the rows with a
//      phone are cut into score ranges of about CHUNK rows, and each range's ROW_NUMBER() sorts only that range's
//      narrow (score, golden_id) index entries, offset by the rows above the range; written to a narrow work table,
//      then copied into the shadow in id ranges, before the two rank indexes are built.
// The shadow is swapped in by the caller with the other summaries (one RENAME TABLE).
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import mysql from 'mysql2';
import type { DbConnection } from '../ingest/connection';
import type { ListConfig } from '../../domain/list-config';
import { scoreSql } from '../../domain/priority-score';
import { UNSCRUBBED } from '../../domain/compliance/stored-status';
import { blockedMaskSql, contactComplianceColumns } from '../../domain/compliance/list-classes';
import { shippedRules } from '../../domain/compliance/rules';
import { listableSql } from '../../domain/list-config';
import { idRanges } from '../id-ranges';

export interface PriorityBuildContext {
  present: ReadonlySet<string>;
  now: string;
  lists: ListConfig;
  /** Rows (ids) per statement; tests use a handful to exercise the chunk edges. */
  chunkRows: number;
  /** Called between statements: heartbeats, and throws when the activity is cancelled. */
  progress(step: string): void;
}

export interface PriorityBuildStats {
  rows: number;
  /** Milliseconds per phase. */
  phases: Record<string, number>;
  chunks: number;
}

const RANK_COLUMNS = new Set(['rank_all', 'rank_state']);

interface IndexDef { name: string; unique: boolean; columns: string[] }

/** The shadow's secondary indexes as the live table's migration declared them (the shadow is `CREATE TABLE LIKE`). */
async function secondaryIndexes(conn: DbConnection, table: string): Promise<IndexDef[]> {
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT index_name AS n, non_unique AS nu, column_name AS c, sub_part AS sp FROM information_schema.statistics
      WHERE table_schema = DATABASE() AND table_name = ? AND index_name <> 'PRIMARY' ORDER BY index_name, seq_in_index`, [table],
  );
  const byName = new Map<string, IndexDef>();
  for (const r of rows) {
    const name = String(r.n);
    const def = byName.get(name) ?? { name, unique: Number(r.nu) === 0, columns: [] };
    def.columns.push(`${mysql.escapeId(String(r.c))}${r.sp == null ? '' : `(${Number(r.sp)})`}`);
    byName.set(name, def);
  }
  return [...byName.values()];
}

const addIndexes = (table: string, defs: IndexDef[]) =>
  `ALTER TABLE ${table} ${defs.map((d) => `ADD ${d.unique ? 'UNIQUE ' : ''}INDEX ${mysql.escapeId(d.name)} (${d.columns.join(', ')})`).join(', ')}`;

/** The facts columns the base select exposes (contact_compliance's, of the member that gives the record its status). */
const FACT_COLUMNS = contactComplianceColumns('s', 's.f_email_covered');

/** The scored rows of records with ids in (lo, hi]: the select list of the shadow's INSERT. */
function scoredRange(ctx: PriorityBuildContext, attemptsTable: string | null): { sql: string; params: unknown[] } {
  const cfg = ctx.lists.priorityScore;
  const golden = ctx.present.has('golden_records');
  // The stored status of the record's best phone as its last scrub wrote it (golden_compliance), or the contact's
  // own before the first dedupe pass; without one the record is UNSCRUBBED.
  const stored = ctx.present.has('contact_compliance') && (!golden || ctx.present.has('golden_compliance'));
  const tag = (alias: string) => (stored ? `COALESCE(${alias}.status, '${UNSCRUBBED}')` : `'${UNSCRUBBED}'`) + ' AS compliance_tag';
  // The stored facts of the member that gives the record its status (its contact_compliance row), for the list
  // classes it is blocked for; without a row every class is blocked (contactComplianceColumns: scrubbed = row exists).
  const facts = (alias: string, emailCovered: string) => (stored
    ? `${alias}.contact_id, ${alias}.invalid_phone, ${alias}.opted_out, ${alias}.scoped_opt_outs, ${alias}.litigator, ${alias}.dnc_federal, ${alias}.dnc_states, ${alias}.wireless, ${alias}.ebr_until`
    : "NULL AS contact_id, 0 AS invalid_phone, '' AS opted_out, 0 AS scoped_opt_outs, 0 AS litigator, 0 AS dnc_federal, '' AS dnc_states, 0 AS wireless, NULL AS ebr_until")
    + `, ${emailCovered} AS f_email_covered`;
  // A golden record is dialled on the phone of the member that gives it its status (the phone the scrub found
  // callable, or the least blocked one), not on a phone the status says nothing about; its e-mail is the record's, so
  // the facts decide for e-mail only when that member has the same address.
  const base = golden
    ? `SELECT g.id AS golden_id, g.first_name, g.last_name, g.name_key, g.email, ${stored ? 'COALESCE(sm.phone_e164, g.phone_e164)' : 'g.phone_e164'} AS phone_e164,
              g.address_line, g.city, g.state, g.postal_code, g.dob,
              g.member_count, COALESCE(g.source_updated_at, r.source_updated_at) AS updated_at, sf.source_kind, ${tag('gc')}, ${facts('cf', stored ? '(sm.email <=> g.email)' : 'TRUE')}
       FROM golden_records g JOIN contacts r ON r.id = g.representative_id JOIN source_files sf ON sf.id = r.source_file_id
       ${stored ? 'LEFT JOIN golden_compliance gc ON gc.golden_id = g.id LEFT JOIN contact_compliance cf ON cf.contact_id = gc.contact_id LEFT JOIN contacts sm ON sm.id = gc.contact_id' : ''}
       WHERE g.status = 'active' AND g.id > ? AND g.id <= ?`
    : `SELECT c.id AS golden_id, c.first_name, c.last_name, c.name_key, c.email, c.phone_e164, c.address_line, c.city, c.state, c.postal_code, c.dob,
              1 AS member_count, c.source_updated_at AS updated_at, sf.source_kind, ${tag('cc')}, ${facts('cc', 'TRUE')}
       FROM contacts c JOIN source_files sf ON sf.id = c.source_file_id
       ${stored ? 'LEFT JOIN contact_compliance cc ON cc.contact_id = c.id' : ''}
       WHERE c.id > ? AND c.id <= ?`;
  const withAttempts = attemptsTable
    ? `SELECT b.*, COALESCE(a.n, 0) AS attempts FROM (${base}) b LEFT JOIN ${attemptsTable} a ON a.phone_e164 = b.phone_e164`
    : `SELECT b.*, 0 AS attempts FROM (${base}) b`;
  const score = scoreSql(cfg, 'x', ctx.now);
  const rules = shippedRules().rules;
  const mask = blockedMaskSql(FACT_COLUMNS, rules, ctx.now);
  const maskWithoutEbr = blockedMaskSql(FACT_COLUMNS, rules, ctx.now, { ebr: false });
  const npa = "IF(s.phone_e164 LIKE '+1__________', SUBSTRING(s.phone_e164, 3, 3), NULL)";
  const sql = `SELECT s.golden_id, s.score, s.first_name, s.last_name, COALESCE(s.name_key, ''), s.email, s.phone_e164, ${npa}, COALESCE(s.state, ''),
      s.postal_code, COALESCE(s.source_kind, ''), s.member_count, s.attempts, s.updated_at, CONCAT(COALESCE(${npa}, ''), '|', COALESCE(s.state, '')),
      (s.phone_e164 IS NOT NULL) + 2 * (s.email IS NOT NULL), s.compliance_tag, ${mask.sql},
      IF(${mask.sql} <> ${maskWithoutEbr.sql}, s.ebr_until, NULL), 0, 0
    FROM (SELECT x.*, ${score.sql} AS score FROM (${withAttempts}) x) s`;
  // Placeholders in text order: the mask's and the score's (select lists) before the id range's (innermost FROM).
  return { sql, params: [...mask.params, ...mask.params, ...maskWithoutEbr.params, ...score.params] };
}

/** Consecutive ranges of `keys` (descending), each holding about `target` rows, with the rows above each range. */
export function rangesOf<K>(histogram: ReadonlyArray<{ key: K; n: number }>, target: number): Array<{ first: K; last: K; above: number; rows: number }> {
  const out: Array<{ first: K; last: K; above: number; rows: number }> = [];
  let above = 0;
  let cur: { first: K; last: K; above: number; rows: number } | null = null;
  for (const { key, n } of histogram) {
    if (!cur) cur = { first: key, last: key, above, rows: 0 };
    cur.last = key;
    cur.rows += n;
    above += n;
    if (cur.rows >= target) {
      out.push(cur);
      cur = null;
    }
  }
  if (cur) out.push(cur);
  return out;
}

export async function buildPriorityShadow(conn: DbConnection, target: string, ctx: PriorityBuildContext): Promise<PriorityBuildStats> {
  const phases: Record<string, number> = {};
  let chunks = 0;
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      phases[name] = (phases[name] ?? 0) + Date.now() - t0;
    }
  };
  const shadowName = target.replace(/`/g, '');
  const work = (name: string) => mysql.escapeId(`${shadowName}__${name}`);
  const attemptsTable = ctx.present.has('contact_attempts') ? work('attempts') : null;
  const ranksTable = work('ranks');
  // The narrow rank sorts fit in memory per range (session-only settings; the server's are left alone).
  const indexes = await secondaryIndexes(conn, shadowName);
  if (indexes.length) await conn.query(`ALTER TABLE ${target} ${indexes.map((d) => `DROP INDEX ${mysql.escapeId(d.name)}`).join(', ')}`);

  try {
    await conn.query('SET SESSION sort_buffer_size = 64 * 1024 * 1024, SESSION tmp_table_size = 256 * 1024 * 1024, SESSION max_heap_table_size = 256 * 1024 * 1024');
    if (attemptsTable) {
      await timed('attempts', async () => {
        await conn.query(`DROP TABLE IF EXISTS ${attemptsTable}`);
        await conn.query(`CREATE TABLE ${attemptsTable} (phone_e164 VARCHAR(16) NOT NULL, n INT UNSIGNED NOT NULL, PRIMARY KEY (phone_e164)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
        await conn.query(
          `INSERT INTO ${attemptsTable} (phone_e164, n) SELECT phone_e164, COUNT(*) FROM contact_attempts
            WHERE attempted_at >= ? - INTERVAL ${ctx.lists.priorityScore.attemptsWindowDays} DAY GROUP BY phone_e164`, [ctx.now],
        );
      });
    }

    const golden = ctx.present.has('golden_records');
    let rows = 0;
    const select = scoredRange(ctx, attemptsTable);
    await timed('rows', async () => {
      const ids = golden ? { column: 'id', from: 'golden_records', where: "status = 'active'" } : { column: 'id', from: 'contacts' };
      for await (const { after: lo, upTo } of idRanges(conn, ids, ctx.chunkRows)) {
        ctx.progress('rows');
        const [res] = await conn.query<ResultSetHeader>(
          `INSERT INTO ${target} (golden_id, score, first_name, last_name, name_key, email, phone_e164, npa, state, postal_code, source_kind,
             member_count, attempts, updated_at, jkey, reach, compliance_tag, blocked_mask, exemption_lapses_at, rank_all, rank_state) ${select.sql}`,
          [...select.params, lo.toString(), upTo.toString()],
        );
        rows += res.affectedRows;
        chunks += 1;
      }
    });

    const plain = indexes.filter((d) => !d.columns.some((c) => RANK_COLUMNS.has(c.replace(/`/g, ''))));
    const ranked = indexes.filter((d) => !plain.includes(d));
    ctx.progress('indexes');
    if (plain.length) await timed('indexes', () => conn.query(addIndexes(target, plain)));

    await timed('ranks', async () => {
      await conn.query(`DROP TABLE IF EXISTS ${ranksTable}`);
      await conn.query(`CREATE TABLE ${ranksTable} (golden_id BIGINT UNSIGNED NOT NULL, rank_all INT UNSIGNED NOT NULL, rank_state INT UNSIGNED NOT NULL DEFAULT 0, PRIMARY KEY (golden_id)) ENGINE=InnoDB`);
      // The ranks count the records on the default campaign's list as far as the stored facts go (something to reach
      // on its channel, not blocked for its class), by score, then id, descending; every other record has rank 0.
      const listable = listableSql(target, ctx.lists.defaultCampaign);
      const [overall] = await conn.query<RowDataPacket[]>(`SELECT score AS k, COUNT(*) AS n FROM ${target} WHERE ${listable} GROUP BY score ORDER BY score DESC`);
      for (const r of rangesOf(overall.map((o) => ({ key: Number(o.k), n: Number(o.n) })), ctx.chunkRows)) {
        ctx.progress('ranks');
        await conn.query(
          `INSERT INTO ${ranksTable} (golden_id, rank_all)
           SELECT golden_id, ? + ROW_NUMBER() OVER (ORDER BY score DESC, golden_id DESC) FROM ${target} WHERE ${listable} AND score <= ? AND score >= ?`,
          [r.above, r.first, r.last],
        );
        chunks += 1;
      }
      const [perState] = await conn.query<RowDataPacket[]>(`SELECT state AS s, score AS k, COUNT(*) AS n FROM ${target} WHERE ${listable} GROUP BY state, score ORDER BY state, score DESC`);
      const states = new Map<string, Array<{ key: number; n: number }>>();
      for (const o of perState) {
        const list = states.get(String(o.s)) ?? [];
        list.push({ key: Number(o.k), n: Number(o.n) });
        states.set(String(o.s), list);
      }
      for (const [state, histogram] of states) {
        for (const r of rangesOf(histogram, ctx.chunkRows)) {
          ctx.progress('ranks');
          await conn.query(
            `INSERT INTO ${ranksTable} (golden_id, rank_all, rank_state)
             SELECT golden_id, 0, ? + ROW_NUMBER() OVER (ORDER BY score DESC, golden_id DESC) FROM ${target}
              WHERE state = ? AND ${listable} AND score <= ? AND score >= ?
             ON DUPLICATE KEY UPDATE rank_state = VALUES(rank_state)`,
            [r.above, state, r.first, r.last],
          );
          chunks += 1;
        }
      }
      // Into the shadow in id ranges (both tables walked in primary-key order).
      for await (const { after: lo, upTo } of idRanges(conn, { column: 'golden_id', from: ranksTable }, ctx.chunkRows)) {
        ctx.progress('ranks');
        await conn.query(
          `UPDATE ${target} p JOIN ${ranksTable} r ON r.golden_id = p.golden_id SET p.rank_all = r.rank_all, p.rank_state = r.rank_state
            WHERE r.golden_id > ? AND r.golden_id <= ?`,
          [lo.toString(), upTo.toString()],
        );
        chunks += 1;
      }
    });
    ctx.progress('indexes');
    if (ranked.length) await timed('rank indexes', () => conn.query(addIndexes(target, ranked)));
    return { rows, phases, chunks };
  } finally {
    await conn.query('SET SESSION sort_buffer_size = DEFAULT, SESSION tmp_table_size = DEFAULT, SESSION max_heap_table_size = DEFAULT').catch(() => undefined);
    await conn.query(`DROP TABLE IF EXISTS ${ranksTable}`).catch(() => undefined);
    if (attemptsTable) await conn.query(`DROP TABLE IF EXISTS ${attemptsTable}`).catch(() => undefined);
  }
}
