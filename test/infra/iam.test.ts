// Least privilege, checked on every synthesized policy document: no wildcards on data services, each role scoped to its own data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Testing } from 'cdktn';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { DATABASE_USERS } from '../../config/constants';
import { allPolicyDocuments, type Document, policyViolations, type Statement, strings } from './policy-rules';
import { parseJsonAttr, type Resource, type SynthesizedStack, synthEnvironment } from './synthesized-stack';

const stacks = [synthEnvironment('dev'), synthEnvironment('prod')];

function role(stack: SynthesizedStack, suffix: string): Resource {
  const found = stack.resources('aws_iam_role').find((r) => r.attrs.name === `${stack.config.namePrefix}-${suffix}`);
  assert.ok(found, `role ${suffix} exists`);
  return found;
}

function inlinePolicy(stack: SynthesizedStack, roleResource: Resource): Document {
  const policies = stack.resources('aws_iam_role_policy').filter((p) => p.attrs.role === stack.ref(roleResource, 'id'));
  assert.equal(policies.length, 1, `${roleResource.key} has exactly one inline policy`);
  return parseJsonAttr<Document>(policies[0]!, 'policy');
}

function allowed(document: Document, service: string): Statement[] {
  return document.Statement.filter((s) => s.Effect === 'Allow' && strings(s.Action).some((a) => a.startsWith(`${service}:`)));
}

function dataLakeKey(stack: SynthesizedStack): Resource {
  const found = stack.resources('aws_kms_key').find((k) => String(k.attrs.description).includes('data lake'));
  assert.ok(found, 'the data-lake key');
  return found;
}

function bucketArn(stack: SynthesizedStack, zone: string): string {
  const bucket = stack.resources('aws_s3_bucket').find((b) => (b.attrs.tags as Record<string, string>).Zone === zone)!;
  return stack.ref(bucket, 'arn');
}

void test('the checker itself flags wildcard actions and resources on data services', () => {
  const bad = Testing.synthScope((scope) => {
    new IamRolePolicy(scope, 'too-broad', {
      role: 'r',
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'rds:DescribeDBClusters'], Resource: '*' }] }),
    });
  });
  const parsed = JSON.parse(bad) as { resource: { aws_iam_role_policy: Record<string, { policy: string }> } };
  const document = JSON.parse(Object.values(parsed.resource.aws_iam_role_policy)[0]!.policy) as Document;
  const problems = policyViolations(document);
  assert.ok(problems.some((p) => p.includes('wildcard action s3:*')));
  assert.ok(problems.some((p) => p.includes('Resource "*"')));
  assert.deepEqual(policyViolations({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:x' }] }), [
    'statement 0: Action "*"',
  ]);
  assert.deepEqual(policyViolations({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] }), []);
  // In a key policy Resource "*" is the key itself, but a wildcard action is still one.
  const keyPolicy: Document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:*'], Resource: '*' }] };
  assert.deepEqual(policyViolations(keyPolicy, { keyPolicy: true }), ['statement 0: wildcard action kms:* on data service']);
});

