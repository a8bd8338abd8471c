// Failure alerts end to end: a webhook receiver on loopback sees one alert per failure (a failed migration, a
// schedule that skipped its run, a task queue without a worker), each with its workflow id and Temporal UI link,
// and a second pass, or a second send of the same failure, sends nothing more.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RowDataPacket } from 'mysql2';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { parseSourceArg } from '../../activities/export/source-spec';
import { createProjectAlertSink } from '../../activities/alerts/project-alert-sink';
import type { Alert } from '../../activities/alerts/alert-sink';
import { WORKFLOW_TYPES, monitorTaskQueue } from '../../config/constants';
import type { MonitorInput, monitorWorkflow } from '../../workflows/monitor';
import { activityDeps, baseConfig, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startMigration, startWorker, temporalClient } from '../support/temporal';
import { waitFor, within } from '../support/wait';

interface Received {
  kind: string;
  key: string;
  workflowId?: string;
  uiUrl?: string;
  summary: string;
  text: string;
}

describe('failure alerts', { timeout: 240_000 }, () => {
  let db: TestDatabase;
  let server: Server;
  let webhookUrl: string;
  const received: Received[] = [];
  let failNext = 0;
  const logged: Array<Record<string, unknown>> = [];

  before(async () => {
    db = await createTestDatabase('alerts');
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (failNext > 0) {
          failNext -= 1;
          res.writeHead(503).end();
          return;
        }
        received.push(JSON.parse(body) as Received);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.drop();
  });

  const sink = () => createProjectAlertSink({ ...baseConfig, ALERT_WEBHOOK_URL: webhookUrl }, { pool: db.pool, write: (_m, data) => logged.push(data) });

  test('the same failure alerts once; a channel that refused gets it on the retry, the others do not get it twice', async () => {
    const alert: Alert = { kind: 'snapshot-validation-failed', key: uniqueName('snap'), severity: 'critical', summary: 'restore check failed', workflowId: 'snapshot-x', uiUrl: 'http://ui/x' };
    failNext = 1;
    await assert.rejects(sink().send(alert), { name: 'AlertDeliveryError', message: /not accepted by webhook: HTTP 503/ });
    assert.equal(logged.filter((l) => l.key === alert.key).length, 1, 'the log line was written');
    assert.deepEqual(await sink().send(alert), { delivered: ['webhook'], duplicate: false });
    assert.deepEqual(await sink().send(alert), { delivered: [], duplicate: true });
    assert.equal(logged.filter((l) => l.key === alert.key).length, 1, 'the log line was not written twice');
    assert.equal(received.filter((r) => r.key === alert.key).length, 1);
    assert.match(received.find((r) => r.key === alert.key)!.text, /CRITICAL snapshot-validation-failed: restore check failed\nworkflow: snapshot-x\nTemporal UI: http:\/\/ui\/x/);
    const [rows] = await db.pool.query<RowDataPacket[]>('SELECT delivered_channels, sent_at FROM alerts WHERE alert_key = ?', [alert.key]);
    assert.deepEqual(rows[0]!.delivered_channels, ['log', 'webhook']);
    assert.notEqual(rows[0]!.sent_at, null);
  });

  test('the monitor pass alerts a failed migration, a skipped schedule run and a queue without a worker, once each', async () => {
    const taskQueue = uniqueName('alerts');
    const deadQueue = uniqueName('nobody');
    const prefix = `${uniqueName('contacts-alerttest')}-`;
    const temporal = await temporalClient();
    const deps = activityDeps(db);
    const main = await startWorker(deps, taskQueue, db.config);
    const monitor = await startWorker({ ...deps, alerts: sink(), temporal: temporal.client, temporalUiUrl: 'http://ui.test' }, monitorTaskQueue(taskQueue), db.config);
    try {
      // A migration that fails for good: its source does not exist (bad input, no retry).
      const name = uniqueName('doomed');
      const handle = await startMigration(temporal.client, taskQueue, { name, sources: [{ spec: parseSourceArg('csv:/nonexistent/drop.csv') }], batchSize: 100 });
      await within(`migration ${name} to fail`, 60_000, assert.rejects(handle.result()));
      await waitFor('visibility to list the failed migration', async () => {
        for await (const wf of temporal.client.workflow.list({ query: `WorkflowId = '${handle.workflowId}' AND ExecutionStatus = 'Failed'` })) return wf;
        return false;
      }, { timeoutMs: 30_000, intervalMs: 300 });

      // A schedule whose run is skipped: its first workflow never finishes (no worker polls its queue), overlap skip.
      const scheduleId = `${prefix}stuck`;
      await temporal.client.schedule.create({
        scheduleId, spec: { intervals: [{ every: '1 second' }] }, policies: { overlap: ScheduleOverlapPolicy.SKIP },
        action: { type: 'startWorkflow', workflowType: WORKFLOW_TYPES.hello, workflowId: `${prefix}stuck-run`, taskQueue: deadQueue, args: [{ name: 'stuck' }] },
      });
      const scheduled = temporal.client.schedule.getHandle(scheduleId);
      try {
        const desc = await waitFor('the schedule to skip a run', async () => {
          const d = await scheduled.describe();
          return d.info.numActionsSkippedOverlap > 0 ? d : false;
        }, { timeoutMs: 30_000, intervalMs: 500 });
        for (const a of desc.info.runningActions) temporal.track(a.workflow.workflowId);
        await scheduled.pause('counted');

        // An alert the webhook refused earlier (delivered to the log only) is sent again by the pass.
        const refused: Alert = { kind: 'import-anomaly', key: uniqueName('refused'), severity: 'warning', summary: 'batch 3 is unusual', workflowId: 'migration-y/source-1' };
        failNext = 1;
        await assert.rejects(sink().send(refused), { name: 'AlertDeliveryError' });

        const input: MonitorInput = {
          watch: { taskQueues: [taskQueue, deadQueue], noPollerSec: 0 }, schedules: { prefix }, failures: { firstLookbackSec: 600 }, pending: { olderThanSec: 0 },
        };
        const pass = () => temporal.client.workflow.execute<typeof monitorWorkflow>(WORKFLOW_TYPES.monitor, {
          taskQueue: monitorTaskQueue(taskQueue), workflowId: uniqueName('monitor'), args: [input],
        });
        const first = await within('the first monitor pass', 60_000, pass());
        assert.deepEqual(first.errors, []);
        const ours = () => received.filter((r) => r.workflowId === handle.workflowId || r.key === refused.key || r.key.includes(scheduleId) || r.key.includes(taskQueue) || r.key.includes(deadQueue));

        assert.equal(received.filter((r) => r.key === refused.key).length, 1, 'the refused alert was delivered by the pass');
        assert.equal(logged.filter((l) => l.key === refused.key).length, 1, 'and not logged a second time');
        const failed = received.filter((r) => r.workflowId === handle.workflowId);
        assert.equal(failed.length, 1, 'one alert for the failed migration');
        assert.equal(failed[0]!.kind, 'workflow-failed');
        assert.match(failed[0]!.uiUrl!, new RegExp(`^http://ui\\.test/namespaces/${baseConfig.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(handle.workflowId)}/`));
        assert.match(failed[0]!.summary, /nonexistent\/drop\.csv/);
        assert.match(failed[0]!.summary, /inspectSource/);
        assert.equal(received.filter((r) => r.workflowId?.startsWith(`${handle.workflowId}/`)).length, 0, 'its failed child does not alert a second time');

        const missed = received.filter((r) => r.key.includes(scheduleId));
        assert.equal(missed.length, 1);
        assert.equal(missed[0]!.kind, 'schedule-missed-run');
        assert.equal(missed[0]!.workflowId!.startsWith(`${prefix}stuck-run`), true);
        assert.match(missed[0]!.uiUrl!, /\/schedules\//);

        const noWorker = received.filter((r) => r.kind === 'no-worker-polling' && (r.key.includes(taskQueue) || r.key.includes(deadQueue)));
        assert.deepEqual(noWorker.map((r) => r.key.split(':')[1]), [deadQueue], 'only the queue nobody polls');
        assert.match(noWorker[0]!.uiUrl!, /\/task-queues\//);

        const before = ours().length;
        const second = await within('the second monitor pass', 60_000, pass());
        assert.deepEqual(second.errors, []);
        assert.equal(ours().length, before, 'a second pass sends nothing new');
        assert.ok(second.failures!.alerts.some((a) => a.key.includes(handle.workflowId) && a.duplicate));
      } finally {
        await scheduled.delete();
      }
    } finally {
      await temporal.close();
      await monitor.stop();
      await main.stop();
      await deps.close();
    }
  });
});
