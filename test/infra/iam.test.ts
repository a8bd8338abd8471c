// Least privilege, checked on every synthesized policy document: no wildcards on data services, each role scoped to its own data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Testing } from 'cdktn';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
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
});

for (const stack of stacks) {
  const env = stack.config.environment;
  const documents = allPolicyDocuments(stack);

  void test(`${env}: no policy document grants "*" actions, service wildcards or "*" resources on data services`, () => {
    assert.ok(documents.length >= 10, `found ${documents.length} policy documents`);
    const problems = documents.flatMap(({ source, document }) => policyViolations(document).map((p) => `${source}: ${p}`));
    assert.deepEqual(problems, []);
  });

  void test(`${env}: each component has its own role with one inline policy and no managed policies`, () => {
    const names = stack.resources('aws_iam_role').map((r) => r.attrs.name).sort();
    const p = stack.config.namePrefix;
    assert.deepEqual(names, [
      `${p}-dashboard-execution`, `${p}-dashboard-task`, `${p}-glue-crawler`, `${p}-monitor-execution`, `${p}-monitor-task`, `${p}-worker-execution`, `${p}-worker-task`,
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

  void test(`${env}: KMS use is limited to the bucket key, through S3`, () => {
    const key = stack.ref(stack.only('aws_kms_key'), 'arn');
    const kms = documents.flatMap(({ document }) => allowed(document, 'kms'));
    assert.ok(kms.length >= 3, 'worker, dashboard and crawler use the key');
    for (const statement of kms) {
      assert.deepEqual(strings(statement.Resource), [key]);
      assert.ok(statement.Condition?.StringEquals?.['kms:ViaService']);
    }
  });

  void test(`${env}: secrets reads are limited to the database and Redis secrets, per execution role`, () => {
    const dbSecret = `\${${stack.only('aws_rds_cluster').type}.${stack.only('aws_rds_cluster').key}.master_user_secret[0].secret_arn}`;
    const redisUrl = stack.resources('aws_secretsmanager_secret').find((s) => String(s.attrs.name_prefix).includes('/redis/url-'))!;
    const secretReads = documents.flatMap(({ document }) => allowed(document, 'secretsmanager'));
    assert.equal(secretReads.length, 3, 'only the three execution roles (worker, dashboard, monitor) read secrets');
    for (const statement of secretReads) {
      assert.deepEqual(strings(statement.Action), ['secretsmanager:GetSecretValue']);
      assert.deepEqual(strings(statement.Resource).sort(), [dbSecret, stack.ref(redisUrl, 'arn')].sort());
    }
    for (const component of ['worker-task', 'dashboard-task', 'monitor-task', 'glue-crawler']) {
      assert.equal(allowed(inlinePolicy(stack, role(stack, component)), 'secretsmanager').length, 0, `${component} reads no secrets`);
    }
  });

  void test(`${env}: the monitor may only publish metrics to the app's namespace and alerts to the alerts topic; the worker may alert too`, () => {
    const topic = stack.ref(stack.only('aws_sns_topic'), 'arn');
    const monitor = inlinePolicy(stack, role(stack, 'monitor-task'));
    assert.deepEqual(monitor.Statement.flatMap((s) => strings(s.Action)).sort(), ['cloudwatch:PutMetricData', 'sns:Publish']);
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
