-- Disaster recovery: the snapshots taken (local physical backups or Aurora cluster snapshots), their manifest, and
-- every validation run with its outcome and details. The object store (local) or RDS (aws) holds the snapshots
-- themselves; after a disaster the manifests there, not this table, say which snapshots exist.

CREATE TABLE IF NOT EXISTS snapshots (
  id VARCHAR(64) NOT NULL COMMENT 'snap-<UTC time>, the workflow business key',
  mode VARCHAR(8) NOT NULL COMMENT 'local | aws',
  status VARCHAR(16) NOT NULL COMMENT 'taking | taken | failed | deleted',
  validation VARCHAR(16) NOT NULL DEFAULT 'pending' COMMENT 'pending | validating | passed | failed',
  database_name VARCHAR(64) NOT NULL,
  location VARCHAR(512) NULL COMMENT 's3://bucket/key of the backup object, or the RDS snapshot ARN',
  object_bytes BIGINT UNSIGNED NULL,
  object_sha256 CHAR(64) NULL,
  consistent_at DATETIME(6) NULL COMMENT 'the consistency point (UTC): replay starts here',
  manifest JSON NULL COMMENT 'tables, row counts and content checksums at the consistency point',
  error VARCHAR(1024) NULL,
  started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  finished_at DATETIME(3) NULL,
  validated_at DATETIME(3) NULL,
  deleted_at DATETIME(3) NULL,
  PRIMARY KEY (id),
  KEY ix_snapshots_started (started_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS snapshot_validations (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  snapshot_id VARCHAR(64) NOT NULL,
  outcome VARCHAR(8) NOT NULL COMMENT 'passed | failed',
  details JSON NOT NULL COMMENT 'per table: expected and restored rows and checksums; or the step that failed and why',
  restore_sec DECIMAL(10,2) NULL,
  validate_sec DECIMAL(10,2) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY ix_snapshot_validations_snapshot (snapshot_id, created_at),
  CONSTRAINT fk_snapshot_validations_snapshot FOREIGN KEY (snapshot_id) REFERENCES snapshots (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
