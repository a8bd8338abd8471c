-- The priority list filters by compliance tag (issue #16: "filtered by state, tag, score range, source and
-- updated-since"): each record carries the stored status its scrub wrote (golden_compliance for golden records,
-- contact_compliance before the first dedupe pass; UNSCRUBBED without one), the tag COMPLIANCE.md reports for a
-- VOICE campaign with automated dialling and no brand. The clock tags stay read-time (read-time-rules.ts).
-- Indexes chosen from the plans (docs/dashboard.md, "Indexes, chosen from the plans"): one tag in score order is a
-- ref on (compliance_tag, score, ...) read in index order; the tag also ends the score and state + score indexes,
-- so several tags, or a tag with a state, walk those in order and check the tag inside the index (without it each
-- index entry cost a row read).
ALTER TABLE dash_priority
  ADD COLUMN compliance_tag VARCHAR(24) NOT NULL DEFAULT 'UNSCRUBBED' COMMENT 'stored status tag of its best phone at the refresh (domain/compliance/stored-status.ts), UNSCRUBBED without a scrub result' AFTER reach,
  ADD KEY ix_dash_priority_tag_score (compliance_tag, score, golden_id, jkey, reach),
  DROP KEY ix_dash_priority_score,
  ADD KEY ix_dash_priority_score (score, golden_id, jkey, reach, compliance_tag),
  DROP KEY ix_dash_priority_state_score,
  ADD KEY ix_dash_priority_state_score (state, score, golden_id, jkey, reach, compliance_tag);
