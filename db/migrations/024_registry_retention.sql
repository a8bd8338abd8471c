-- Retention of superseded registry copies (COMPLIANCE.md: kept for the configured retention, 5 years by default, then
-- pruned): when a version's set object was deleted from the processed zone, and when a copy's raw file was.
ALTER TABLE registry_versions
  ADD COLUMN IF NOT EXISTS pruned_at DATETIME(3) NULL COMMENT 'when its set object was deleted: superseded longer ago than the retention';
ALTER TABLE registry_copies
  ADD COLUMN IF NOT EXISTS pruned_at DATETIME(3) NULL COMMENT 'when its raw-zone file was deleted: every version it produced superseded longer ago than the retention';
