// Operators hear about trouble: each required CloudWatch alarm exists and notifies the SNS alert topic; Glue failures are routed there too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Document, strings } from './policy-rules';
import { parseJsonAttr, type Resource, synthEnvironment } from './synthesized-stack';

const stacks = [synthEnvironment('dev'), synthEnvironment('prod')];

for (const stack of stacks) {
  const env = stack.config.environment;
  const topic = stack.only('aws_sns_topic');
  const topicArn = stack.ref(topic, 'arn');
  const alarms = stack.resources('aws_cloudwatch_metric_alarm');
  const instances = stack.resources('aws_rds_cluster_instance');
  const readers = instances.filter((i) => i.attrs.promotion_tier !== 0);
  const rule = stack.only('aws_cloudwatch_event_rule');

  const alarmsFor = (metric: string, namespace: string): Resource[] =>
    alarms.filter((a) => a.attrs.metric_name === metric && a.attrs.namespace === namespace);
  const watched = (list: Resource[]): string[] =>
    list.map((a) => (a.attrs.dimensions as Record<string, string>).DBInstanceIdentifier ?? '').sort();

  void test(`${env}: every alarm notifies the alert topic`, () => {
    assert.ok(alarms.length > 0);
    for (const alarm of alarms) assert.deepEqual(alarm.attrs.alarm_actions, [topicArn], `${alarm.key} alarm action`);
  });

  void test(`${env}: replica lag is watched on each reader`, () => {
    assert.deepEqual(watched(alarmsFor('AuroraReplicaLag', 'AWS/RDS')), readers.map((r) => stack.ref(r, 'identifier')).sort());
  });

  for (const metric of ['CPUUtilization', 'FreeLocalStorage', 'DatabaseConnections']) {
    void test(`${env}: ${metric} is watched on every Aurora instance`, () => {
      assert.deepEqual(watched(alarmsFor(metric, 'AWS/RDS')), instances.map((r) => stack.ref(r, 'identifier')).sort());
    });
  }

  void test(`${env}: FreeLocalStorage alarms fire when storage runs low, not high`, () => {
    const storage = alarmsFor('FreeLocalStorage', 'AWS/RDS');
    assert.ok(storage.length > 0, 'there are FreeLocalStorage alarms');
    for (const alarm of storage) assert.equal(alarm.attrs.comparison_operator, 'LessThanThreshold');
  });

  void test(`${env}: Glue job and crawler failures reach the topic and raise an alarm`, () => {
    const pattern = JSON.parse(String(rule.attrs.event_pattern)) as { source: string[]; 'detail-type': string[]; detail: { state: string[] } };
    assert.deepEqual(pattern.source, ['aws.glue']);
    assert.ok(pattern['detail-type'].includes('Glue Job State Change') && pattern['detail-type'].includes('Glue Crawler State Change'));
    assert.ok(pattern.detail.state.includes('FAILED') && pattern.detail.state.includes('Failed'));
    const target = stack.only('aws_cloudwatch_event_target');
    assert.equal(target.attrs.arn, topicArn);
    assert.equal(target.attrs.rule, stack.ref(rule, 'name'));
    const glueAlarms = alarmsFor('TriggeredRules', 'AWS/Events');
    assert.equal(glueAlarms.length, 1);
    assert.deepEqual(glueAlarms[0]!.attrs.dimensions, { RuleName: stack.ref(rule, 'name') });
  });

  void test(`${env}: a Glue failure reaches the topic worded like the app's alerts: the job, its run and the console link`, () => {
    const target = stack.only('aws_cloudwatch_event_target');
    const transformer = (target.attrs.input_transformer as Array<{ input_paths: Record<string, string>; input_template: string }> | { input_paths: Record<string, string>; input_template: string });
    const t = Array.isArray(transformer) ? transformer[0]! : transformer;
    assert.equal(t.input_paths.jobName, '$.detail.jobName');
    assert.equal(t.input_paths.jobRunId, '$.detail.jobRunId');
    const template = JSON.parse(t.input_template) as Record<string, string>;
    assert.equal(template.kind, 'glue-failure');
    assert.equal(template.workflowId, '<jobName><crawlerName>');
    assert.match(template.uiUrl!, new RegExp(`^https://${stack.config.region}\\.console\\.aws\\.amazon\\.com/gluestudio/.*<jobName>/run/<jobRunId>$`));
  });

  void test(`${env}: a monitor that stops running its watchdog raises an alarm (no data counts as breaching)`, () => {
    const silent = alarmsFor('contacts_watchdog_runs_total', stack.config.compute.metricsNamespace);
    assert.equal(silent.length, 1);
    assert.deepEqual(silent[0]!.attrs.dimensions, { component: 'monitor' });
    assert.equal(silent[0]!.attrs.treat_missing_data, 'breaching');
    assert.equal(silent[0]!.attrs.comparison_operator, 'LessThanThreshold');
  });

  void test(`${env}: the topic policy lets the Glue rule and CloudWatch publish`, () => {
    const policy = parseJsonAttr<Document>(stack.only('aws_sns_topic_policy'), 'policy');
    const publishers = policy.Statement.filter((s) => strings(s.Action).includes('sns:Publish'));
    assert.ok(publishers.some((s) => s.Condition?.ArnEquals?.['aws:SourceArn'] === stack.ref(rule, 'arn')));
    assert.ok(publishers.some((s) => JSON.stringify(s.Principal).includes('cloudwatch.amazonaws.com')));
    assert.ok(publishers.every((s) => strings(s.Resource).every((r) => r === topicArn)));
  });

  void test(`${env}: the topic is encrypted with its own customer-managed key, which CloudWatch, EventBridge and RDS events may use to publish`, () => {
    const key = stack.resources('aws_kms_key').find((k) => topic.attrs.kms_master_key_id === stack.ref(k, 'arn'));
    assert.ok(key, `the topic's kms_master_key_id (${String(topic.attrs.kms_master_key_id)}) is a key of this stack`);
    assert.equal(key.attrs.enable_key_rotation, true);
    const statements = parseJsonAttr<Document>(key, 'policy').Statement;
    for (const service of ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'events.rds.amazonaws.com']) {
      const grant = statements.find((s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: service }));
      assert.ok(grant, `${service} is admitted`);
      assert.deepEqual(strings(grant.Action).sort(), ['kms:Decrypt', 'kms:GenerateDataKey']);
    }
  });

  void test(`${env}: RDS cluster events (failover, failure) go to the topic`, () => {
    const subscription = stack.only('aws_db_event_subscription');
    assert.equal(subscription.attrs.sns_topic, topicArn);
    assert.ok((subscription.attrs.event_categories as string[]).includes('failover'));
  });
}
