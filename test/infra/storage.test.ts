// The data lake never goes public or unencrypted: every bucket is private, versioned and TLS-only; the data zones are SSE-KMS under a rotating key and log every request to the log bucket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Testing } from 'cdktn';
import { parseJsonAttr, type Resource, type SynthesizedStack, synthEnvironment } from './synthesized-stack';
import { type Document, strings } from './policy-rules';

const stacks = [synthEnvironment('dev'), synthEnvironment('prod')];

function forBucket(stack: SynthesizedStack, type: string, bucket: Resource): Resource[] {
  return stack.resources(type).filter((r) => r.attrs.bucket === stack.ref(bucket, 'id'));
}

for (const stack of stacks) {
  const env = stack.config.environment;
  const buckets = stack.resources('aws_s3_bucket');
  const zone = (b: Resource) => (b.attrs.tags as Record<string, string>).Zone;
  const dataBuckets = buckets.filter((b) => zone(b) !== 'logs');
  const key = stack.resources('aws_kms_key').find((k) => String(k.attrs.description).includes('data lake'))!;

  void test(`${env}: exactly the raw, processed and log buckets exist`, () => {
    assert.deepEqual(buckets.map(zone).sort(), ['logs', 'processed', 'raw']);
  });

  void test(`${env}: every bucket blocks all four kinds of public access`, () => {
    for (const bucket of buckets) {
      const blocks = forBucket(stack, 'aws_s3_bucket_public_access_block', bucket);
      assert.equal(blocks.length, 1, `${bucket.key} has one public access block`);
      const attrs = blocks[0]!.attrs;
      for (const flag of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
        assert.equal(attrs[flag], true, `${bucket.key}: ${flag}`);
      }
    }
    assert.ok(!buckets.some((b) => 'acl' in b.attrs), 'no bucket sets an ACL');
  });

  void test(`${env}: every data bucket is encrypted with SSE-KMS under the rotating bucket key`, () => {
    assert.ok(Testing.toHaveResourceWithProperties(stack.json, 'aws_kms_key', { enableKeyRotation: true }));
    assert.equal(key.attrs.enable_key_rotation, true);
    for (const bucket of dataBuckets) {
      const configs = forBucket(stack, 'aws_s3_bucket_server_side_encryption_configuration', bucket);
      assert.equal(configs.length, 1, `${bucket.key} has an encryption configuration`);
      const rules = configs[0]!.attrs.rule as Array<{ apply_server_side_encryption_by_default: Record<string, unknown>; bucket_key_enabled: unknown }>;
      assert.equal(rules.length, 1);
      assert.equal(rules[0]!.apply_server_side_encryption_by_default.sse_algorithm, 'aws:kms');
      assert.equal(rules[0]!.apply_server_side_encryption_by_default.kms_master_key_id, stack.ref(key, 'arn'));
      assert.equal(rules[0]!.bucket_key_enabled, true);
    }
  });

  void test(`${env}: every bucket is versioned`, () => {
    for (const bucket of buckets) {
      const versioning = forBucket(stack, 'aws_s3_bucket_versioning', bucket);
      assert.equal(versioning.length, 1);
      assert.deepEqual(versioning[0]!.attrs.versioning_configuration, { status: 'Enabled' });
    }
  });

  void test(`${env}: every bucket policy denies requests without TLS on the bucket and its objects`, () => {
    for (const bucket of buckets) {
      const policies = forBucket(stack, 'aws_s3_bucket_policy', bucket);
      assert.equal(policies.length, 1, `${bucket.key} has a bucket policy`);
      const deny = parseJsonAttr<Document>(policies[0]!, 'policy').Statement.find(
        (s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
      );
      assert.ok(deny, `${bucket.key} denies aws:SecureTransport=false`);
      assert.deepEqual(strings(deny.Resource).sort(), [stack.ref(bucket, 'arn'), `${stack.ref(bucket, 'arn')}/*`].sort());
      assert.deepEqual(strings(deny.Action), ['s3:*']);
    }
  });

  void test(`${env}: the raw zone moves to STANDARD_IA after 30 days; both zones expire old versions`, () => {
    const raw = buckets.find((b) => (b.attrs.tags as Record<string, string>).Zone === 'raw')!;
    const [lifecycle] = forBucket(stack, 'aws_s3_bucket_lifecycle_configuration', raw);
    assert.ok(lifecycle);
    const transitions = (lifecycle.attrs.rule as Array<{ status: string; transition?: Array<{ days: number; storage_class: string }> }>)
      .filter((r) => r.status === 'Enabled')
      .flatMap((r) => r.transition ?? []);
    assert.deepEqual(transitions, [{ days: 30, storage_class: 'STANDARD_IA' }]);
    for (const bucket of dataBuckets) {
      const rules = forBucket(stack, 'aws_s3_bucket_lifecycle_configuration', bucket).flatMap(
        (l) => l.attrs.rule as Array<{ status: string; noncurrent_version_expiration?: Array<{ noncurrent_days: number }> }>,
      );
      const expiry = rules.filter((r) => r.status === 'Enabled').flatMap((r) => r.noncurrent_version_expiration ?? []);
      assert.deepEqual(expiry, [{ noncurrent_days: stack.config.storage.noncurrentVersionExpirationDays }], `${bucket.key} expires old versions`);
    }
  });
}

for (const stack of stacks) {
  const env = stack.config.environment;
  const buckets = stack.resources('aws_s3_bucket');
  const zone = (b: Resource) => (b.attrs.tags as Record<string, string>).Zone;
  const logBucket = buckets.find((b) => zone(b) === 'logs')!;

  void test(`${env}: every request to the raw and processed buckets is logged to the log bucket, each under its own prefix`, () => {
    const logging = stack.resources('aws_s3_bucket_logging');
    const byBucket = new Map(logging.map((l) => [l.attrs.bucket, l.attrs]));
    for (const bucket of buckets.filter((b) => zone(b) !== 'logs')) {
      const config = byBucket.get(stack.ref(bucket, 'id'));
      assert.ok(config, `${zone(bucket)} has access logging`);
      assert.equal(config.target_bucket, stack.ref(logBucket, 'id'));
      assert.equal(config.target_prefix, `s3-access/${zone(bucket)}/`);
    }
    assert.equal(logging.length, 2, 'the log bucket does not log into itself');
  });

  void test(`${env}: the log bucket admits S3 log delivery for our data buckets (and the dashboard load balancer), over TLS, encrypted with SSE-S3`, () => {
    const [policy] = forBucket(stack, 'aws_s3_bucket_policy', logBucket);
    assert.ok(policy);
    const statements = parseJsonAttr<Document>(policy, 'policy').Statement;
    // The load balancer's delivery statements are checked in dashboard-access.test.ts.
    const delivery = statements.filter((s) => s.Effect === 'Allow' && !String(s.Sid).startsWith('LoadBalancer'));
    assert.equal(delivery.length, 1);
    assert.deepEqual(delivery[0]!.Principal, { Service: 'logging.s3.amazonaws.com' });
    assert.deepEqual(strings(delivery[0]!.Action), ['s3:PutObject']);
    assert.deepEqual(strings(delivery[0]!.Resource), [`${stack.ref(logBucket, 'arn')}/s3-access/*`]);
    const sources = strings(delivery[0]!.Condition?.ArnLike?.['aws:SourceArn']).sort();
    assert.deepEqual(sources, buckets.filter((b) => zone(b) !== 'logs').map((b) => stack.ref(b, 'arn')).sort());
    assert.ok(delivery[0]!.Condition?.StringEquals?.['aws:SourceAccount'], 'only for this account');
    // S3 access logging cannot deliver to an SSE-KMS bucket.
    const [encryption] = forBucket(stack, 'aws_s3_bucket_server_side_encryption_configuration', logBucket);
    const rules = encryption!.attrs.rule as Array<{ apply_server_side_encryption_by_default: Record<string, unknown> }>;
    assert.equal(rules[0]!.apply_server_side_encryption_by_default.sse_algorithm, 'AES256');
  });

  void test(`${env}: access logs have their own lifecycle: deleted after the security-log retention`, () => {
    const [lifecycle] = forBucket(stack, 'aws_s3_bucket_lifecycle_configuration', logBucket);
    assert.ok(lifecycle, 'the log bucket has a lifecycle');
    const rules = (lifecycle.attrs.rule as Array<{ status: string; expiration?: Array<{ days: number }>; noncurrent_version_expiration?: unknown[] }>)
      .filter((r) => r.status === 'Enabled');
    assert.deepEqual(rules.flatMap((r) => r.expiration ?? []), [{ days: stack.config.securityLogs.retentionDays }]);
    assert.ok(rules.some((r) => (r.noncurrent_version_expiration ?? []).length > 0), 'old versions expire too');
    assert.equal(stack.config.securityLogs.retentionDays, env === 'prod' ? 365 : 30);
  });
}
