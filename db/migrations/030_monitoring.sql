-- Monitoring (#13): anomalous batches flagged where they are recorded, every alert sent (so one failure alerts
-- once), and the monitor's own small state (the failure scan's cursor, how long a task queue has had no worker).

ALTER TABLE import_batches
  ADD COLUMN anomaly_checked_at DATETIME(3) NULL COMMENT 'when anomaly detection compared this batch with its history',
  ADD COLUMN is_anomalous TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN anomaly_reason VARCHAR(1024) NULL COMMENT 'which metrics deviated, by how much, against which history',
  ADD KEY ix_import_batches_anomalous (is_anomalous, imported_at);

CREATE TABLE IF NOT EXISTS alerts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  alert_key VARCHAR(255) NOT NULL COMMENT 'identity of the failure: one key alerts once',
  kind VARCHAR(64) NOT NULL,
  severity VARCHAR(16) NOT NULL,
  summary VARCHAR(1000) NOT NULL,
  workflow_id VARCHAR(255) NULL,
  run_id VARCHAR(64) NULL,
  ui_url VARCHAR(1024) NULL,
  details JSON NULL,
  delivered_channels JSON NOT NULL COMMENT 'channels that accepted it (log, webhook, sns); a retry sends only to the others',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  sent_at DATETIME(3) NULL COMMENT 'when every configured channel had accepted it',
  PRIMARY KEY (id),
  UNIQUE KEY uq_alerts_key (alert_key),
  KEY ix_alerts_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS monitor_state (
  name VARCHAR(128) NOT NULL,
  value VARCHAR(255) NULL,
  since DATETIME(3) NULL,
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
