// The workflow entry module the worker bundles: every workflow type, named explicitly.
export { helloWorkflow } from './hello';
export { migrationWorkflow } from './migration';
export { sourceMigrationWorkflow } from './source-migration';
export { postMigrationWorkflow } from './post-migration';
export { snapshotWorkflow } from './snapshot';
export { recordAttemptsWorkflow } from './record-attempts';
export { monitorWorkflow } from './monitor';
export { registryLoadWorkflow } from './registry-load';
export { registryPruneWorkflow } from './registry-prune';
export { dashboardRefreshWorkflow } from './dashboard-refresh';
export { dedupeWorkflow } from './dedupe';
export { complianceScrubWorkflow } from './compliance-scrub';
export { optOutWorkflow } from './opt-out';
export { dedupeDecisionWorkflow } from './dedupe-decision';
