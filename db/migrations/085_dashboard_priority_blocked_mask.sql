-- The priority lists hold only records callable for the request's campaign (issue #16, COMPLIANCE.md's read-time
-- rules): each record carries the list classes its stored facts block it for (domain/compliance/list-classes.ts: one
-- bit per class, VOICE manual 1, VOICE automated 2, SMS manual 4, SMS automated 8, EMAIL 16; every bit until a scrub
-- has a result for it), evaluated at the refresh from the facts of the member that gives the record its status, and
-- when an EBR that lets it onto a list lapses (the request leaves it out from then on). The mask ends every covering
-- index the list walks, so `(blocked_mask & bit) = 0` is checked inside the index (docs/dashboard.md has the plans);
-- the ranks count only records listable for the default campaign's class, and the jurisdictions summary counts them
-- (`listable`) for the list's total.
ALTER TABLE dash_priority
  ADD COLUMN blocked_mask TINYINT UNSIGNED NOT NULL DEFAULT 31 COMMENT 'list classes the stored facts block it for at the refresh (domain/compliance/list-classes.ts CLASS_BIT)' AFTER compliance_tag,
  ADD COLUMN exemption_lapses_at DATETIME(3) NULL COMMENT 'when the EBR that keeps it off a DNC block lapses; NULL when none does' AFTER blocked_mask,
  DROP KEY ix_dash_priority_score,
  ADD KEY ix_dash_priority_score (score, golden_id, jkey, reach, compliance_tag, blocked_mask),
  DROP KEY ix_dash_priority_state_score,
  ADD KEY ix_dash_priority_state_score (state, score, golden_id, jkey, reach, compliance_tag, blocked_mask),
  DROP KEY ix_dash_priority_tag_score,
  ADD KEY ix_dash_priority_tag_score (compliance_tag, score, golden_id, jkey, reach, blocked_mask),
  DROP KEY ix_dash_priority_source_score,
  ADD KEY ix_dash_priority_source_score (source_kind, score, golden_id, jkey, reach, blocked_mask),
  DROP KEY ix_dash_priority_updated,
  ADD KEY ix_dash_priority_updated (updated_at, golden_id, jkey, reach, blocked_mask),
  DROP KEY ix_dash_priority_name,
  ADD KEY ix_dash_priority_name (name_key, golden_id, jkey, reach, blocked_mask),
  ADD KEY ix_dash_priority_lapse (exemption_lapses_at);

ALTER TABLE dash_jurisdictions
  ADD COLUMN listable BIGINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'records listable for the default campaign''s class (the ranks count the same records)';
