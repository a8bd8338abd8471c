// The network keeps data stores private: no world-open MySQL or Redis ports, stores admit only the app's security groups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Testing } from 'cdktn';
import { VpcSecurityGroupIngressRule } from '@cdktn/provider-aws/lib/vpc-security-group-ingress-rule';
import { flattenSecurityGroupRules, worldOpenRules } from './security-group-rules';
import { asList, parseJsonAttr, type Resource, type SynthesizedStack, synthEnvironment, type TerraformJson } from './synthesized-stack';
import { type Document, strings } from './policy-rules';

const stacks = [synthEnvironment('dev'), synthEnvironment('prod')];
const DATA_PORTS = [3306, 6379];

function group(stack: SynthesizedStack, suffix: string): Resource {
  const found = stack.resources('aws_security_group').find((sg) => sg.attrs.name === `${stack.config.namePrefix}-${suffix}`);
  assert.ok(found, `security group ${suffix}`);
  return found;
}

void test('the checker itself flags a world-open MySQL rule', () => {
  const tf = JSON.parse(
    Testing.synthScope((scope) => {
      new VpcSecurityGroupIngressRule(scope, 'open', { securityGroupId: 'sg', cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: 3300, toPort: 3310 });
      new VpcSecurityGroupIngressRule(scope, 'all-v6', { securityGroupId: 'sg', cidrIpv6: '::/0', ipProtocol: '-1' });
    }),
  ) as TerraformJson;
  assert.equal(worldOpenRules(tf, [3306]).length, 2);
  assert.equal(worldOpenRules(tf, [443]).length, 1, 'only the all-protocol rule covers 443');
});

for (const stack of stacks) {
  const env = stack.config.environment;
  const rules = flattenSecurityGroupRules(stack.tf);

  void test(`${env}: no security group rule opens 3306 or 6379 to 0.0.0.0/0 or ::/0`, () => {
    assert.ok(rules.length > 0);
    assert.deepEqual(worldOpenRules(stack.tf, DATA_PORTS), []);
  });

  void test(`${env}: Aurora and Redis admit only the worker and dashboard security groups, on their own port`, () => {
    const apps = [stack.ref(group(stack, 'worker'), 'id'), stack.ref(group(stack, 'dashboard'), 'id')].sort();
    for (const [store, port] of [['database', 3306], ['cache', 6379]] as const) {
      const ingress = rules.filter((r) => r.direction === 'ingress' && r.securityGroup === stack.ref(group(stack, store), 'id'));
      assert.deepEqual(ingress.map((r) => r.referencedSecurityGroup).sort(), apps, `${store} sources`);
      assert.ok(ingress.every((r) => r.cidrs.length === 0 && r.fromPort === port && r.toPort === port && r.protocol === 'tcp'));
    }
    for (const sg of stack.resources('aws_security_group')) {
      assert.ok(!('ingress' in sg.attrs) && !('egress' in sg.attrs), `${sg.key} has no inline rules to bypass the check`);
    }
  });

  void test(`${env}: private subnets in at least two AZs; no subnet hands out public IPs`, () => {
    const subnets = stack.resources('aws_subnet');
    const privateZones = new Set(subnets.filter((s) => (s.attrs.tags as Record<string, string>).Tier === 'private').map((s) => s.attrs.availability_zone));
    assert.ok(privateZones.size >= 2);
    assert.ok(subnets.every((s) => s.attrs.map_public_ip_on_launch === false));
    // A default security group declared with no rules: Terraform removes the allow-all rules AWS gives it.
    const defaultGroup = stack.only('aws_default_security_group');
    assert.equal(defaultGroup.attrs.vpc_id, stack.ref(stack.only('aws_vpc'), 'id'));
    assert.deepEqual(asList(defaultGroup.attrs.ingress), [], 'the default security group admits nothing');
    assert.deepEqual(asList(defaultGroup.attrs.egress), [], 'the default security group sends nothing');
  });

  void test(`${env}: an S3 gateway endpoint serves every private route table and admits only our buckets`, () => {
    const endpoint = stack.only('aws_vpc_endpoint');
    assert.equal(endpoint.attrs.vpc_endpoint_type, 'Gateway');
    assert.equal(endpoint.attrs.service_name, `com.amazonaws.${stack.config.region}.s3`);
    const privateTables = stack.resources('aws_route_table').filter((t) => String((t.attrs.tags as Record<string, string>).Name).includes('-private-'));
    assert.deepEqual([...(endpoint.attrs.route_table_ids as string[])].sort(), privateTables.map((t) => stack.ref(t, 'id')).sort());
    const resources = parseJsonAttr<Document>(endpoint, 'policy').Statement.flatMap((s) => strings(s.Resource));
    const dataBuckets = stack.resources('aws_s3_bucket').filter((b) => (b.attrs.tags as Record<string, string>).Zone !== 'logs');
    assert.equal(dataBuckets.length, 2);
    for (const bucket of dataBuckets) assert.ok(resources.includes(`${stack.ref(bucket, 'arn')}/*`));
    assert.ok(!resources.includes('*') && !resources.includes('arn:aws:s3:::*'));
  });

  void test(`${env}: database and cache instances are never publicly accessible`, () => {
    for (const instance of stack.resources('aws_rds_cluster_instance')) assert.equal(instance.attrs.publicly_accessible, false);
    const publicSubnetIds = stack.resources('aws_subnet').filter((s) => (s.attrs.tags as Record<string, string>).Tier === 'public').map((s) => stack.ref(s, 'id'));
    for (const type of ['aws_db_subnet_group', 'aws_elasticache_subnet_group']) {
      const ids = stack.only(type).attrs.subnet_ids as string[];
      assert.ok(ids.length >= 2, `${type} spans at least two subnets`);
      assert.ok(ids.every((id) => !publicSubnetIds.includes(id)), `${type} uses no public subnet`);
    }
  });
}

