// Aurora holds the consolidated store: encrypted, TLS only, IAM sign-in, one writer plus exactly two readers across AZs, 7-day backups, audit and slow-query logging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Testing } from 'cdktn';
import { synthEnvironment } from './synthesized-stack';

const stacks = [synthEnvironment('dev'), synthEnvironment('prod')];

for (const stack of stacks) {
  const env = stack.config.environment;
  const cluster = stack.only('aws_rds_cluster');
  const instances = stack.resources('aws_rds_cluster_instance');

  void test(`${env}: the cluster is Aurora MySQL 3 (8.0-compatible) with encrypted storage`, () => {
    assert.equal(cluster.attrs.engine, 'aurora-mysql');
    assert.match(String(cluster.attrs.engine_version), /^8\.0\.mysql_aurora\.3\./);
    assert.equal(cluster.attrs.storage_encrypted, true);
  });

  void test(`${env}: backups are kept 7 days, taken in a daily window, and snapshots copy tags`, () => {
    assert.equal(cluster.attrs.backup_retention_period, 7);
    assert.match(String(cluster.attrs.preferred_backup_window), /^\d\d:\d\d-\d\d:\d\d$/);
    assert.equal(cluster.attrs.copy_tags_to_snapshot, true);
  });

  void test(`${env}: credentials live in Secrets Manager, never in the Terraform config`, () => {
    assert.equal(cluster.attrs.manage_master_user_password, true);
    assert.ok(!('master_password' in cluster.attrs), 'no plaintext master_password');
  });

  void test(`${env}: exactly one writer and two readers, spread over at least two AZs, none public`, () => {
    assert.equal(instances.length, 3);
    for (const instance of instances) {
      assert.equal(instance.attrs.cluster_identifier, stack.ref(cluster, 'id'), `${instance.key} belongs to the cluster`);
      assert.equal(instance.attrs.publicly_accessible, false, `${instance.key} is private`);
    }
    const writers = instances.filter((i) => i.attrs.promotion_tier === 0);
    const readers = instances.filter((i) => i.attrs.promotion_tier !== 0);
    assert.equal(writers.length, 1, 'one writer (promotion tier 0)');
    assert.equal(readers.length, 2, 'two readers');
    for (const reader of readers) {
      assert.ok(asStrings(reader.attrs.depends_on).includes(`${writers[0]!.type}.${writers[0]!.key}`), `${reader.key} is created after the writer`);
    }
    const zones = new Set(instances.map((i) => i.attrs.availability_zone));
    assert.ok(zones.size >= 2, `instances span ${zones.size} AZs`);
    assert.ok([...zones].every((z) => typeof z === 'string' && z.startsWith(stack.config.region)));
  });

  void test(`${env}: deletion protection is on in prod only; prod keeps a final snapshot`, () => {
    const prod = env === 'prod';
    assert.equal(cluster.attrs.deletion_protection, prod);
    assert.equal(cluster.attrs.skip_final_snapshot, !prod);
  });

  void test(`${env}: slow queries are logged and exported to CloudWatch`, () => {
    const group = stack.only('aws_rds_cluster_parameter_group');
    assert.equal(cluster.attrs.db_cluster_parameter_group_name, stack.ref(group, 'name'));
    assert.equal(group.attrs.family, 'aurora-mysql8.0');
    const params = Object.fromEntries((group.attrs.parameter as Array<{ name: string; value: string }>).map((p) => [p.name, p.value]));
    assert.equal(params.slow_query_log, '1');
    assert.ok(Number(params.long_query_time) > 0, 'long_query_time is set');
    assert.equal(params.log_bin_trust_function_creators, '1', "the migrating user can create the suppression log's triggers");
    assert.ok(asStrings(cluster.attrs.enabled_cloudwatch_logs_exports).includes('slowquery'));
    assert.ok(
      Testing.toHaveResourceWithProperties(stack.json, 'aws_cloudwatch_log_group', { name: `/aws/rds/cluster/${stack.config.namePrefix}/slowquery` }),
      'the slowquery log group is managed with a retention',
    );
  });

  const params = (): Record<string, string> =>
    Object.fromEntries((stack.only('aws_rds_cluster_parameter_group').attrs.parameter as Array<{ name: string; value: string }>).map((p) => [p.name, p.value]));
  const logsKey = stack.resources('aws_kms_key').find((k) => String(k.attrs.description).includes('log groups'))!;

  void test(`${env}: the cluster refuses connections without TLS (require_secure_transport)`, () => {
    assert.equal(params().require_secure_transport, 'ON');
  });

  void test(`${env}: the services sign in with IAM database authentication`, () => {
    assert.equal(cluster.attrs.iam_database_authentication_enabled, true);
  });

  void test(`${env}: the audit log records sign-ins, privilege and schema changes and is exported to its own encrypted log group`, () => {
    const p = params();
    assert.equal(p.server_audit_logging, '1');
    assert.deepEqual(p.server_audit_events!.split(',').sort(), ['CONNECT', 'QUERY_DCL', 'QUERY_DDL']);
    assert.ok(!p.server_audit_events!.includes('QUERY_DML'), 'no row-level statements (they would carry contact values)');
    assert.equal(p.server_audit_excl_users, 'rdsadmin', 'every user but the AWS management user is audited');
    assert.deepEqual(asStrings(cluster.attrs.enabled_cloudwatch_logs_exports).sort(), ['audit', 'error', 'slowquery']);
    const group = stack.resources('aws_cloudwatch_log_group').find((g) => g.attrs.name === `/aws/rds/cluster/${stack.config.namePrefix}/audit`);
    assert.ok(group, 'the audit log group is managed');
    assert.equal(group.attrs.retention_in_days, stack.config.securityLogs.retentionDays);
    assert.equal(group.attrs.kms_key_id, stack.ref(logsKey, 'arn'));
    assert.ok(asStrings(cluster.attrs.depends_on).includes(`${group.type}.${group.key}`), 'the group exists before RDS would create it without retention');
  });

  void test(`${env}: every log group of the stack has a retention and is encrypted with the logs key`, () => {
    const groups = stack.resources('aws_cloudwatch_log_group');
    assert.ok(groups.length >= 7, `${groups.length} log groups`);
    for (const group of groups) {
      assert.ok(Number(group.attrs.retention_in_days) > 0, `${String(group.attrs.name)} has a retention`);
      assert.equal(group.attrs.kms_key_id, stack.ref(logsKey, 'arn'), `${String(group.attrs.name)} is encrypted with the logs key`);
    }
  });

  void test(`${env}: the cluster sits in private subnets behind its own security group`, () => {
    const subnetGroup = stack.only('aws_db_subnet_group');
    assert.equal(cluster.attrs.db_subnet_group_name, stack.ref(subnetGroup, 'name'));
    const privateSubnetRefs = stack
      .resources('aws_subnet')
      .filter((s) => (s.attrs.tags as Record<string, string>).Tier === 'private')
      .map((s) => stack.ref(s, 'id'));
    assert.deepEqual(asStrings(subnetGroup.attrs.subnet_ids).sort(), privateSubnetRefs.sort());
    const databaseSg = stack.resources('aws_security_group').find((sg) => String(sg.attrs.name).endsWith('-database'))!;
    assert.deepEqual(cluster.attrs.vpc_security_group_ids, [stack.ref(databaseSg, 'id')]);
  });
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
