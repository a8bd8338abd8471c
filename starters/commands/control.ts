// `pause`, `resume` and `cancel`: steer a running migration; each stops or starts between batches. `cancel` returns
// only once the migration and every one of its source workflows has closed.
import type { Client, WorkflowHandle } from '@temporalio/client';
import { loadConfig } from '../../config/env';
import { WORKFLOW_IDS } from '../../config/constants';
import { createTemporalClient } from '../../workers/clients';
import { pauseSignal, resumeSignal } from '../../workflows/messages';
import type { migrationWorkflow } from '../../workflows/migration';
import { type Command, UsageError, parseCommandArgs } from '../command';
import { watchWorkers } from '../worker-check';

/** The ids of the child workflows a (closed or running) workflow has started, from its history. */
async function childWorkflowIds(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  const ids = (history.events ?? []).flatMap((e) => {
    const id = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
    return id ? [id] : [];
  });
  return [...new Set(ids)];
}

/** Waits until the workflow (following continue-as-new) has closed; returns its final status. */
async function closed(client: Client, workflowId: string): Promise<string> {
  const handle = client.workflow.getHandle(workflowId);
  await handle.result().catch(() => {});
  return (await handle.describe()).status.name;
}

export async function cancelAndWait(client: Client, workflowId: string): Promise<{ status: string; sources: Array<{ workflowId: string; status: string }> }> {
  const handle = client.workflow.getHandle(workflowId);
  await handle.cancel();
  const status = await closed(client, workflowId);
  // MigrationWorkflow closes after its sources closed; checking each one makes the command's promise hold regardless.
  const sources = [];
  for (const id of await childWorkflowIds(handle)) sources.push({ workflowId: id, status: await closed(client, id) });
  return { status, sources };
}

function control(name: 'pause' | 'resume' | 'cancel', summary: string, detail: string): Command {
  return {
    name,
    summary,
    usage: `Usage: npm run cli -- ${name} NAME\n\n${summary[0]!.toUpperCase()}${summary.slice(1)}. ${detail}`,
    async run(argv) {
      const { positionals } = parseCommandArgs(argv, {});
      const migration = positionals[0];
      if (!migration) throw new UsageError('the migration NAME is required');
      const config = loadConfig();
      const { client, connection } = await createTemporalClient(config);
      try {
        const handle = client.workflow.getHandle<typeof migrationWorkflow>(WORKFLOW_IDS.migration(migration));
        if (name === 'pause') await handle.signal(pauseSignal);
        else if (name === 'resume') await handle.signal(resumeSignal);
        if (name !== 'cancel') {
          console.log(`${name} sent to ${handle.workflowId}`);
          return 0;
        }
        console.log(`cancel sent to ${handle.workflowId}; waiting for its source workflows to commit the batches in flight and close`);
        const stopWatching = watchWorkers(client, config);
        try {
          const r = await cancelAndWait(client, handle.workflowId);
          for (const s of r.sources) console.log(`  ${s.workflowId}: ${s.status}`);
          console.log(`${handle.workflowId}: ${r.status}`);
          return 0;
        } finally {
          stopWatching();
        }
      } finally {
        await connection.close();
      }
    },
  };
}

export const pauseCommand = control('pause', 'pause a migration after the batches in flight commit', 'Committed batches are never undone.');
export const resumeCommand = control('resume', 'resume a paused migration', 'Committed batches are never undone.');
export const cancelCommand = control('cancel', 'cancel a migration between batches, keeping every committed batch',
  'Returns once the migration and every one of its source workflows has closed. Committed batches are never undone.');
