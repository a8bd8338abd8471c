// The set-based SQL of one batch: a per-connection staging table and the statements that merge it into
// contacts with per-group latest-timestamp-wins, version rows and counts. Portable MariaDB 10.11 / MySQL 8.0.
// Every contact column, group and the per-group rule come from domain/contact-schema.ts and domain/group-rule.ts;
// the stage table names its columns as contacts does.
import { CONTACT_META, DERIVED_COLUMNS, FIELD_GROUPS, KEY_COLUMNS, RECORD_ID_LIMIT, sqlType } from '../../domain/contact-schema';
import { outranksSql } from '../../domain/group-rule';

export const STAGE_TABLE = 'stage_contacts';

const { hasContactKey: HAS_KEY, sourceUpdatedAt: SOURCE_TS, sourceRecordId: SOURCE_RECORD, sourceFileId: SOURCE_FILE } = CONTACT_META;
const takeFlag = (group: { name: string }) => `take_${group.name}`;
const GROUP_COLUMNS = FIELD_GROUPS.flatMap((g) => [...g.columns, g.tsColumn]);
const DERIVED: ReadonlySet<string> = new Set(DERIVED_COLUMNS.map((d) => d.column));

export const CREATE_STAGE = `CREATE TEMPORARY TABLE ${STAGE_TABLE} (
  match_key BINARY(20) NOT NULL PRIMARY KEY,
  ${KEY_COLUMNS.map((c) => `${c} ${sqlType(c)} NULL`).join(', ')}, ${HAS_KEY} TINYINT(1) NOT NULL,
${FIELD_GROUPS.map((g) => `  ${g.columns.map((c) => `${c} ${sqlType(c)} NULL`).join(', ')}, ${g.tsColumn} DATETIME(3) NULL,`).join('\n')}
  ${SOURCE_TS} DATETIME(3) NOT NULL, ${SOURCE_RECORD} VARCHAR(${RECORD_ID_LIMIT}) NOT NULL, n_rows INT UNSIGNED NOT NULL,
  contact_id BIGINT UNSIGNED NULL, is_new TINYINT(1) NOT NULL DEFAULT 0,
  ${FIELD_GROUPS.map((g) => `${takeFlag(g)} TINYINT(1) NOT NULL DEFAULT 0`).join(', ')}, take_ts TINYINT(1) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`;

/** Columns in the order the stage TSV lines carry them (batch-rows.ts writes them); match_key arrives as hex in @mk. */
export const STAGE_LOAD_COLUMNS = ['@mk', ...KEY_COLUMNS, HAS_KEY, ...GROUP_COLUMNS, SOURCE_TS, SOURCE_RECORD, 'n_rows'];
export const STAGE_LOAD_SET = 'match_key = UNHEX(@mk)';

export const BATCH_ERROR_LOAD_COLUMNS = ['severity', 'source_row_no', 'source_record_id', 'reason_code', 'field', 'detail'];

/** A new contact's columns and the stage expressions that fill them (`?`: a parameter). */
const INSERTED: Array<[string, string]> = [
  ['match_key', 'match_key'], ...KEY_COLUMNS.map((c): [string, string] => [c, c]), [HAS_KEY, HAS_KEY],
  ...GROUP_COLUMNS.map((c): [string, string] => [c, c]),
  [SOURCE_TS, SOURCE_TS], [SOURCE_FILE, '?'], [SOURCE_RECORD, SOURCE_RECORD], ['created_batch_id', '?'], ['last_batch_id', '?'],
];

/**
 * Marks the staged keys that exist, without locking anything: a single-table UPDATE reading contacts in a subquery is
 * a consistent read under READ COMMITTED (a multi-table UPDATE joining contacts would take shared locks on them, and
 * two batches sharing a key that both hold one deadlock when they upgrade). FIND_EXISTING locks them later, in order.
 */
export const CLASSIFY = `UPDATE ${STAGE_TABLE} s SET s.contact_id = (SELECT c.id FROM contacts c WHERE c.match_key = s.match_key)`;

/**
 * Inserts the keys CLASSIFY did not find and leaves alone (id = id) one that another batch inserted meanwhile. It is
 * the batch's first statement that locks contacts rows, on purpose: under innodb_autoinc_lock_mode 1 an INSERT ...
 * SELECT holds the table's AUTO-INC lock until it ends, so a batch waiting for that lock must hold no row another
 * batch's insert may wait on, or the two wait on each other past the lock wait timeout (ER_AUTOINC_READ_FAILED, which
 * InnoDB's deadlock detector did not catch). Params: sourceFileId, batchId, batchId.
 */
