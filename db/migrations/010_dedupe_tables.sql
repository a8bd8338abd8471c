-- Dedupe (golden records): the cluster each contact belongs to, the golden records with their survivorship values,
-- the passes that computed them, their working tables (block keys, scored links), and the audit: dedupe_log (every
-- merge / split / unmerge with rule, score, evidence, actor), change_history (every golden field change), the review
-- queue and people's review decisions. Ingestion never writes these tables or contacts.golden_id.

ALTER TABLE contacts ADD COLUMN golden_id BIGINT UNSIGNED NULL COMMENT 'golden record (cluster) of this contact; written only by dedupe';

CREATE INDEX ix_contacts_golden ON contacts (golden_id);

CREATE TABLE IF NOT EXISTS dedupe_passes (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  workflow_id VARCHAR(255) NOT NULL COMMENT 'business key: a retried start finds its pass',
  kind VARCHAR(12) NOT NULL COMMENT 'full | incremental',
  status VARCHAR(12) NOT NULL DEFAULT 'running' COMMENT 'running | committed | failed',
  model_version VARCHAR(64) NOT NULL,
  actor VARCHAR(128) NOT NULL,
  contacts_in_scope BIGINT UNSIGNED NOT NULL DEFAULT 0,
  stats JSON NULL COMMENT 'pairs per rule (estimated, real, largest blocks), links, merges, review queue',
  started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  finished_at DATETIME(3) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_dedupe_passes_workflow (workflow_id),
  KEY ix_dedupe_passes_status (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS golden_records (
  id BIGINT UNSIGNED NOT NULL COMMENT 'stable: the id of the contact that founded the cluster, or >= 1e12 (dedupe_id_sequence) for a part split off by an unmerge',
  status VARCHAR(8) NOT NULL DEFAULT 'active' COMMENT 'active | retired',
  retired_into_id BIGINT UNSIGNED NULL COMMENT 'the golden record that absorbed this one (when retired)',
  representative_id BIGINT UNSIGNED NOT NULL COMMENT 'member contact with is_original = 1',
  member_count INT UNSIGNED NOT NULL,
  email VARCHAR(254) NULL,
  phone_e164 VARCHAR(16) NULL,
  phone_ext VARCHAR(16) NULL,
  first_name VARCHAR(100) NULL,
  last_name VARCHAR(100) NULL,
  name_key VARCHAR(201) NULL,
  address_line VARCHAR(200) NULL,
  city VARCHAR(100) NULL,
  state VARCHAR(64) NULL,
  postal_code VARCHAR(20) NULL,
  country CHAR(2) NULL,
  dob DATE NULL,
  source_updated_at DATETIME(3) NULL COMMENT 'newest source timestamp among the members',
  created_pass_id BIGINT UNSIGNED NULL,
  updated_pass_id BIGINT UNSIGNED NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY ix_golden_records_status (status),
  KEY ix_golden_records_representative (representative_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dedupe_id_sequence (
  name VARCHAR(32) NOT NULL,
  next_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT IGNORE INTO dedupe_id_sequence (name, next_id) VALUES ('golden', 1000000000000);

CREATE TABLE IF NOT EXISTS dedupe_keys (
  bkey BIGINT UNSIGNED NOT NULL COMMENT 'blocking rule id * 2^48 + 48-bit hash of the key text (domain/dedupe/blocking.ts)',
  contact_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (bkey, contact_id),
  KEY ix_dedupe_keys_contact (contact_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dedupe_links (
  contact_a BIGINT UNSIGNED NOT NULL COMMENT 'contact_a < contact_b',
  contact_b BIGINT UNSIGNED NOT NULL,
  band VARCHAR(8) NOT NULL COMMENT 'match | review',
  score DECIMAL(7,2) NOT NULL,
  rule VARCHAR(16) NOT NULL COMMENT 'the blocking rule that proposed the pair',
  evidence VARCHAR(512) NOT NULL,
  pass_id BIGINT UNSIGNED NOT NULL COMMENT 'the pass that last scored the pair',
  PRIMARY KEY (contact_a, contact_b),
  KEY ix_dedupe_links_b (contact_b),
  KEY ix_dedupe_links_pass (pass_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dedupe_scope (
  pass_id BIGINT UNSIGNED NOT NULL,
  contact_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (pass_id, contact_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dedupe_pass_parts (
  pass_id BIGINT UNSIGNED NOT NULL,
  phase VARCHAR(16) NOT NULL,
  part INT UNSIGNED NOT NULL,
  result JSON NOT NULL COMMENT 'the part''s counts: a retried part returns them instead of redoing its writes',
  PRIMARY KEY (pass_id, phase, part)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dedupe_assign (
  pass_id BIGINT UNSIGNED NOT NULL,
  contact_id BIGINT UNSIGNED NOT NULL,
  golden_id BIGINT UNSIGNED NOT NULL,
  representative_id BIGINT UNSIGNED NOT NULL,
  via_contact_id BIGINT UNSIGNED NULL COMMENT 'the member it was linked to (the accepted link that joined it)',
  via_score DECIMAL(7,2) NULL,
  via_rule VARCHAR(16) NULL,
  via_evidence VARCHAR(512) NULL,
  PRIMARY KEY (pass_id, contact_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dedupe_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  pass_id BIGINT UNSIGNED NULL COMMENT 'the pass, or NULL for a person''s merge / unmerge',
  action VARCHAR(16) NOT NULL COMMENT 'merge | split | unmerge | manual-merge | retire',
  contact_id BIGINT UNSIGNED NOT NULL,
  other_contact_id BIGINT UNSIGNED NULL COMMENT 'the contact of the link that decided it',
  golden_id BIGINT UNSIGNED NULL COMMENT 'golden record after the action',
  previous_golden_id BIGINT UNSIGNED NULL,
  rule VARCHAR(16) NULL,
  score DECIMAL(7,2) NULL,
  evidence VARCHAR(512) NULL,
  actor VARCHAR(128) NOT NULL,
  workflow_id VARCHAR(255) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY ix_dedupe_log_contact (contact_id, created_at),
  KEY ix_dedupe_log_golden (golden_id),
  KEY ix_dedupe_log_pass (pass_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS change_history (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  golden_id BIGINT UNSIGNED NOT NULL,
  field VARCHAR(32) NOT NULL,
  old_value VARCHAR(254) NULL,
  new_value VARCHAR(254) NULL,
  reason VARCHAR(64) NOT NULL COMMENT 'survivorship | merge | split | unmerge | retire',
  pass_id BIGINT UNSIGNED NULL,
  actor VARCHAR(128) NOT NULL,
  changed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY ix_change_history_golden (golden_id, changed_at),
  KEY ix_change_history_pass (pass_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS review_queue (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  contact_a BIGINT UNSIGNED NOT NULL COMMENT 'contact_a < contact_b',
  contact_b BIGINT UNSIGNED NOT NULL,
  score DECIMAL(7,2) NOT NULL,
  evidence VARCHAR(512) NOT NULL,
  status VARCHAR(8) NOT NULL DEFAULT 'open' COMMENT 'open | decided | stale',
  pass_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  decided_at DATETIME(3) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_review_queue_pair (contact_a, contact_b),
  KEY ix_review_queue_status (status, score)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS review_decisions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  contact_a BIGINT UNSIGNED NOT NULL COMMENT 'contact_a < contact_b',
  contact_b BIGINT UNSIGNED NOT NULL,
  decision VARCHAR(12) NOT NULL COMMENT 'merge | keep-apart; the latest per pair is in force, every pass obeys it',
  origin VARCHAR(12) NOT NULL COMMENT 'review | merge | unmerge',
  actor VARCHAR(128) NOT NULL,
  reason VARCHAR(255) NULL,
  workflow_id VARCHAR(255) NOT NULL,
  decided_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_review_decisions_workflow_pair (workflow_id, contact_a, contact_b),
  KEY ix_review_decisions_a (contact_a),
  KEY ix_review_decisions_b (contact_b)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dedupe_golden_stage (
  pass_id BIGINT UNSIGNED NOT NULL,
  golden_id BIGINT UNSIGNED NOT NULL,
  status VARCHAR(8) NOT NULL COMMENT 'active | retired',
  retired_into_id BIGINT UNSIGNED NULL,
  representative_id BIGINT UNSIGNED NOT NULL,
  member_count INT UNSIGNED NOT NULL,
  email VARCHAR(254) NULL,
  phone_e164 VARCHAR(16) NULL,
  phone_ext VARCHAR(16) NULL,
  first_name VARCHAR(100) NULL,
  last_name VARCHAR(100) NULL,
  name_key VARCHAR(201) NULL,
  address_line VARCHAR(200) NULL,
  city VARCHAR(100) NULL,
  state VARCHAR(64) NULL,
  postal_code VARCHAR(20) NULL,
  country CHAR(2) NULL,
  dob DATE NULL,
  source_updated_at DATETIME(3) NULL,
  PRIMARY KEY (pass_id, golden_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
