// What the dashboard pre-aggregates: each summary table and the set-based statement that fills its shadow copy.
// The list is fixed (identifiers never come from input); a table an engine has not created yet contributes nothing.

export interface SummaryTable {
  /** Live table name (created empty by db/migrations/060_*). */
  name: string;
  /** INSERT ... SELECT into `target` (the shadow copy); `present` says which optional source tables exist. */
  fill(target: string, present: ReadonlySet<string>): string;
}

/** Source tables other engines own; their figures join the overview once they exist. */
export const OPTIONAL_SOURCES = ['golden_records', 'dedupe_review_queue', 'scrub_results'] as const;

export const SUMMARY_TABLES: readonly SummaryTable[] = [
  {
    name: 'dash_overview',
    // One pass over contacts for all its counts (a covering scan of the primary key at 84M rows takes minutes; the
    // refresh runs in the background, the dashboard reads the result in microseconds).
    fill: (target) => `INSERT INTO ${target} (metric, value)
      SELECT 'contacts', COUNT(*) FROM contacts
      UNION ALL SELECT 'contacts_without_key', COUNT(*) FROM contacts WHERE has_contact_key = 0
      UNION ALL SELECT 'contacts_with_email', COUNT(*) FROM contacts WHERE email IS NOT NULL
      UNION ALL SELECT 'contacts_with_phone', COUNT(*) FROM contacts WHERE phone_e164 IS NOT NULL
      UNION ALL SELECT 'duplicates_flagged', COUNT(*) FROM contacts WHERE is_duplicate = 1
      UNION ALL SELECT 'import_batches', COUNT(*) FROM import_batches
      UNION ALL SELECT 'rows_rejected', COALESCE(SUM(rejected), 0) FROM import_batches`,
  },
  {
    name: 'dash_state_counts',
    fill: (target) => `INSERT INTO ${target} (state, contacts)
      SELECT COALESCE(state, ''), COUNT(*) FROM contacts GROUP BY COALESCE(state, '')`,
  },
];
