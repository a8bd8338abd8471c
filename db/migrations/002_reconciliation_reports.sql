-- Reconciliation reports: one row per run of a migration's reconciliation, the full JSON beside the
-- copy in the processed zone, so auditors can read it from either place.

CREATE TABLE IF NOT EXISTS reconciliation_reports (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  migration_name VARCHAR(100) NOT NULL,
  status VARCHAR(16) NOT NULL COMMENT 'ok | mismatch',
  report JSON NOT NULL,
  object_key VARCHAR(512) NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY ix_reconciliation_reports_migration (migration_name, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
