-- The contacts a full scrub must evaluate with their suppression, evidence or consent rows: found once per scrub,
-- set-based (those tables' phones and e-mails joined to contacts through the phone and e-mail indexes), so each
-- partition of contacts by id reads the few of its own id range and evaluates every other contact from the registry
-- sets alone. Emptied when the scrub finishes.
CREATE TABLE IF NOT EXISTS compliance_scrub_hits (
  scrub_id BIGINT UNSIGNED NOT NULL,
  contact_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (scrub_id, contact_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
