// The set-based SQL of one batch: a per-connection staging table and the statements that merge it into
// contacts with per-group latest-timestamp-wins, version rows and counts. Portable MariaDB 10.11 / MySQL 8.0.

export const STAGE_TABLE = 'stage_contacts';

export const CREATE_STAGE = `CREATE TEMPORARY TABLE ${STAGE_TABLE} (
  match_key BINARY(20) NOT NULL PRIMARY KEY,
  email VARCHAR(254) NULL, phone_e164 VARCHAR(16) NULL, has_contact_key TINYINT(1) NOT NULL,
  phone_ext VARCHAR(16) NULL, ext_ts DATETIME(3) NULL,
  first_name VARCHAR(100) NULL, last_name VARCHAR(100) NULL, name_key VARCHAR(201) NULL, name_ts DATETIME(3) NULL,
  address_line VARCHAR(200) NULL, city VARCHAR(100) NULL, state VARCHAR(64) NULL, postal_code VARCHAR(20) NULL, country CHAR(2) NULL, address_ts DATETIME(3) NULL,
  dob DATE NULL, dob_ts DATETIME(3) NULL,
  ts DATETIME(3) NOT NULL, source_record_id VARCHAR(128) NOT NULL, n_rows INT UNSIGNED NOT NULL,
  contact_id BIGINT UNSIGNED NULL, is_new TINYINT(1) NOT NULL DEFAULT 0,
  take_name TINYINT(1) NOT NULL DEFAULT 0, take_address TINYINT(1) NOT NULL DEFAULT 0, take_dob TINYINT(1) NOT NULL DEFAULT 0,
  take_ext TINYINT(1) NOT NULL DEFAULT 0, take_ts TINYINT(1) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`;

/** Columns in the order the stage TSV lines carry them; match_key arrives as hex in @mk. */
export const STAGE_LOAD_COLUMNS = [
  '@mk', 'email', 'phone_e164', 'has_contact_key', 'phone_ext', 'ext_ts', 'first_name', 'last_name', 'name_key', 'name_ts',
  'address_line', 'city', 'state', 'postal_code', 'country', 'address_ts', 'dob', 'dob_ts', 'ts', 'source_record_id', 'n_rows',
];
export const STAGE_LOAD_SET = 'match_key = UNHEX(@mk)';

export const BATCH_ERROR_LOAD_COLUMNS = ['severity', 'source_row_no', 'source_record_id', 'reason_code', 'field', 'detail'];

/** Marks staged keys that already exist. */
export const FIND_EXISTING = `UPDATE ${STAGE_TABLE} s STRAIGHT_JOIN contacts c ON c.match_key = s.match_key SET s.contact_id = c.id`;

/** Row locks on every existing contact the batch touches, taken in match-key order so batches never deadlock each other. */
export const LOCK_EXISTING = `SELECT c.id FROM ${STAGE_TABLE} s STRAIGHT_JOIN contacts c ON c.id = s.contact_id WHERE s.contact_id IS NOT NULL ORDER BY s.match_key FOR UPDATE`;

const CONTACT_COLUMNS =
  'match_key, email, phone_e164, has_contact_key, phone_ext, ext_updated_at, first_name, last_name, name_key, name_updated_at, ' +
  'address_line, city, state, postal_code, country, address_updated_at, dob, dob_updated_at, source_updated_at, source_file_id, source_record_id, created_batch_id, last_batch_id';

/** Inserts new keys; a key another batch inserted meanwhile is left alone (id = id) and picked up as existing. Params: sourceFileId, batchId, batchId. */
export const INSERT_NEW = `INSERT INTO contacts (${CONTACT_COLUMNS})
SELECT match_key, email, phone_e164, has_contact_key, phone_ext, ext_ts, first_name, last_name, name_key, name_ts,
       address_line, city, state, postal_code, country, address_ts, dob, dob_ts, ts, ?, source_record_id, ?, ?
FROM ${STAGE_TABLE} WHERE contact_id IS NULL ORDER BY match_key
ON DUPLICATE KEY UPDATE id = id`;

/** Keys that collided with a concurrent insert become existing rows. Param: batchId. */
export const FIND_COLLIDED = `UPDATE ${STAGE_TABLE} s STRAIGHT_JOIN contacts c ON c.match_key = s.match_key
SET s.contact_id = c.id WHERE s.contact_id IS NULL AND c.created_batch_id <> ?`;

export const MARK_NEW = `UPDATE ${STAGE_TABLE} SET is_new = 1 WHERE contact_id IS NULL`;

