// The AWS side of metrics and alerts against moto's server (CloudWatch and SNS have no local equivalent): the
// exporter's batched PutMetricData calls land with the right sums, counters as increases, histograms as
// value/count sets; an SNS alert reaches a subscribed HTTP endpoint once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchClient, GetMetricStatisticsCommand, ListMetricsCommand, type Dimension } from '@aws-sdk/client-cloudwatch';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { createProjectAlertSink } from '../../activities/alerts/project-alert-sink';
import { createCloudWatchExporter, PUT_BATCH } from '../../metrics/cloudwatch-exporter';
import { createProjectMetrics } from '../../metrics/project-metrics';
import { startMoto, useMotoCredentials, type MotoServer } from '../support/moto';
import { baseConfig, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { waitFor } from '../support/wait';

describe('AWS exporters on moto', { timeout: 240_000 }, () => {
  let moto: MotoServer;
  let cloudwatch: CloudWatchClient;
  const region = 'us-east-1';

  before(async () => {
    useMotoCredentials();
    moto = await startMoto();
    cloudwatch = new CloudWatchClient({ region, endpoint: moto.url });
  });
  after(async () => {
    cloudwatch?.destroy();
    await moto?.stop();
  });

  const sum = async (namespace: string, name: string, dims: Dimension[], stat: 'Sum' | 'SampleCount' = 'Sum') => {
    const now = Date.now();
    const r = await cloudwatch.send(new GetMetricStatisticsCommand({
      Namespace: namespace, MetricName: name, Dimensions: dims, StartTime: new Date(now - 3_600_000), EndTime: new Date(now + 60_000), Period: 60, Statistics: [stat],
    }));
    return (r.Datapoints ?? []).reduce((a, d) => a + (d[stat] ?? 0), 0);
  };

  test('counters go out as their increase per flush, histograms as value/count sets, gauges as values', async () => {
    const namespace = uniqueName('Contacts');
    const metrics = createProjectMetrics({ processMetrics: true, defaultLabels: { component: 'worker' } });
    const exporter = createCloudWatchExporter({ registry: metrics.registry, namespace, region, endpoint: moto.url });
    try {
      const batch = { migration: 'm1', source: 'csv:/d.csv', rowsRead: 100, inserted: 90, updated: 5, unchanged: 2, rejected: 3, warnings: 4, durationMs: 1500, rejectedByReason: { COLUMN_COUNT: 3 } };
      metrics.recordBatch(batch);
      metrics.recordBatch({ ...batch, durationMs: 25_000 });
      const first = await exporter.flush();
      assert.equal(first.calls, 1);
      metrics.recordBatch({ ...batch, rowsRead: 50, durationMs: 700 });
      await exporter.flush();
      const idle = await exporter.flush();
      assert.ok(idle.datums < first.datums / 2, `counters that did not move are not sent again (${idle.datums} of ${first.datums})`);

      const dims: Dimension[] = [{ Name: 'component', Value: 'worker' }, { Name: 'migration', Value: 'm1' }, { Name: 'source', Value: 'csv:/d.csv' }];
      assert.equal(await sum(namespace, 'contacts_rows_read_total', dims), 250, 'increases add up to the counter: 200 then 50');
      assert.equal(await sum(namespace, 'contacts_rows_rejected_total', [...dims, { Name: 'reason', Value: 'COLUMN_COUNT' }]), 9);
      assert.equal(await sum(namespace, 'contacts_batch_duration_seconds', [{ Name: 'component', Value: 'worker' }, { Name: 'source', Value: 'csv:/d.csv' }], 'SampleCount'), 3);
      const listed = await cloudwatch.send(new ListMetricsCommand({ Namespace: namespace }));
      const names = new Set((listed.Metrics ?? []).map((m) => m.MetricName));
      assert.ok(names.has('contacts_process_resident_memory_bytes'), 'a chosen process metric is forwarded');
      assert.ok(!names.has('contacts_nodejs_heap_size_total_bytes'), 'the rest of the process metrics stay local');
    } finally {
      exporter.close();
    }
  });

  test('more data than one call takes goes out in batches of PutMetricData', async () => {
    const namespace = uniqueName('Contacts');
    const metrics = createProjectMetrics();
    for (let i = 0; i < PUT_BATCH + 200; i++) metrics.recordScrub({ tags: { [`tag-${i}`]: 1 } });
    const exporter = createCloudWatchExporter({ registry: metrics.registry, namespace, region, endpoint: moto.url });
    try {
      assert.deepEqual(await exporter.flush(), { datums: PUT_BATCH + 200, calls: 2 });
      assert.equal(await sum(namespace, 'contacts_compliance_status_contacts', [{ Name: 'tag', Value: `tag-${PUT_BATCH + 199}` }]), 1);
    } finally {
      exporter.close();
    }
  });

  describe('SNS alerts', () => {
    let db: TestDatabase;
    let server: Server;
    const received: Array<{ Type: string; Subject: string; Message: string }> = [];
    before(async () => {
      db = await createTestDatabase('sns');
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (d: Buffer) => (body += d.toString()));
        req.on('end', () => {
          received.push(JSON.parse(body) as (typeof received)[number]);
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.drop();
    });

    test('an alert is published to the topic once, with its subject, workflow id and UI link', async () => {
      const sns = new SNSClient({ region, endpoint: moto.url });
      const topic = await sns.send(new CreateTopicCommand({ Name: uniqueName('alerts') }));
      await sns.send(new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: 'http', Endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns` }));
      sns.destroy();
      const sink = createProjectAlertSink({ ...baseConfig, ALERT_SNS_TOPIC_ARN: topic.TopicArn, ALERT_SNS_ENDPOINT: moto.url, S3_REGION: region }, { pool: db.pool, write: () => {} });
      const alert = { kind: 'workflow-failed', key: uniqueName('wf'), severity: 'critical' as const, summary: 'migrationWorkflow migration-x failed', workflowId: 'migration-x', uiUrl: 'http://ui/x' };
      assert.deepEqual(await sink.send(alert), { delivered: ['log', 'sns'], duplicate: false });
      assert.deepEqual(await sink.send(alert), { delivered: [], duplicate: true });
      const got = await waitFor('the SNS notification at the HTTP subscriber', async () => received.filter((r) => r.Type === 'Notification').length > 0 && received, { timeoutMs: 10_000 });
      const notifications = got.filter((r) => r.Type === 'Notification');
      assert.equal(notifications.length, 1);
      assert.equal(notifications[0]!.Subject, '[critical] workflow-failed');
      assert.match(notifications[0]!.Message, /^CRITICAL workflow-failed: migrationWorkflow migration-x failed\nworkflow: migration-x\nTemporal UI: http:\/\/ui\/x/);
    });
  });
});
