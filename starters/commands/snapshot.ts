// `snapshot`: takes a snapshot now (the same SnapshotWorkflow the daily schedule runs), follows it and prints
// what was taken, the validation outcome and what retention deleted.
import { WorkflowFailedError } from '@temporalio/client';
import { WORKFLOW_IDS, WORKFLOW_TYPES, snapshotIdAt } from '../../config/constants';
import { loadConfig } from '../../config/env';
import { createTemporalClient } from '../../workers/clients';
import type { snapshotWorkflow } from '../../workflows/snapshot';
import { type Command, parseCommandArgs } from '../command';
import { failureCause } from '../failure-cause';
import { watchWorkers } from '../worker-check';

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'take a snapshot of the store now, validate it by restoring it, apply retention',
  usage: `Usage: npm run cli -- snapshot [--detach]

Starts SnapshotWorkflow (id snapshot-<snapshot id>), the one the daily schedule runs (\`schedules apply\`):
  local mode (SNAPSHOT_MODE=local): a physical backup (mariadb-backup) of DATABASE_URL's database streamed
    compressed to s3://<processed>/backups/<id>/, with a manifest of every table's rows and checksum at the
    backup's consistency point; validated by restoring it into a scratch MariaDB on SNAPSHOT_SCRATCH_PORT;
  aws mode: a manual Aurora cluster snapshot of RDS_CLUSTER_ID, validated in a temporary cluster.
Then deletes snapshots older than SNAPSHOT_RETENTION_DAYS (never the newest validated one, never one being
validated). Exit code 1 when the snapshot fails or does not validate (the failure is recorded and alerted).
  --detach   return once started`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { detach: { type: 'boolean' } });
    const config = loadConfig();
    const snapshotId = snapshotIdAt(new Date());
    const { client, connection } = await createTemporalClient(config);
    try {
      const handle = await client.workflow.start<typeof snapshotWorkflow>(WORKFLOW_TYPES.snapshot, {
        taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId: WORKFLOW_IDS.snapshot(snapshotId), args: [{ snapshotId }],
      });
      console.log(`snapshot ${snapshotId} started: ${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${handle.workflowId}`);
      if (values.detach) return 0;
      const stopWatching = watchWorkers(client, config);
      try {
        const r = await handle.result();
        console.log(`taken       ${r.snapshot.location} (${r.snapshot.tables} tables, ${r.snapshot.rows.toLocaleString('en-US')} rows, consistent at ${r.snapshot.consistentAt}, ${r.snapshot.snapshotSec.toFixed(1)} s)`);
        if (r.validation) console.log(`validation  ${r.validation.outcome}: restored in ${r.validation.restoreSec.toFixed(1)} s, compared in ${r.validation.validateSec.toFixed(1)} s`);
        console.log(`retention   ${r.retention.delete.length ? `deleted ${r.retention.delete.join(', ')}` : 'deleted nothing'}; kept ${r.retention.keep.length} (${r.retention.retentionDays} days)`);
        return 0;
      } catch (err) {
        if (!(err instanceof WorkflowFailedError)) throw err;
        const c = failureCause(err);
        console.error(`snapshot ${snapshotId} failed${c.activity ? ` in ${c.activity}` : ''}: ${c.reason}${c.type ? ` [${c.type}]` : ''}`);
        return 1;
      } finally {
        stopWatching();
      }
    } finally {
      await connection.close();
    }
  },
};
