// `pause`, `resume` and `cancel`: steer a running migration; each stops or starts between batches.
import { loadConfig } from '../../config/env';
import { WORKFLOW_IDS } from '../../config/constants';
import { createTemporalClient } from '../../workers/clients';
import { pauseSignal, resumeSignal } from '../../workflows/messages';
import type { migrationWorkflow } from '../../workflows/migration';
import { type Command, UsageError, parseCommandArgs } from '../command';

function control(name: 'pause' | 'resume' | 'cancel', summary: string): Command {
  return {
    name,
    summary,
    usage: `Usage: npm run cli -- ${name} NAME\n\n${summary[0]!.toUpperCase()}${summary.slice(1)}. Committed batches are never undone.`,
    async run(argv) {
      const { positionals } = parseCommandArgs(argv, {});
      const migration = positionals[0];
      if (!migration) throw new UsageError('the migration NAME is required');
      const { client, connection } = await createTemporalClient(loadConfig());
      try {
        const handle = client.workflow.getHandle<typeof migrationWorkflow>(WORKFLOW_IDS.migration(migration));
        if (name === 'pause') await handle.signal(pauseSignal);
        else if (name === 'resume') await handle.signal(resumeSignal);
        else await handle.cancel();
        console.log(`${name} sent to ${handle.workflowId}`);
        return 0;
      } finally {
        await connection.close();
      }
    },
  };
}

export const pauseCommand = control('pause', 'pause a migration after the batches in flight commit');
export const resumeCommand = control('resume', 'resume a paused migration');
export const cancelCommand = control('cancel', 'cancel a migration between batches, keeping every committed batch');
