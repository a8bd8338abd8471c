-- How often a phone number, a surname or a given name occurs among the contacts, for term-frequency weights: a phone
-- shared by an office or a surname like Smith says less than a rare one. Refreshed by each full dedupe pass; only
-- values seen several times are kept (rarer ones get the rare-value weight).

CREATE TABLE IF NOT EXISTS dedupe_value_freq (
  kind VARCHAR(8) NOT NULL COMMENT 'phone | last | first | total (value empty: the number of contacts)',
  value VARCHAR(254) NOT NULL,
  n INT UNSIGNED NOT NULL,
  PRIMARY KEY (kind, value)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
