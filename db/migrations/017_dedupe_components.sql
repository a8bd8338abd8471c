-- Connected components of a full dedupe pass, computed in the database instead of in a worker's memory (at 84M
-- contacts a third of them take part: an in-process union-find would not fit a 1.5 GB worker). dedupe_edges holds the
-- pass's undirected edges both ways (match links, people's merge decisions, current clusters); dedupe_component
-- labels each contact taking part with the smallest contact id of its component, by label propagation over the edges
-- plus pointer jumping, only from the contacts whose label changed in the previous round. Clustering then reads the
-- components in label order. Working tables of the one running pass (the pass lock): emptied when a pass starts
-- clustering and when it finishes.

CREATE TABLE IF NOT EXISTS dedupe_edges (
  a BIGINT UNSIGNED NOT NULL,
  b BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (a, b)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dedupe_component (
  contact_id BIGINT UNSIGNED NOT NULL,
  label BIGINT UNSIGNED NOT NULL COMMENT 'smallest contact id of the component, once propagation has converged',
  changed_round INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'the round that last lowered the label: the next round starts from these',
  PRIMARY KEY (contact_id),
  KEY ix_dedupe_component_label (label, contact_id),
  KEY ix_dedupe_component_round (changed_round)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dedupe_component_next (
  contact_id BIGINT UNSIGNED NOT NULL,
  label BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (contact_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
