-- Scrub results: one row per contact with the stored part of its compliance status (COMPLIANCE.md "What is
-- stored"), the scrubs that wrote them (with the rules version and the registry and suppression high-water marks an
-- auditor needs to reproduce a decision), and the numbers each registry change touched (for incremental scrubs).

CREATE TABLE IF NOT EXISTS compliance_scrubs (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  kind VARCHAR(12) NOT NULL COMMENT 'full | incremental | contacts (an opt-out or re-opt-in applied at once)',
  workflow_id VARCHAR(255) NOT NULL,
  actor VARCHAR(128) NOT NULL,
  rules_version VARCHAR(64) NOT NULL,
  rules_sha256 CHAR(64) NOT NULL,
  evaluated_at DATETIME(3) NOT NULL COMMENT 'the time the stored statuses were evaluated at',
  registry_hwm BIGINT UNSIGNED NOT NULL COMMENT 'registry_versions.id high-water mark: the scrub used, per list and area code, the newest version up to it',
  suppression_hwm BIGINT UNSIGNED NOT NULL COMMENT 'suppression_log.id high-water mark at the start',
  evidence_hwm BIGINT UNSIGNED NOT NULL,
  consent_hwm BIGINT UNSIGNED NOT NULL,
  status VARCHAR(12) NOT NULL DEFAULT 'running',
  contacts BIGINT UNSIGNED NOT NULL DEFAULT 0,
  counts JSON NULL COMMENT 'contacts per stored status',
  started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  finished_at DATETIME(3) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_compliance_scrubs_workflow (workflow_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS contact_compliance (
  contact_id BIGINT UNSIGNED NOT NULL,
  npa CHAR(3) NULL COMMENT 'area code of a NANP phone',
  status VARCHAR(24) NOT NULL COMMENT 'stored reported tag for a VOICE automated campaign without brand (clock tags are evaluated at read time)',
  blocked TINYINT(1) NOT NULL,
  invalid_phone TINYINT(1) NOT NULL,
  opted_out VARCHAR(24) NOT NULL DEFAULT '' COMMENT 'channels with a standing global opt-out: ALL or VOICE,SMS,EMAIL',
  scoped_opt_outs TINYINT(1) NOT NULL DEFAULT 0 COMMENT 'brand- or campaign-scoped opt-outs exist (check evaluates them)',
  litigator TINYINT(1) NOT NULL,
  dnc_federal TINYINT(1) NOT NULL COMMENT 'on the federal copy (an active exemption may still allow the call)',
  dnc_states VARCHAR(64) NOT NULL DEFAULT '' COMMENT 'state lists holding the number',
  wireless TINYINT(1) NOT NULL,
  ebr_until DATETIME(3) NULL COMMENT 'when the company-wide EBR lapses',
  consent_brands VARCHAR(255) NOT NULL DEFAULT '' COMMENT 'brands with active written consent',
  scrub_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (contact_id),
  KEY ix_contact_compliance_status (status),
  KEY ix_contact_compliance_scrub (scrub_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS registry_changes (
  copy_id BIGINT UNSIGNED NOT NULL,
  npa CHAR(3) NOT NULL,
  phone_e164 VARCHAR(16) NOT NULL COMMENT 'a number a change list added or deleted; empty = the whole area code changed',
  PRIMARY KEY (copy_id, npa, phone_e164)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS golden_compliance (
  golden_id BIGINT UNSIGNED NOT NULL,
  status VARCHAR(24) NOT NULL COMMENT 'the status of its best phone: the first callable member in survivorship order, else the least severe blocking tag',
  blocked TINYINT(1) NOT NULL,
  contact_id BIGINT UNSIGNED NOT NULL COMMENT 'the member whose phone gave the status',
  scrub_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (golden_id),
  KEY ix_golden_compliance_status (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
