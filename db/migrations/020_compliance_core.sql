-- Compliance engine, people's decisions and evidence: the append-only suppression log (opt-outs and re-opt-ins),
-- contact attempts (for frequency caps), EBR evidence, written consents, and the rules versions results cite.
-- Runs unchanged on MariaDB 10.11 and MySQL 8.0. All timestamps UTC.

CREATE TABLE IF NOT EXISTS compliance_rules_versions (
  sha256 CHAR(64) NOT NULL COMMENT 'sha256 of the canonical rules JSON',
  version VARCHAR(64) NOT NULL,
  rules_json MEDIUMTEXT NOT NULL COMMENT 'the exact rules, so an auditor can re-evaluate a stored decision',
  first_used_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS suppression_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  kind VARCHAR(12) NOT NULL COMMENT 'opt-out | re-opt-in',
  phone_e164 VARCHAR(16) NULL,
  email VARCHAR(254) NULL,
  channel VARCHAR(8) NOT NULL COMMENT 'VOICE | SMS | EMAIL | ALL',
  scope VARCHAR(10) NOT NULL COMMENT 'global | brand | campaign',
  scope_value VARCHAR(128) NULL COMMENT 'the brand or campaign of a scoped row',
  method VARCHAR(32) NOT NULL COMMENT 'how it was received: SMS_STOP, IVR, AGENT, WEB, EMAIL, UNSUBSCRIBE, FILE, ...',
  received_at DATETIME(3) NOT NULL,
  source VARCHAR(128) NOT NULL COMMENT 'system or file it came from',
  evidence VARCHAR(512) NULL COMMENT 'reference to the message, recording, form or letter',
  actor VARCHAR(128) NOT NULL COMMENT 'who entered it',
  request_key CHAR(64) NOT NULL COMMENT 'sha256 of the request (workflow id + line): a retried write is one row',
  recorded_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_suppression_request (request_key),
  KEY ix_suppression_phone (phone_e164),
  KEY ix_suppression_email (email),
  CONSTRAINT ck_suppression_identifier CHECK (phone_e164 IS NOT NULL OR email IS NOT NULL),
  CONSTRAINT ck_suppression_reoptin_evidence CHECK (kind <> 're-opt-in' OR (evidence IS NOT NULL AND evidence <> ''))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TRIGGER suppression_log_append_only_update BEFORE UPDATE ON suppression_log FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'suppression_log is append-only: record a re-opt-in instead of changing a row';

CREATE TRIGGER suppression_log_append_only_delete BEFORE DELETE ON suppression_log FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'suppression_log is append-only: rows are never deleted';

CREATE TABLE IF NOT EXISTS contact_attempts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  phone_e164 VARCHAR(16) NOT NULL,
  attempted_at DATETIME(3) NOT NULL,
  channel VARCHAR(8) NOT NULL COMMENT 'VOICE | SMS',
  campaign VARCHAR(128) NULL,
  brand VARCHAR(128) NULL,
  outcome VARCHAR(32) NULL COMMENT 'answered, no-answer, busy, voicemail, ... (every dial counts)',
  actor VARCHAR(128) NOT NULL,
  source VARCHAR(255) NOT NULL COMMENT 'cli, or the raw-zone file it was loaded from',
  recorded_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_attempts_number_time (phone_e164, attempted_at, channel)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ebr_evidence (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  kind VARCHAR(12) NOT NULL COMMENT 'transaction | inquiry',
  phone_e164 VARCHAR(16) NULL,
  email VARCHAR(254) NULL,
  brand VARCHAR(128) NULL COMMENT 'the seller; NULL = the company as a whole',
  occurred_at DATETIME(3) NOT NULL,
  reference VARCHAR(128) NOT NULL COMMENT 'order or inquiry id in the source system',
  load_id BIGINT UNSIGNED NOT NULL COMMENT 'registry_copies.id of the file it came from',
  line_no BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_ebr_load_line (load_id, line_no),
  KEY ix_ebr_phone (phone_e164),
  KEY ix_ebr_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS written_consents (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  phone_e164 VARCHAR(16) NULL,
  email VARCHAR(254) NULL,
  brand VARCHAR(128) NOT NULL,
  granted_at DATETIME(3) NOT NULL,
  revoked_at DATETIME(3) NULL,
  evidence VARCHAR(512) NOT NULL,
  load_id BIGINT UNSIGNED NOT NULL,
  line_no BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_consent_load_line (load_id, line_no),
  KEY ix_consent_phone (phone_e164),
  KEY ix_consent_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
