-- Core ingestion tables: where every source row comes from (source_files, import_batches), what was
-- rejected or warned about (batch_errors), the consolidated contacts and their previous versions.
-- Runs unchanged on MariaDB 10.11 and MySQL 8.0. All timestamps are UTC.

CREATE TABLE IF NOT EXISTS source_files (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  migration_name VARCHAR(100) NOT NULL,
  source_name VARCHAR(255) NOT NULL COMMENT 'stable identity of the source, e.g. mysql:host/db.table (no credentials)',
  source_kind VARCHAR(16) NOT NULL COMMENT 'mysql | sqlite | csv',
  location VARCHAR(1024) NOT NULL COMMENT 'where it was read from, credentials redacted',
  status VARCHAR(16) NOT NULL DEFAULT 'registered' COMMENT 'registered | exporting | exported | ingested | failed',
  checksum_sha256 CHAR(64) NULL COMMENT 'sha256 over the exported batch objects in order',
  declared_rows BIGINT UNSIGNED NULL COMMENT 'row count the source itself declares (COUNT(*) or data lines)',
  exported_rows BIGINT UNSIGNED NULL,
  batch_count INT UNSIGNED NULL,
  batch_size INT UNSIGNED NOT NULL,
  mapping_json JSON NULL COMMENT 'canonical field -> source column mapping used',
  snapshot_marker VARCHAR(255) NULL COMMENT 'consistent-read point: high-water mark or snapshot id',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  exported_at DATETIME(3) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_source_files_migration_source (migration_name, source_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS import_batches (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  source_file_id BIGINT UNSIGNED NOT NULL,
  batch_no INT UNSIGNED NOT NULL,
  object_key VARCHAR(512) NOT NULL,
  object_sha256 CHAR(64) NOT NULL,
  rows_read INT UNSIGNED NOT NULL DEFAULT 0,
  inserted INT UNSIGNED NOT NULL DEFAULT 0,
  updated INT UNSIGNED NOT NULL DEFAULT 0,
  unchanged INT UNSIGNED NOT NULL DEFAULT 0,
  rejected INT UNSIGNED NOT NULL DEFAULT 0,
  folded INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'rows merged into another row of the same batch with the same match key (counted in unchanged)',
  warnings INT UNSIGNED NOT NULL DEFAULT 0,
  error_summary JSON NULL COMMENT 'counts per reason / warning code',
  imported_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  duration_ms INT UNSIGNED NOT NULL DEFAULT 0,
  workflow_id VARCHAR(255) NULL,
  run_id VARCHAR(64) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_import_batches_source_batch (source_file_id, batch_no),
  CONSTRAINT fk_import_batches_source FOREIGN KEY (source_file_id) REFERENCES source_files (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS batch_errors (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  import_batch_id BIGINT UNSIGNED NOT NULL,
  severity VARCHAR(8) NOT NULL COMMENT 'reject | warning',
  source_row_no BIGINT UNSIGNED NOT NULL,
  source_record_id VARCHAR(128) NULL,
  reason_code VARCHAR(32) NOT NULL,
  field VARCHAR(32) NULL,
  detail VARCHAR(512) NULL COMMENT 'the rule that failed and a truncated raw value',
  PRIMARY KEY (id),
  KEY ix_batch_errors_batch (import_batch_id, severity),
  CONSTRAINT fk_batch_errors_batch FOREIGN KEY (import_batch_id) REFERENCES import_batches (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS contacts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  match_key BINARY(20) NOT NULL COMMENT 'sha1 of (email, phone_e164), or of the source identity when both are empty',
  email VARCHAR(254) NULL,
  phone_e164 VARCHAR(16) NULL,
  phone_ext VARCHAR(16) NULL,
  has_contact_key TINYINT(1) NOT NULL COMMENT '0 when the row has neither email nor phone',
  first_name VARCHAR(100) NULL,
  last_name VARCHAR(100) NULL,
  name_key VARCHAR(201) NULL COMMENT 'normalized comparison form of the name',
  address_line VARCHAR(200) NULL,
  city VARCHAR(100) NULL,
  state VARCHAR(64) NULL,
  postal_code VARCHAR(20) NULL,
  country CHAR(2) NULL,
  dob DATE NULL,
  source_updated_at DATETIME(3) NOT NULL COMMENT 'newest source timestamp applied (1970-01-01 when no source row had one)',
  name_updated_at DATETIME(3) NULL COMMENT 'source timestamp of the name values',
  address_updated_at DATETIME(3) NULL COMMENT 'source timestamp of the address values',
  dob_updated_at DATETIME(3) NULL COMMENT 'source timestamp of the date of birth',
  ext_updated_at DATETIME(3) NULL COMMENT 'source timestamp of the phone extension',
  source_file_id BIGINT UNSIGNED NOT NULL COMMENT 'source of the newest applied row',
  source_record_id VARCHAR(128) NOT NULL,
  created_batch_id BIGINT UNSIGNED NOT NULL,
  last_batch_id BIGINT UNSIGNED NOT NULL,
  version INT UNSIGNED NOT NULL DEFAULT 1,
  is_original TINYINT(1) NOT NULL DEFAULT 1,
  is_duplicate TINYINT(1) NOT NULL DEFAULT 0,
  merged_into_id BIGINT UNSIGNED NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_contacts_match_key (match_key),
  KEY ix_contacts_email (email),
  KEY ix_contacts_phone (phone_e164),
  CONSTRAINT fk_contacts_created_batch FOREIGN KEY (created_batch_id) REFERENCES import_batches (id),
  CONSTRAINT fk_contacts_merged_into FOREIGN KEY (merged_into_id) REFERENCES contacts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS record_versions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  contact_id BIGINT UNSIGNED NOT NULL,
  import_batch_id BIGINT UNSIGNED NOT NULL,
  version INT UNSIGNED NOT NULL COMMENT 'the contact version these values belonged to',
  previous_values JSON NOT NULL,
  recorded_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_record_versions_contact_version (contact_id, version),
  KEY ix_record_versions_batch (import_batch_id),
  CONSTRAINT fk_record_versions_contact FOREIGN KEY (contact_id) REFERENCES contacts (id),
  CONSTRAINT fk_record_versions_batch FOREIGN KEY (import_batch_id) REFERENCES import_batches (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
