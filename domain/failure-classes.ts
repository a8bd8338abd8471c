// The one place that says which error types are worth retrying: the activity retry policy's non-retryable list is
// derived from it, and a test checks every error type the code throws is listed. Pure data: workflows import it.

/**
 * `bad-input`: the input, the source or a stored invariant is wrong; the same call fails the same way, so it fails
 * on its first attempt. `transient`: an outage or a crash (network, database restart, lost thread); retried.
 */
export type FailureClass = 'bad-input' | 'transient';

export const FAILURE_CLASSES = {
  // Export (activities/export/source-failure.ts): the source as given cannot be exported.
  SourceSchemaError: 'bad-input',
  SourceNotFoundError: 'bad-input',
  SourceAccessError: 'bad-input',
  SourceChangedError: 'bad-input',
  SourceConflictError: 'bad-input',
  MappingError: 'bad-input',
  ExportInputError: 'bad-input',
  ExportIntegrityError: 'bad-input',
  /** A batch object without the exporter's metadata (activities/export/batch-object-store.ts). */
  BatchObjectMetadataError: 'bad-input',
  /** A value that cannot be read as text (activities/export/canonical-row.ts); caught per row and stored as a reject. */
  UnreadableValueError: 'bad-input',
  /** A CLI source argument that does not parse (activities/export/source-spec.ts). */
  SourceSpecError: 'bad-input',
  // Ingest (activities/ingest/): a batch object that is not what export wrote, or counts that do not add up.
  BatchFormatError: 'bad-input',
  BatchChecksumMismatch: 'bad-input',
  BatchAccountingError: 'bad-input',
  /** A canonical batch CSV that does not parse (domain/canonical-csv.ts). */
  CanonicalCsvError: 'bad-input',
  /** A row number that is not a positive integer in a batch object (domain/normalize-row.ts). */
  InvalidRowNumberError: 'bad-input',
  /** DEFAULT_PHONE_REGION names a region libphonenumber does not know: a worker configuration error. */
  UnsupportedRegionError: 'bad-input',
  /** Phone metadata with syntax the digit-pattern compiler refuses: a code defect, not an outage. */
  UnsupportedPatternError: 'bad-input',
  /** config/dashboard-lists.json does not validate (domain/list-config.ts): the dashboard refresh cannot score. */
  ListConfigError: 'bad-input',
  // Reconciliation (activities/reconcile/reconcile.ts).
  ReconciliationMismatch: 'bad-input',
  /** The failure a source workflow ends with, naming source, batch and the activity's failure as its cause. */
  SourceMigrationFailed: 'bad-input',
  /** A journal entry its caller built wrongly (activities/journal.ts). */
  JournalEntryError: 'bad-input',
  // Snapshots and recovery (activities/snapshots/, activities/recovery/).
  /** A backup object that does not decompress, unpack or hash to its manifest: the same object fails again. */
  SnapshotObjectError: 'bad-input',
  /** A snapshot id that names no snapshot. */
  SnapshotNotFoundError: 'bad-input',
  /** A snapshot restored but differing from its manifest; the workflow ends with it after recording and alerting. */
  SnapshotValidationFailed: 'bad-input',
  /** `restore` asked to overwrite the live database without --allow-live, or a target that cannot be used. */
  RestoreRefusedError: 'bad-input',
  /** mariadb-backup / mbstream exited non-zero (server restarting, disk full, killed): retried. */
  BackupToolError: 'transient',
  // Compliance (#12).
  /** A contact attempt that cannot be recorded as given (activities/compliance/attempt-activities.ts). */
  AttemptInputError: 'bad-input',
  /** The compliance rules file does not validate (domain/compliance/rules.ts). */
  RulesFileError: 'bad-input',
  /** A registry file whose checksum is not the one it was registered with (activities/compliance/copy-records.ts). */
  RegistryChecksumError: 'bad-input',
  /** A registry load request that cannot be carried out as given. */
  RegistryInputError: 'bad-input',
  /** One CSV row of a compliance input; caught per row and stored with its line number (activities/compliance/csv-load.ts). */
  CsvRowError: 'bad-input',
  /** An opt-out or re-opt-in that cannot be recorded as given (activities/compliance/suppression-activities.ts). */
  SuppressionInputError: 'bad-input',
  // Monitoring (activities/alerts/, workflows/monitor.ts).
  /** A monitor activity on a worker without a Temporal client and alert sink: a deployment error. */
  MonitorNotConfiguredError: 'bad-input',
  /** A pass whose checks failed; the next pass reports it. */
  MonitorCheckFailed: 'bad-input',
  /** A webhook or SNS topic that did not accept an alert: retried. */
  AlertDeliveryError: 'transient',
  // Dedupe (domain/dedupe/model.ts): a model file that does not validate is a configuration error, not an outage.
  DedupeModelError: 'bad-input',
  /** A merge / unmerge naming a contact that does not exist or is not merged (activities/dedupe/decisions.ts). */
  DedupeDecisionError: 'bad-input',
  /** A pass asked not to wait while another pass holds the dedupe pass lock (activities/dedupe/pass-lock.ts). */
  DedupePassBusyError: 'bad-input',
  /** A pass whose lock another pass took over after it was silent past the lease: it must stop writing. */
  DedupePassLockLostError: 'bad-input',
  // Transient: a plain Error (socket closed, deadlock, S3 5xx), a driver error, a dead preparation thread.
  Error: 'transient',
} as const satisfies Record<string, FailureClass>;

export type FailureType = keyof typeof FAILURE_CLASSES;
export type BadInputFailureType = { [K in FailureType]: (typeof FAILURE_CLASSES)[K] extends 'bad-input' ? K : never }[FailureType];

/** The error types that fail an activity on its first attempt (the retry policy's nonRetryableErrorTypes). */
export const NON_RETRYABLE_ERROR_TYPES: BadInputFailureType[] = (Object.keys(FAILURE_CLASSES) as FailureType[])
  .filter((t): t is BadInputFailureType => FAILURE_CLASSES[t] === 'bad-input');

/** Whether a failure of this type is retried; unknown types are (an unclassified error is assumed transient). */
export function isRetryable(type: string): boolean {
  return (FAILURE_CLASSES as Record<string, FailureClass>)[type] !== 'bad-input';
}
