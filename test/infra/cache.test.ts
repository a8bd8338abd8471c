// Redis caches dashboard queries: Multi-AZ with failover, encrypted at rest and in transit, AUTH token from Secrets Manager.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthEnvironment } from './synthesized-stack';

const stacks = [synthEnvironment('dev'), synthEnvironment('prod')];

for (const stack of stacks) {
  const env = stack.config.environment;
  const redis = stack.only('aws_elasticache_replication_group');

  void test(`${env}: Redis is Multi-AZ with automatic failover over at least two nodes in different AZs`, () => {
    assert.equal(redis.attrs.engine, 'redis');
    assert.equal(redis.attrs.multi_az_enabled, true);
    assert.equal(redis.attrs.automatic_failover_enabled, true);
    assert.ok(Number(redis.attrs.num_cache_clusters) >= 2);
    const zones = new Set(redis.attrs.preferred_cache_cluster_azs as string[]);
    assert.ok(zones.size >= 2, `nodes span ${zones.size} AZs`);
  });

  void test(`${env}: Redis encrypts at rest and in transit`, () => {
    assert.equal(redis.attrs.transit_encryption_enabled, true);
    assert.equal(String(redis.attrs.at_rest_encryption_enabled), 'true');
  });

  void test(`${env}: the AUTH token comes from a Secrets Manager secret, not from the config`, () => {
    const versions = stack.resources('aws_secretsmanager_secret_version');
    const tokenVersion = versions.find((v) => redis.attrs.auth_token === stack.ref(v, 'secret_string'));
    assert.ok(tokenVersion, 'auth_token refers to a secret version');
    const secret = stack.resources('aws_secretsmanager_secret').find((s) => tokenVersion.attrs.secret_id === stack.ref(s, 'id'));
    assert.ok(secret, 'that version belongs to a managed secret');
    assert.match(String(tokenVersion.attrs.secret_string), /^\$\{data\.aws_secretsmanager_random_password\./, 'generated, not typed in');
  });

  void test(`${env}: the app's REDIS_URL secret uses TLS (rediss://) to the primary endpoint`, () => {
    const urlVersion = stack
      .resources('aws_secretsmanager_secret_version')
      .find((v) => String(v.attrs.secret_string).startsWith('rediss://'));
    assert.ok(urlVersion);
    assert.ok(String(urlVersion.attrs.secret_string).includes(stack.ref(redis, 'primary_endpoint_address')));
  });

  void test(`${env}: Redis sits in private subnets behind its own security group`, () => {
    const subnets = stack.only('aws_elasticache_subnet_group');
    assert.equal(redis.attrs.subnet_group_name, stack.ref(subnets, 'name'));
    const privateIds = stack
      .resources('aws_subnet')
      .filter((s) => (s.attrs.tags as Record<string, string>).Tier === 'private')
      .map((s) => stack.ref(s, 'id'));
    assert.deepEqual([...(subnets.attrs.subnet_ids as string[])].sort(), privateIds.sort());
    const cacheSg = stack.resources('aws_security_group').find((sg) => String(sg.attrs.name).endsWith('-cache'))!;
    assert.deepEqual(redis.attrs.security_group_ids, [stack.ref(cacheSg, 'id')]);
  });
}