export const INSERT_NEW = `INSERT INTO contacts (${INSERTED.map(([c]) => c).join(', ')})
SELECT ${INSERTED.map(([, e]) => e).join(', ')}
FROM ${STAGE_TABLE} WHERE contact_id IS NULL ORDER BY match_key
ON DUPLICATE KEY UPDATE id = id`;

/**
 * Points every staged key at its contact and row-locks the contacts the batch did not insert, in one pass in match-key
 * order (the stage's primary key): the no-op `c.match_key = c.match_key` makes contacts a table this UPDATE writes,
 * so InnoDB reads it with exclusive locks; a shared-lock read followed by a separate FOR UPDATE would let two batches
 * sharing a key both hold the shared lock and deadlock on the upgrade. A key this batch inserted (created_batch_id)
 * is new: its contact_id stays NULL, as the steps below expect. Rows whose values do not change are not written, so
 * ON UPDATE columns keep their values. Lock cycles between batches that share keys remain possible (INSERT_NEW's
 * duplicate checks lock neighbouring keys); InnoDB detects them and ingestBatch runs the victim again.
 * Params: batchId, batchId.
 */
export const FIND_EXISTING = `UPDATE ${STAGE_TABLE} s STRAIGHT_JOIN contacts c ON c.match_key = s.match_key
SET s.contact_id = IF(c.created_batch_id = ?, NULL, c.id), s.is_new = (c.created_batch_id = ?), c.match_key = c.match_key`;

/** Decides, per existing contact, which field groups the batch's candidate wins (group-rule.ts), and whether its timestamp is newer. */
export const DECIDE = `UPDATE ${STAGE_TABLE} s STRAIGHT_JOIN contacts c ON c.id = s.contact_id SET
${FIELD_GROUPS.map((g) => `  s.${takeFlag(g)} = ${outranksSql(g, 's', 'c')},`).join('\n')}
  s.take_ts = (s.${SOURCE_TS} > c.${SOURCE_TS})
WHERE s.contact_id IS NOT NULL`;

const CHANGED = `(${[...FIELD_GROUPS.map(takeFlag), 'take_ts'].map((f) => `s.${f} = 1`).join(' OR ')})`;

/** The columns a version row keeps: everything ingestion writes except derived values and bookkeeping. */
const VERSIONED = [
  ...KEY_COLUMNS, ...FIELD_GROUPS.flatMap((g) => g.columns.filter((c) => !DERIVED.has(c))), SOURCE_TS, ...FIELD_GROUPS.map((g) => g.tsColumn),
  SOURCE_FILE, SOURCE_RECORD, 'last_batch_id',
];

/** The previous values of every contact the batch changes. Param: batchId. */
export const WRITE_VERSIONS = `INSERT INTO record_versions (contact_id, import_batch_id, version, previous_values)
SELECT c.id, ?, c.version, JSON_OBJECT(${VERSIONED.map((c) => `'${c}', c.${c}`).join(', ')})
FROM ${STAGE_TABLE} s STRAIGHT_JOIN contacts c ON c.id = s.contact_id
WHERE s.contact_id IS NOT NULL AND ${CHANGED}`;

const take = (flag: string, cols: readonly string[]) => cols.map((c) => `c.${c} = IF(s.${flag} = 1, s.${c}, c.${c})`).join(',\n  ');

/** Applies the decided groups. Every SET reads only stage columns and the column it assigns. Params: sourceFileId, batchId. */
export const APPLY_UPDATES = `UPDATE ${STAGE_TABLE} s STRAIGHT_JOIN contacts c ON c.id = s.contact_id SET
  ${FIELD_GROUPS.map((g) => take(takeFlag(g), [...g.columns, g.tsColumn])).join(',\n  ')},
  c.${SOURCE_FILE} = IF(s.take_ts = 1, ?, c.${SOURCE_FILE}),
  ${take('take_ts', [SOURCE_RECORD, SOURCE_TS])},
  c.last_batch_id = ?,
  c.version = c.version + 1
WHERE s.contact_id IS NOT NULL AND ${CHANGED}`;

export const COUNT_OUTCOMES = `SELECT
  COALESCE(SUM(is_new), 0) AS inserted,
  COALESCE(SUM(is_new = 0 AND ${CHANGED.replace(/s\./g, '')}), 0) AS updated,
  COALESCE(SUM(is_new = 0 AND NOT ${CHANGED.replace(/s\./g, '')}), 0) AS unchanged_keys,
  COALESCE(SUM(n_rows - 1), 0) AS folded
FROM ${STAGE_TABLE}`;
