-- Registry copies: every list file loaded (federal full lists and change lists, state lists, litigator, wireless,
-- and the CSV inputs: internal suppression list, EBR evidence, consents, attempts), identified by its checksum so
-- the same file twice is one copy; the per-area-code versions a lookup uses, each an immutable bitmap object in the
-- processed zone (kept for the retention period); and the malformed lines of each load with their line numbers.

CREATE TABLE IF NOT EXISTS registry_copies (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  kind VARCHAR(24) NOT NULL COMMENT 'federal | federal-additions | federal-deletions | state | litigator | wireless | suppression | transactions | inquiries | consents | attempts',
  state CHAR(2) NOT NULL DEFAULT '' COMMENT 'the state of a state list; empty otherwise',
  sha256 CHAR(64) NOT NULL COMMENT 'of the file as uploaded',
  raw_key VARCHAR(512) NOT NULL COMMENT 'the file in the raw zone',
  downloaded_at DATETIME(3) NOT NULL COMMENT 'when the copy was downloaded from its publisher (its freshness date)',
  area_codes TEXT NULL COMMENT 'area codes the copy covers, comma-separated',
  status VARCHAR(12) NOT NULL DEFAULT 'loading' COMMENT 'loading | loaded | failed',
  lines_read BIGINT UNSIGNED NOT NULL DEFAULT 0,
  numbers BIGINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'numbers (or rows) loaded',
  malformed BIGINT UNSIGNED NOT NULL DEFAULT 0,
  actor VARCHAR(128) NOT NULL,
  workflow_id VARCHAR(255) NULL,
  load_seconds DECIMAL(10,3) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  loaded_at DATETIME(3) NULL,
  superseded_at DATETIME(3) NULL COMMENT 'when a newer copy of the same list replaced it (kept for the retention period)',
  PRIMARY KEY (id),
  UNIQUE KEY uq_registry_copies_file (kind, state, sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS registry_versions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  list VARCHAR(16) NOT NULL COMMENT 'federal | state:XX | litigator | wireless',
  npa CHAR(3) NOT NULL,
  copy_id BIGINT UNSIGNED NOT NULL COMMENT 'the copy (full list or change list) that produced this version',
  as_of DATETIME(3) NOT NULL COMMENT 'download date of the full copy, or of the latest change list applied',
  numbers INT UNSIGNED NOT NULL,
  object_key VARCHAR(512) NULL COMMENT 'the bitmap in the processed zone; NULL when the area code has no listed number',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_registry_versions (list, npa, copy_id),
  KEY ix_registry_versions_copy (copy_id),
  KEY ix_registry_versions_npa (npa, list, id),
  CONSTRAINT fk_registry_versions_copy FOREIGN KEY (copy_id) REFERENCES registry_copies (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS registry_load_errors (
  copy_id BIGINT UNSIGNED NOT NULL,
  line_no BIGINT UNSIGNED NOT NULL,
  reason VARCHAR(128) NOT NULL,
  text VARCHAR(80) NULL COMMENT 'the start of the line',
  PRIMARY KEY (copy_id, line_no),
  CONSTRAINT fk_registry_load_errors_copy FOREIGN KEY (copy_id) REFERENCES registry_copies (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
