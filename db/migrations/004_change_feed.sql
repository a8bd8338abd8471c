-- The change feed: which committed import batches each incremental consumer (dedupe, scrub, dashboard refresh) has
-- taken into a pass. contacts.last_batch_id is written only by ingestion, and only when a contact's content changes,
-- so "the contacts whose last_batch_id is in my pass's batches" is a consistent cut even while a migration writes:
-- a batch that commits later is simply in the next pass.

CREATE TABLE IF NOT EXISTS change_feed (
  consumer VARCHAR(32) NOT NULL COMMENT 'dedupe | scrub | refresh | ...',
  import_batch_id BIGINT UNSIGNED NOT NULL,
  pass_id VARCHAR(128) NOT NULL COMMENT 'the pass that claimed the batch (its workflow id)',
  claimed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  consumed_at DATETIME(3) NULL COMMENT 'set when the claiming pass committed its results',
  PRIMARY KEY (consumer, import_batch_id),
  KEY ix_change_feed_pass (consumer, pass_id),
  CONSTRAINT fk_change_feed_batch FOREIGN KEY (import_batch_id) REFERENCES import_batches (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX ix_contacts_last_batch ON contacts (last_batch_id);
