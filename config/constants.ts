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
} as const;

export const WORKFLOW_IDS = {
  migration: (name: string) => `migration-${name}`,
  source: (migrationName: string, sourceId: number | string) => `migration-${migrationName}/source-${sourceId}`,
  hello: (name: string) => `hello-${name}`,
} as const;

export const DEFAULT_BATCH_SIZE = 100_000;
export const DEFAULT_BATCH_WINDOW = 2;

/** Object keys in the raw zone: one object per exported batch. */
export const RAW_KEYS = {
  batch: (migrationName: string, sourceId: number, batchNo: number) =>
    `migrations/${migrationName}/source-${sourceId}/batch-${String(batchNo).padStart(6, '0')}.csv`,
  upload: (name: string) => `uploads/${name}`,
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