const newerGroup = (tsCol: string, cTsCol: string, sVals: string[], cVals: string[]) =>
  `(s.${tsCol} IS NOT NULL AND (c.${cTsCol} IS NULL OR s.${tsCol} > c.${cTsCol} OR (s.${tsCol} = c.${cTsCol} AND ` +
  `(${sVals.map((v) => `IFNULL(s.${v}, '')`).join(', ')}) > (${cVals.map((v) => `IFNULL(c.${v}, '')`).join(', ')}))))`;

const ADDRESS = ['address_line', 'city', 'state', 'postal_code', 'country'];

/** Decides, per existing contact, which field groups the batch's candidate wins (latest timestamp, then value). */
export const DECIDE = `UPDATE ${STAGE_TABLE} s STRAIGHT_JOIN contacts c ON c.id = s.contact_id SET
  s.take_name = ${newerGroup('name_ts', 'name_updated_at', ['first_name', 'last_name'], ['first_name', 'last_name'])},
  s.take_address = ${newerGroup('address_ts', 'address_updated_at', ADDRESS, ADDRESS)},
  s.take_dob = ${newerGroup('dob_ts', 'dob_updated_at', ['dob'], ['dob'])},
  s.take_ext = ${newerGroup('ext_ts', 'ext_updated_at', ['phone_ext'], ['phone_ext'])},
  s.take_ts = (s.ts > c.source_updated_at)
WHERE s.contact_id IS NOT NULL`;

const CHANGED = '(s.take_name = 1 OR s.take_address = 1 OR s.take_dob = 1 OR s.take_ext = 1 OR s.take_ts = 1)';

/** The previous values of every contact the batch changes. Param: batchId. */
export const WRITE_VERSIONS = `INSERT INTO record_versions (contact_id, import_batch_id, version, previous_values)
SELECT c.id, ?, c.version, JSON_OBJECT(
  'email', c.email, 'phone_e164', c.phone_e164, 'phone_ext', c.phone_ext, 'first_name', c.first_name, 'last_name', c.last_name,
  'address_line', c.address_line, 'city', c.city, 'state', c.state, 'postal_code', c.postal_code, 'country', c.country,
  'dob', c.dob, 'source_updated_at', c.source_updated_at, 'name_updated_at', c.name_updated_at,
  'address_updated_at', c.address_updated_at, 'dob_updated_at', c.dob_updated_at, 'ext_updated_at', c.ext_updated_at,
  'source_file_id', c.source_file_id, 'source_record_id', c.source_record_id, 'last_batch_id', c.last_batch_id)
FROM ${STAGE_TABLE} s STRAIGHT_JOIN contacts c ON c.id = s.contact_id
WHERE s.contact_id IS NOT NULL AND ${CHANGED}`;

const take = (flag: string, cols: Array<[string, string]>) => cols.map(([c, s]) => `c.${c} = IF(s.${flag} = 1, s.${s}, c.${c})`).join(',\n  ');

/** Applies the decided groups. Every SET reads only stage columns and the column it assigns. Params: sourceFileId, batchId. */
export const APPLY_UPDATES = `UPDATE ${STAGE_TABLE} s STRAIGHT_JOIN contacts c ON c.id = s.contact_id SET
  ${take('take_name', [['first_name', 'first_name'], ['last_name', 'last_name'], ['name_key', 'name_key'], ['name_updated_at', 'name_ts']])},
  ${take('take_address', [...ADDRESS.map((a): [string, string] => [a, a]), ['address_updated_at', 'address_ts']])},
  ${take('take_dob', [['dob', 'dob'], ['dob_updated_at', 'dob_ts']])},
  ${take('take_ext', [['phone_ext', 'phone_ext'], ['ext_updated_at', 'ext_ts']])},
  c.source_file_id = IF(s.take_ts = 1, ?, c.source_file_id),
  c.source_record_id = IF(s.take_ts = 1, s.source_record_id, c.source_record_id),
  c.source_updated_at = IF(s.take_ts = 1, s.ts, c.source_updated_at),
  c.last_batch_id = ?,
  c.version = c.version + 1
WHERE s.contact_id IS NOT NULL AND ${CHANGED}`;

export const COUNT_OUTCOMES = `SELECT
  COALESCE(SUM(is_new), 0) AS inserted,
  COALESCE(SUM(is_new = 0 AND ${CHANGED.replace(/s\./g, '')}), 0) AS updated,
  COALESCE(SUM(is_new = 0 AND NOT ${CHANGED.replace(/s\./g, '')}), 0) AS unchanged_keys,
  COALESCE(SUM(n_rows - 1), 0) AS folded
FROM ${STAGE_TABLE}`;
