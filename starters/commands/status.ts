// `status`: shows where a migration is: live progress while it runs, the outcome once it has ended.
import type { WorkflowExecutionStatusName } from '@temporalio/client';
import { loadConfig } from '../../config/env';
import { WORKFLOW_IDS } from '../../config/constants';
import { formatReconciliation } from '../../domain/reconciliation';
import type { migrationWorkflow } from '../../workflows/migration';
import { createTemporalClient } from '../../workers/clients';
import { type Command, UsageError, parseCommandArgs } from '../command';
import { readProgress, workflowUiLink } from '../follow-migration';
import { failureCause, formatFailureCause } from '../failure-cause';
import { progressLines } from '../progress-view';
import { noWorkerMessage, waitForWorker } from '../worker-check';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show the progress or outcome of a migration',
  usage: `Usage: npm run cli -- status NAME [--json]\n\nPrints per-source progress of migration NAME (batches, rows, rows/s, rejects) or its final reconciliation.`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    const name = positionals[0];
    if (!name) throw new UsageError('the migration NAME is required');
    const config = loadConfig();
    const { client, connection } = await createTemporalClient(config);
    try {
      const handle = client.workflow.getHandle<typeof migrationWorkflow>(WORKFLOW_IDS.migration(name));
      let status: WorkflowExecutionStatusName;
      let taskQueue: string;
      try {
        const described = await handle.describe();
        status = described.status.name;
        taskQueue = described.taskQueue;
      } catch {
        console.error(`no migration named ${JSON.stringify(name)} (workflow ${WORKFLOW_IDS.migration(name)} not found)`);
        return 1;
      }
      if (status === 'RUNNING') {
        const presence = await waitForWorker(client, taskQueue);
        if (!presence.ok) console.error(noWorkerMessage(config, presence));
      }
      const progress = await readProgress(handle);
      if (values.json) {
        console.log(JSON.stringify({ status, progress }));
        return 0;
      }
      console.log(`${workflowUiLink(config, handle.workflowId)}  status: ${status}`);
      if (progress) console.log(progressLines(progress).join('\n'));
      if (status === 'COMPLETED') console.log(formatReconciliation(await handle.result()));
      if (status === 'FAILED') {
        const err = await handle.result().then(() => null, (e: unknown) => e as Error);
        if (err) console.error(formatFailureCause(failureCause(err.cause ?? err)));
      }
      return status === 'FAILED' || status === 'TERMINATED' || status === 'TIMED_OUT' ? 1 : 0;
    } finally {
      await connection.close();
    }
  },
};
