-- The dashboard's record detail shows the contacts that left a golden record (an unmerge, a split) in its audit:
-- their dedupe_log rows name the record only as previous_golden_id, so it gets its own index (no scan of the log).
CREATE INDEX ix_dedupe_log_previous_golden ON dedupe_log (previous_golden_id);
