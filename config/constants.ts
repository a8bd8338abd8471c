// Names shared by workers, starters and workflows: task queues, workflow-id formats, schedule ids. Pure: importable from workflows.

/**
 * Names of the workflow types clients start, as workflows/index.ts exports them (test/workflows/workflow-types.test.ts
 * checks; source workflows are children the migration starts by function). A client passes the function's type and
 * this name, `start<typeof migrationWorkflow>(WORKFLOW_TYPES.migration, ...)`, importing the function only as a type
 * so no workflow code enters it.
 */
export const WORKFLOW_TYPES = {
  migration: 'migrationWorkflow',
  hello: 'helloWorkflow',
  snapshot: 'snapshotWorkflow',
  // Compliance (#12): people's writes and the scrubs.
  recordAttempts: 'recordAttemptsWorkflow',
  registryLoad: 'registryLoadWorkflow',
  registryPrune: 'registryPruneWorkflow',
  complianceScrub: 'complianceScrubWorkflow',
  optOut: 'optOutWorkflow',
  monitor: 'monitorWorkflow',
  dashboardRefresh: 'dashboardRefreshWorkflow',
  dedupe: 'dedupeWorkflow',
  dedupeDecision: 'dedupeDecisionWorkflow',
} as const;

export const WORKFLOW_IDS = {
  migration: (name: string) => `migration-${name}`,
  source: (migrationName: string, sourceId: number | string) => `migration-${migrationName}/source-${sourceId}`,
  hello: (name: string) => `hello-${name}`,
  /** What a completed migration starts: the engines' incremental passes in order (workflows/post-migration.ts). */
  postMigration: (migrationName: string) => `post-migration-${migrationName}`,
  /** An on-demand snapshot (`npm run cli -- snapshot`); the daily schedule's runs are `snapshot-daily-<time>`. */
  snapshot: (snapshotId: string) => `snapshot-${snapshotId}`,
  snapshotDaily: 'snapshot-daily',
  /** Contact attempts recorded by a request (its key: a hash of what it records, so a re-run is recognised). */
  attempts: (requestKey: string) => `attempts-${requestKey}`,
  /** One registry file load: the file's checksum is the key. */
  registryLoad: (kind: string, state: string, sha256: string) => `registry-${kind}${state ? `-${state}` : ''}-${sha256}`,
  /** A registry retention prune; its schedule appends the time. */
  registryPrune: (name: string) => `registry-prune-${name}`,
  /** A compliance scrub: `compliance-scrub-<full|incremental>-<name>`; its schedule appends the time. */
  complianceScrub: (mode: 'full' | 'incremental', name: string) => `compliance-scrub-${mode}-${name}`,
  /** The scrub step of a post-migration run. */
  postMigrationScrub: (migrationName: string) => `post-migration-${migrationName}/scrub`,
  /** An opt-out or re-opt-in request (key: a hash of the request, so the same request again is recognised). */
  optOut: (requestKey: string) => `opt-out-${requestKey}`,
  /** The dashboard refresh: `dashboard-refresh` (its schedule appends the time), or a step's `<parent id>/refresh`. */
  dashboardRefresh: (parent?: string) => (parent ? `${parent}/refresh` : 'dashboard-refresh'),
  /** The one refresh standalone dedupe passes and scrubs on a task queue start (one at a time: a pass finding it running starts none). */
  dashboardRefreshAfterPass: (taskQueue: string) => `dashboard-refresh-after-pass-${taskQueue}`,
  /** A dedupe pass started by a person (CLI, dashboard) or a test: `dedupe-<name>`. */
  dedupe: (name: string) => `dedupe-${name}`,
  /** A person's merge / unmerge / keep-apart: `dedupe-decision-<what>-<ids>-<time>`. */
  dedupeDecision: (what: string, ids: number[], at: string) => `dedupe-decision-${what}-${ids.join('-')}-${at}`,
  /** The dedupe step of a post-migration run. */
  postMigrationDedupe: (migrationName: string) => `post-migration-${migrationName}/dedupe`,
} as const;

/** The migration name in a migration or source workflow id (WORKFLOW_IDS.migration / .source), or null. */
export function migrationNameOf(workflowId: string | undefined): string | null {
  const m = /^migration-(.+?)(\/source-[^/]+)?$/.exec(workflowId ?? '');
  return m ? m[1]! : null;
}

/**
 * Ids of the Temporal Schedules declared in starters/schedules.ts (the one list; `npm run cli -- schedules apply`).
 * Every id starts with SCHEDULE_ID_PREFIX, so `apply` can tell the project's schedules from anyone else's.
 */
export const SCHEDULE_ID_PREFIX = 'contacts-';

/** The schedule ids, one per declaration in starters/schedules.ts (each engine adds its own). */
export const SCHEDULE_IDS = {
  dailySnapshot: 'contacts-daily-snapshot',
  /** Every minute on the monitor task queue: failed workflows, missed schedule runs, task queues without a worker. */
  monitor: 'contacts-monitor',
  dashboardRefresh: 'contacts-dashboard-refresh',
  /** Compliance (#12): the daily incremental scrub and the weekly full one. */
  scrubDaily: 'contacts-scrub-daily',
  scrubWeeklyFull: 'contacts-scrub-weekly-full',
  /** Registry copies superseded longer ago than REGISTRY_RETENTION_DAYS leave the object store (weekly). */
  registryPrune: 'contacts-registry-prune',
} as const satisfies Record<string, `${typeof SCHEDULE_ID_PREFIX}${string}`>;

export const DEFAULT_BATCH_SIZE = 100_000;
export const DEFAULT_BATCH_WINDOW = 2;

/** Object keys in the raw zone: one object per exported batch. */
export const RAW_KEYS = {
  batch: (migrationName: string, sourceId: number, batchNo: number) =>
    `migrations/${migrationName}/source-${sourceId}/batch-${String(batchNo).padStart(6, '0')}.csv`,
  upload: (name: string) => `uploads/${name}`,
  /** A registry or compliance input file, by its checksum: the same file uploaded twice is one object. */
  registryFile: (kind: string, state: string, sha256: string) => `registry/${kind}${state ? `-${state}` : ''}/${sha256}`,
} as const;

export const PROCESSED_KEYS = {
  report: (migrationName: string) => `reports/${migrationName}/reconciliation.json`,
} as const;

/**
 * The database users each service signs in as (db/service-users.ts declares their grants; in AWS each task role may
 * sign in as its own user only, through IAM database authentication).
 */
export const DATABASE_USERS = {
  worker: 'contacts_worker',
  dashboard: 'contacts_dashboard',
  backup: 'contacts_backup',
} as const;

/** Snapshot ids: `snap-YYYYMMDD-HHMMSS` (UTC) of the time the snapshot workflow started; valid as an RDS identifier too. */
export function snapshotIdAt(at: Date): string {
  const iso = at.toISOString();
  return `snap-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

/** Object keys of local snapshots in the processed zone: the compressed mbstream and its manifest. */
export const BACKUP_KEYS = {
  prefix: 'backups/',
  object: (snapshotId: string) => `backups/${snapshotId}/backup.mbstream.zst`,
  manifest: (snapshotId: string) => `backups/${snapshotId}/manifest.json`,
  /** A migration source's registration, written beside its batches so a replay after a restore can recreate it. */
  sourceRecord: (migrationName: string, sourceId: number) => `migrations/${migrationName}/source-${sourceId}/source.json`,
} as const;
/** The monitor's task queue: served by `npm run monitor`, a process apart from the workers whose queue it watches. */
export function monitorTaskQueue(taskQueue: string): string {
  return `${taskQueue}-monitor`;
}