for (const stack of stacks) {
  const env = stack.config.environment;

  void test(`${env}: VPC flow logs record all traffic of the VPC into an encrypted log group kept for the security-log retention`, () => {
    const flowLog = stack.only('aws_flow_log');
    assert.equal(flowLog.attrs.vpc_id, stack.ref(stack.only('aws_vpc'), 'id'));
    assert.equal(flowLog.attrs.traffic_type, 'ALL');
    assert.equal(flowLog.attrs.log_destination_type, 'cloud-watch-logs');
    const group = stack.resources('aws_cloudwatch_log_group').find((g) => g.attrs.name === `/vpc/${stack.config.namePrefix}/flow-logs`);
    assert.ok(group, 'the flow-log group');
    assert.equal(flowLog.attrs.log_destination, stack.ref(group, 'arn'));
    assert.equal(group.attrs.retention_in_days, stack.config.securityLogs.retentionDays);
    const logsKey = stack.resources('aws_kms_key').find((k) => String(k.attrs.description).includes('log groups'))!;
    assert.equal(group.attrs.kms_key_id, stack.ref(logsKey, 'arn'));
  });

  void test(`${env}: the flow-log role is assumed by VPC flow logs only and writes to its log group only`, () => {
    const role = stack.resources('aws_iam_role').find((r) => r.attrs.name === `${stack.config.namePrefix}-flow-logs`)!;
    assert.equal(stack.only('aws_flow_log').attrs.iam_role_arn, stack.ref(role, 'arn'));
    const trust = parseJsonAttr<Document>(role, 'assume_role_policy').Statement[0]!;
    assert.deepEqual(trust.Principal, { Service: 'vpc-flow-logs.amazonaws.com' });
    const group = stack.resources('aws_cloudwatch_log_group').find((g) => g.attrs.name === `/vpc/${stack.config.namePrefix}/flow-logs`)!;
    const policy = stack.resources('aws_iam_role_policy').find((p) => p.attrs.role === stack.ref(role, 'id'))!;
    const statements = parseJsonAttr<Document>(policy, 'policy').Statement;
    assert.deepEqual(statements.flatMap((s) => strings(s.Resource)).sort(), [stack.ref(group, 'arn'), `${stack.ref(group, 'arn')}:*`].sort());
    assert.ok(statements.flatMap((s) => strings(s.Action)).every((a) => a.startsWith('logs:') && !a.includes('*')));
  });
}