for (const stack of stacks) {
  const env = stack.config.environment;
  const documents = allPolicyDocuments(stack);

  void test(`${env}: no policy document grants "*" actions, service wildcards or "*" resources on data services`, () => {
    assert.ok(documents.length >= 10, `found ${documents.length} policy documents`);
    const problems = documents.flatMap(({ source, document, keyPolicy }) => policyViolations(document, { keyPolicy }).map((p) => `${source}: ${p}`));
    assert.deepEqual(problems, []);
  });

  void test(`${env}: each component has its own role with one inline policy and no managed policies`, () => {
    const names = stack.resources('aws_iam_role').map((r) => r.attrs.name).sort();
    const p = stack.config.namePrefix;
    assert.deepEqual(names, [
      `${p}-dashboard-execution`,
      `${p}-dashboard-task`,
      `${p}-db-bootstrap-execution`,
      `${p}-flow-logs`,
      `${p}-glue-crawler`,
      `${p}-monitor-execution`,
      `${p}-monitor-task`,
      `${p}-worker-execution`,
      `${p}-worker-task`,
    ]);
    for (const r of stack.resources('aws_iam_role')) {
      inlinePolicy(stack, r);
      assert.ok(!('managed_policy_arns' in r.attrs));
      const trust = parseJsonAttr<Document>(r, 'assume_role_policy').Statement[0]!;
      assert.ok(trust.Condition?.StringEquals?.['aws:SourceAccount'], `${r.key} trust is limited to this account`);
    }
    assert.equal(stack.resources('aws_iam_role_policy_attachment').length, 0);
  });

  void test(`${env}: the worker reaches only the raw and processed buckets in S3`, () => {
    const s3 = allowed(inlinePolicy(stack, role(stack, 'worker-task')), 's3');
    const raw = bucketArn(stack, 'raw');
    const processed = bucketArn(stack, 'processed');
    const resources = new Set(s3.flatMap((s) => strings(s.Resource)));
    assert.deepEqual([...resources].sort(), [raw, `${raw}/*`, processed, `${processed}/*`].sort());
    const objectActions = s3.filter((s) => strings(s.Resource).includes(`${raw}/*`)).flatMap((s) => strings(s.Action));
    assert.ok(objectActions.includes('s3:GetObject') && objectActions.includes('s3:PutObject'), 'reads and writes objects');
  });

  void test(`${env}: the dashboard reads only reports/* in the processed bucket`, () => {
    const s3 = allowed(inlinePolicy(stack, role(stack, 'dashboard-task')), 's3');
    assert.deepEqual(s3.flatMap((s) => strings(s.Resource)), [`${bucketArn(stack, 'processed')}/reports/*`]);
    assert.deepEqual(s3.flatMap((s) => strings(s.Action)), ['s3:GetObject']);
  });

  void test(`${env}: KMS use granted to roles is the data-lake key through S3, or the alerts key through SNS`, () => {
    const dataLake = stack.ref(dataLakeKey(stack), 'arn');
    const alerts = stack.only('aws_sns_topic').attrs.kms_master_key_id;
    const kms = documents.filter((d) => !d.keyPolicy).flatMap(({ document }) => allowed(document, 'kms'));
    assert.ok(kms.length >= 5, 'worker, dashboard and crawler use the data-lake key; worker and monitor the alerts key');
    for (const statement of kms) {
      const via = statement.Condition?.StringEquals?.['kms:ViaService'];
      const expected = strings(statement.Resource)[0] === alerts ? `sns.${stack.config.region}.amazonaws.com` : `s3.${stack.config.region}.amazonaws.com`;
      assert.ok([dataLake, alerts].includes(strings(statement.Resource)[0]!) && strings(statement.Resource).length === 1, JSON.stringify(statement));
      assert.equal(via, expected);
    }
  });

  void test(`${env}: the master secret is readable by the bootstrap task's execution role only; the services read only the Redis URL`, () => {
    const cluster = stack.only('aws_rds_cluster');
    const masterSecret = `\${${cluster.type}.${cluster.key}.master_user_secret[0].secret_arn}`;
    const redisUrl = stack.ref(stack.resources('aws_secretsmanager_secret').find((s) => String(s.attrs.name_prefix).includes('/redis/url-'))!, 'arn');
    const reads = (component: string) => allowed(inlinePolicy(stack, role(stack, component)), 'secretsmanager');
    for (const component of ['worker-execution', 'dashboard-execution', 'monitor-execution']) {
      assert.deepEqual(reads(component).map((s) => [strings(s.Action), strings(s.Resource)]), [[['secretsmanager:GetSecretValue'], [redisUrl]]], component);
    }
    assert.deepEqual(reads('db-bootstrap-execution').map((s) => [strings(s.Action), strings(s.Resource)]), [[['secretsmanager:GetSecretValue'], [masterSecret]]]);
    const readers = documents.filter(({ document }) => JSON.stringify(document).includes(masterSecret)).map((d) => d.source);
    assert.equal(readers.length, 1, `only one policy names the master secret: ${readers.join(', ')}`);
    for (const component of ['worker-task', 'dashboard-task', 'monitor-task', 'glue-crawler', 'flow-logs']) {
      assert.equal(reads(component).length, 0, `${component} reads no secrets`);
    }
  });

  void test(`${env}: each service signs in to the database as one user only (rds-db:connect on that user's ARN)`, () => {
    const resourceId = stack.ref(stack.only('aws_rds_cluster'), 'cluster_resource_id');
    // The monitor runs the worker's code on its own queue and records alerts: it signs in as the worker.
    const users: Record<string, string> = { 'worker-task': DATABASE_USERS.worker, 'dashboard-task': DATABASE_USERS.dashboard, 'monitor-task': DATABASE_USERS.worker };
    const dbuser = (cluster: string, user: string) =>
      `arn:\${data.aws_partition.partition.partition}:rds-db:${stack.config.region}:\${data.aws_caller_identity.account.account_id}:dbuser:${cluster}/${user}`;
    for (const [component, user] of Object.entries(users)) {
      const connect = allowed(inlinePolicy(stack, role(stack, component)), 'rds-db');
      assert.ok(connect.flatMap((s) => strings(s.Action)).every((a) => a === 'rds-db:connect'), component);
      // The worker also validates snapshots on restored clusters, whose resource ids exist only once restored.
      const expected = component === 'worker-task' ? [dbuser(resourceId, user), dbuser('cluster-*', user)] : [dbuser(resourceId, user)];
      assert.deepEqual(connect.flatMap((s) => strings(s.Resource)), expected, component);
    }
    const everyConnect = documents.flatMap(({ document }) => allowed(document, 'rds-db'));
    assert.equal(everyConnect.length, 4, 'no other role may sign in to the database');
  });

  void test(`${env}: key policies admit the account (through IAM) and only the services that use each key`, () => {
    const keyPolicies = documents.filter((d) => d.keyPolicy);
    assert.equal(keyPolicies.length, 3, 'data lake, logs and alerts keys');
    const principals = new Set<string>();
    for (const { document } of keyPolicies) {
      for (const statement of document.Statement) {
        const principal = statement.Principal as { AWS?: string; Service?: string };
        principals.add(principal.AWS ? 'account' : String(principal.Service));
        if (principal.AWS) assert.match(principal.AWS, /:iam::\$\{data\.aws_caller_identity\.account\.account_id\}:root$/);
      }
    }
    assert.deepEqual([...principals].sort(), ['account', 'cloudwatch.amazonaws.com', 'events.amazonaws.com', 'events.rds.amazonaws.com', `logs.${stack.config.region}.amazonaws.com`]);
    const logs = keyPolicies.flatMap(({ document }) => document.Statement).find((s) => JSON.stringify(s.Principal).includes('logs.'))!;
    const groups = strings(logs.Condition?.ArnLike?.['kms:EncryptionContext:aws:logs:arn']);
    assert.ok(groups.length > 0 && groups.every((g) => g.includes(`:log-group:/`) && g.includes(stack.config.namePrefix)), 'logs may use the key for our log groups only');
  });

  void test(`${env}: the monitor may only publish metrics to the app's namespace and alerts to the alerts topic; the worker may alert too`, () => {
    const topic = stack.ref(stack.only('aws_sns_topic'), 'arn');
    const monitor = inlinePolicy(stack, role(stack, 'monitor-task'));
    // Publishing to the encrypted topic takes the alerts key (through SNS); the monitor records alerts as the worker user.
    assert.deepEqual(monitor.Statement.flatMap((s) => strings(s.Action)).sort(), ['cloudwatch:PutMetricData', 'kms:Decrypt', 'kms:GenerateDataKey', 'rds-db:connect', 'sns:Publish']);
    assert.deepEqual(strings(allowed(monitor, 'sns')[0]!.Resource), [topic]);
    assert.equal(allowed(monitor, 'cloudwatch')[0]!.Condition?.StringEquals?.['cloudwatch:namespace'], stack.config.compute.metricsNamespace);
    assert.deepEqual(allowed(inlinePolicy(stack, role(stack, 'worker-task')), 'sns').flatMap((s) => strings(s.Resource)), [topic]);
  });

  void test(`${env}: the Glue crawler reads the processed zone only and writes only its own catalog database`, () => {
    const document = inlinePolicy(stack, role(stack, 'glue-crawler'));
    const processed = bucketArn(stack, 'processed');
    assert.deepEqual(new Set(allowed(document, 's3').flatMap((s) => strings(s.Resource))), new Set([processed, `${processed}/*`]));
    assert.ok(allowed(document, 's3').flatMap((s) => strings(s.Action)).every((a) => !a.startsWith('s3:Put') && !a.startsWith('s3:Delete')));
    const database = stack.only('aws_glue_catalog_database').attrs.name as string;
    for (const resource of allowed(document, 'glue').flatMap((s) => strings(s.Resource))) {
      assert.match(resource, new RegExp(`:(catalog|database/${database}|table/${database}/\\*)$`));
    }
  });
}
