// `after-migration`: waits for what a reconciled migration set off (post-migration-<name>: incremental dedupe →
// incremental scrub → dashboard refresh) and prints each step's outcome. `npm start` ends with it, so a sample run
// shows the golden records and the compliance statuses it produced, not only the migration's reconciliation.
import { WorkflowNotFoundError } from '@temporalio/client';
import { loadConfig } from '../../config/env';
import { WORKFLOW_IDS } from '../../config/constants';
import type { ComplianceScrubResult } from '../../workflows/compliance-scrub';
import type { DashboardRefreshResult } from '../../workflows/dashboard-refresh';
import type { DedupeResult } from '../../workflows/dedupe';
import type { PostMigrationResult, postMigrationWorkflow } from '../../workflows/post-migration';
import { createTemporalClient } from '../../workers/clients';
import { type Command, UsageError, numberFlag, parseCommandArgs } from '../command';
import { workflowUiLink } from '../follow-migration';
import { failureCause, formatFailureCause } from '../failure-cause';

const usage = `Usage: npm run cli -- after-migration NAME [--timeout SEC] [--json]

Waits for the post-migration workflow of migration NAME (post-migration-NAME: incremental dedupe, then incremental
compliance scrub, then the dashboard refresh) and prints each step's outcome. --timeout (default 600) bounds the wait:
past it the command exits 1 naming the step still running. --json prints the workflow's result as one JSON line.`;

const n = (v: number) => v.toLocaleString('en-US');

/** One line (or a few) per step, from the step's own result. */
export function stepLines(result: PostMigrationResult): string[] {
  const lines: string[] = [];
  for (const step of result.steps) {
    if (step.name === 'dedupe') {
      const r = step.result as DedupeResult;
      lines.push(`dedupe   pass ${r.passId} (${r.kind}): ${n(r.contactsInScope)} contacts in scope, ${n(r.candidatePairs)} pairs scored, `
        + `${n(r.counts.merges)} merges; ${n(r.counts.goldenRecords)} golden records, review queue ${n(r.counts.reviewQueueOpen)} open`);
    } else if (step.name === 'scrub') {
      const r = step.result as ComplianceScrubResult;
      const statuses = Object.entries(r.byStatus).sort((a, b) => b[1] - a[1]).map(([s, c]) => `${s} ${n(c)}`).join(', ');
      lines.push(`scrub    ${r.mode} scrub ${r.scrubId} (rules ${r.rulesVersion}): ${n(r.contactsScrubbed)} contacts scrubbed; stored statuses: ${statuses || 'none'}`);
    } else if (step.name === 'refresh') {
      const r = step.result as DashboardRefreshResult;
      lines.push(`refresh  dashboard summaries ${r.refreshId}: ${r.tables.length} tables in ${(r.durationMs / 1000).toFixed(1)} s, ${n(r.newBatches)} new import batches`);
    } else {
      lines.push(`${step.name.padEnd(8)} ${step.workflowId}`);
    }
  }
  return lines;
}

export const afterMigrationCommand: Command = {
  name: 'after-migration',
  summary: 'wait for a migration\'s post-migration steps (dedupe, scrub, refresh) and print their outcome',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { timeout: { type: 'string' }, json: { type: 'boolean' } });
    const name = positionals[0];
    if (!name) throw new UsageError('the migration NAME is required');
    const timeoutSec = numberFlag(values.timeout as string | undefined, 'timeout', 600, 1, 7 * 24 * 3600);
    const config = loadConfig();
    const { client, connection } = await createTemporalClient(config);
    const workflowId = WORKFLOW_IDS.postMigration(name);
    try {
      const handle = client.workflow.getHandle<typeof postMigrationWorkflow>(workflowId);
      try {
        await handle.describe();
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        console.error(`after-migration: no post-migration workflow ${workflowId}: migration ${JSON.stringify(name)} has not completed `
          + `(see npm run cli -- status ${name})`);
        return 1;
      }
      if (!values.json) console.error(`after-migration: waiting for ${workflowUiLink(config, workflowId)} (up to ${timeoutSec} s)`);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutSec * 1000); });
      let outcome: PostMigrationResult | 'timeout';
      try {
        outcome = await Promise.race([handle.result(), deadline]);
      } catch (err) {
        console.error(`after-migration: ${workflowId} failed`);
        console.error(formatFailureCause(failureCause((err as Error).cause ?? err)));
        return 1;
      } finally {
        clearTimeout(timer);
      }
      if (outcome === 'timeout') {
        const pending = (await handle.describe()).raw.pendingChildren?.map((c) => c.workflowId).join(', ');
        console.error(`after-migration: ${workflowId} still running after ${timeoutSec} s${pending ? ` (step running: ${pending})` : ''}; `
          + 'it goes on in the background: watch it in the Temporal UI');
        return 1;
      }
      if (values.json) {
        console.log(JSON.stringify(outcome));
        return 0;
      }
      for (const line of stepLines(outcome)) console.log(line);
      return 0;
    } finally {
      await connection.close();
    }
  },
};
