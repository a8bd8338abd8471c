-- The priority list's materialized view: one row per golden record (per contact until dedupe has run) with its
-- priority score, its filter columns and its precomputed ranks, rebuilt by the dashboard refresh into a shadow copy
-- and swapped in with the other summaries. Indexes chosen from the list queries' EXPLAIN (docs/dashboard.md): each
-- filter + sort pair has a covering index ending in (golden_id, jkey, reach), so a keyset page or a deferred join's
-- inner scan reads the index only; jkey (area code | state) is what the read-time calling-window check filters on,
-- reach whether the record is on phone or e-mail lists.

CREATE TABLE IF NOT EXISTS dash_priority (
  golden_id BIGINT UNSIGNED NOT NULL,
  score SMALLINT UNSIGNED NOT NULL COMMENT '0..1000, domain/priority-score.ts',
  first_name VARCHAR(100) NULL,
  last_name VARCHAR(100) NULL,
  name_key VARCHAR(201) NOT NULL DEFAULT '',
  email VARCHAR(254) NULL,
  phone_e164 VARCHAR(16) NULL,
  npa CHAR(3) NULL COMMENT 'NANP area code of the phone',
  state VARCHAR(64) NOT NULL DEFAULT '',
  postal_code VARCHAR(20) NULL,
  source_kind VARCHAR(16) NOT NULL DEFAULT '',
  member_count INT UNSIGNED NOT NULL DEFAULT 1,
  attempts INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'attempts to its phone in the configured window, at the refresh',
  updated_at DATETIME(3) NOT NULL COMMENT 'newest source timestamp',
  jkey VARCHAR(72) NOT NULL COMMENT 'npa|state: the jurisdiction the calling window is evaluated for',
  reach TINYINT UNSIGNED NOT NULL COMMENT '1: has a phone (on phone lists), 2: has an e-mail (on e-mail lists), 3: both',
  rank_all INT UNSIGNED NOT NULL COMMENT 'position among records with a phone by score desc, golden_id desc; 0 without a phone',
  rank_state INT UNSIGNED NOT NULL COMMENT 'the same within its state',
  PRIMARY KEY (golden_id),
  KEY ix_dash_priority_rank (rank_all),
  KEY ix_dash_priority_state_rank (state, rank_state),
  KEY ix_dash_priority_score (score, golden_id, jkey, reach),
  KEY ix_dash_priority_state_score (state, score, golden_id, jkey, reach),
  KEY ix_dash_priority_source_score (source_kind, score, golden_id, jkey, reach),
  KEY ix_dash_priority_updated (updated_at, golden_id, jkey, reach),
  KEY ix_dash_priority_name (name_key, golden_id, jkey, reach),
  KEY ix_dash_priority_phone (phone_e164)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dash_jurisdictions (
  jkey VARCHAR(72) NOT NULL,
  npa CHAR(3) NULL,
  state VARCHAR(64) NOT NULL DEFAULT '',
  records BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (jkey)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
