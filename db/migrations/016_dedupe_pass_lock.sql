-- One dedupe pass at a time, whatever started it (CLI, post-migration, schedule, a person's decision): two passes
-- would claim each other's change-feed cut and stage clusters over each other. The single row names the workflow
-- holding the lock; the holder's activities renew it, and a holder silent for longer than the lease (a terminated
-- workflow) is taken over by the next pass, which logs it.

CREATE TABLE IF NOT EXISTS dedupe_pass_lock (
  name VARCHAR(16) NOT NULL COMMENT 'always ''pass''',
  workflow_id VARCHAR(255) NULL COMMENT 'the holding pass''s workflow id; NULL when free',
  pass_id BIGINT UNSIGNED NULL COMMENT 'the holding pass (dedupe_passes.id), once its row exists',
  acquired_at DATETIME(3) NULL,
  renewed_at DATETIME(3) NULL COMMENT 'the holder''s activities renew it while they run',
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT IGNORE INTO dedupe_pass_lock (name) VALUES ('pass');
