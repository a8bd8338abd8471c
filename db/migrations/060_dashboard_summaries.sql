-- The dashboard's pre-aggregated tables ("materialized views"), rebuilt by the dashboard refresh workflow into a
-- shadow copy and swapped in with one RENAME TABLE, so a reader never sees a half refresh; and dash_refreshes, one
-- row per refresh that landed: its id is the cache generation the dashboard keys its Redis answers by.

CREATE TABLE IF NOT EXISTS dash_refreshes (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  workflow_id VARCHAR(255) NOT NULL COMMENT 'the refresh run (schedule, post-migration step, after a pass)',
  reason VARCHAR(64) NOT NULL COMMENT 'schedule | post-migration | dedupe | scrub | manual',
  started_at DATETIME(3) NOT NULL,
  finished_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  duration_ms INT UNSIGNED NOT NULL,
  stats JSON NOT NULL COMMENT 'rows per summary table and build time of each',
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dash_overview (
  metric VARCHAR(64) NOT NULL,
  value BIGINT NOT NULL,
  PRIMARY KEY (metric)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dash_state_counts (
  state VARCHAR(64) NOT NULL COMMENT 'contacts.state as stored; empty string when unknown',
  contacts BIGINT NOT NULL,
  PRIMARY KEY (state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
