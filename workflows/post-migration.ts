// PostMigrationWorkflow (id post-migration-<name>): what a completed migration sets off, in order, the steps that
// exist: incremental dedupe → incremental scrub → refresh of the dashboard's aggregates. Each engine adds its step
// here as a child workflow with a business-key id, so a step is visible, retryable and never run twice.
import { executeChild, patched, workflowInfo } from '@temporalio/workflow';
import { WORKFLOW_IDS } from '../config/constants';
import { dashboardRefreshWorkflow } from './dashboard-refresh';
import { complianceScrubWorkflow } from './compliance-scrub';
import { dedupeWorkflow } from './dedupe';

export interface PostMigrationInput {
  migrationName: string;
  /** Who started the migration (a person's CLI, a schedule); carried into the steps' audit rows. */
  actor: string;
}

export interface PostMigrationStep {
  /** 'dedupe' | 'scrub' | 'refresh' */
  name: string;
  workflowId: string;
  /** A step's own summary (counts), as its workflow returned it. */
  result: unknown;
}

export interface PostMigrationResult {
  migrationName: string;
  steps: PostMigrationStep[];
}

export async function postMigrationWorkflow(input: PostMigrationInput): Promise<PostMigrationResult> {
  const steps: PostMigrationStep[] = [];
  // The engines' incremental passes join here, in this order, each awaited before the next (a later step reads what
  // the earlier one wrote): dedupe (#11), then scrub (#12), then the dashboard refresh (#16).
  // Dedupe (#11): the contacts this migration changed (the change feed) against everything, through the block keys.
  if (patched('post-migration-dedupe')) {
    const dedupeId = WORKFLOW_IDS.postMigrationDedupe(input.migrationName);
    const dedupe = await executeChild(dedupeWorkflow, { workflowId: dedupeId, args: [{ kind: 'incremental', actor: input.actor }] });
    steps.push({ name: 'dedupe', workflowId: dedupeId, result: dedupe });
  }
  // Scrub (#12): the contacts this migration changed (the change feed), against the current registry copies.
  if (patched('post-migration-scrub')) {
    const scrubId = WORKFLOW_IDS.postMigrationScrub(input.migrationName);
    const scrub = await executeChild(complianceScrubWorkflow, { workflowId: scrubId, args: [{ mode: 'incremental', actor: input.actor }] });
    steps.push({ name: 'scrub', workflowId: scrubId, result: scrub });
  }
  const refreshId = WORKFLOW_IDS.dashboardRefresh(workflowInfo().workflowId);
  const refresh = await executeChild(dashboardRefreshWorkflow, { workflowId: refreshId, args: [{ reason: 'post-migration' }] });
  steps.push({ name: 'refresh', workflowId: refreshId, result: refresh });
  return { migrationName: input.migrationName, steps };
}
