// The worker and dashboard run on Fargate in private subnets and receive exactly the settings config/env.ts reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Testing } from 'cdktn';
import { parseJsonAttr, type Resource, type SynthesizedStack, synthEnvironment } from './synthesized-stack';

interface ContainerDefinition {
  name: string;
  image: string;
  entryPoint: string[];
  command: string[];
  environment: Array<{ name: string; value: string }>;
  secrets: Array<{ name: string; valueFrom: string }>;
  logConfiguration: { logDriver: string; options: Record<string, string> };
}

const stacks = [synthEnvironment('dev'), synthEnvironment('prod')];
const APP_SETTINGS = ['S3_REGION', 'S3_RAW_BUCKET', 'S3_PROCESSED_BUCKET', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE'];

function container(stack: SynthesizedStack, component: string): { task: Resource; def: ContainerDefinition } {
  const task = stack.resources('aws_ecs_task_definition').find((t) => t.attrs.family === `${stack.config.namePrefix}-${component}`);
  assert.ok(task, `${component} task definition`);
  const defs = parseJsonAttr<ContainerDefinition[]>(task, 'container_definitions');
  assert.equal(defs.length, 1);
  return { task, def: defs[0]! };
}

for (const stack of stacks) {
  const env = stack.config.environment;

  for (const component of ['worker', 'dashboard']) {
    void test(`${env}: the ${component} gets every app setting, with REDIS_URL and the DB password as secrets`, () => {
      const { def } = container(stack, component);
      const vars = Object.fromEntries(def.environment.map((e) => [e.name, e.value]));
      for (const name of APP_SETTINGS) assert.ok(vars[name], `${name} is set`);
      assert.equal(vars.S3_ENDPOINT, 'aws', 'S3_ENDPOINT=aws selects the regional endpoint and the task role');
      assert.equal(vars.TEMPORAL_ADDRESS, stack.config.temporal.address);
      assert.equal(vars.S3_REGION, stack.config.region);
      const buckets = stack.resources('aws_s3_bucket').map((b) => stack.ref(b, 'bucket')).sort();
      assert.deepEqual([vars.S3_RAW_BUCKET, vars.S3_PROCESSED_BUCKET].sort(), buckets);
      const secrets = Object.fromEntries(def.secrets.map((s) => [s.name, s.valueFrom]));
      assert.deepEqual(Object.keys(secrets).sort(), ['DATABASE_PASSWORD', 'REDIS_URL']);
      assert.match(secrets.DATABASE_PASSWORD!, /master_user_secret\[0\]\.secret_arn\}:password::$/);
      const secretValues = JSON.stringify(def.environment);
      assert.ok(!/rediss?:\/\/|password/i.test(secretValues.replace(/DATABASE_PASSWORD/g, '')), 'no credentials in plain environment');
    });

    void test(`${env}: the ${component} entry point assembles DATABASE_URL without Terraform interpolation`, () => {
      const { def } = container(stack, component);
      const script = def.entryPoint.join(' ');
      assert.match(script, /export DATABASE_URL="mysql:\/\/\$DATABASE_USER:.*encodeURIComponent\(process\.env\.DATABASE_PASSWORD\).*@\$DATABASE_HOST:\$DATABASE_PORT\/\$DATABASE_NAME"/);
      assert.ok(!script.includes('${'), 'no ${ that Terraform would try to interpolate');
      assert.ok(script.endsWith('exec "$@" entrypoint'));
      assert.deepEqual(def.command, [...(component === 'worker' ? stack.config.compute.worker.command : stack.config.compute.dashboard.command)]);
    });

    void test(`${env}: the ${component} runs on Fargate in private subnets, logs to its own group, with its own roles`, () => {
      const { task, def } = container(stack, component);
      assert.deepEqual(task.attrs.requires_compatibilities, ['FARGATE']);
      assert.equal(task.attrs.network_mode, 'awsvpc');
      const service = stack.resources('aws_ecs_service').find((s) => s.attrs.task_definition === stack.ref(task, 'arn'));
      assert.ok(service);
      assert.equal(service.attrs.launch_type, 'FARGATE');
      const network = service.attrs.network_configuration as { subnets: string[]; assign_public_ip: boolean; security_groups: string[] };
      assert.equal(network.assign_public_ip, false);
      const privateIds = stack.resources('aws_subnet').filter((s) => (s.attrs.tags as Record<string, string>).Tier === 'private').map((s) => stack.ref(s, 'id'));
      assert.deepEqual([...network.subnets].sort(), privateIds.sort());
      const sg = stack.resources('aws_security_group').find((g) => g.attrs.name === `${stack.config.namePrefix}-${component}`)!;
      assert.deepEqual(network.security_groups, [stack.ref(sg, 'id')]);
      const logGroup = stack.resources('aws_cloudwatch_log_group').find((g) => g.attrs.name === `/ecs/${stack.config.namePrefix}/${component}`)!;
      assert.equal(def.logConfiguration.options['awslogs-group'], stack.ref(logGroup, 'name'));
      assert.equal(logGroup.attrs.retention_in_days, stack.config.compute.logRetentionDays);
      const roleRef = (suffix: string) =>
        stack.ref(stack.resources('aws_iam_role').find((r) => r.attrs.name === `${stack.config.namePrefix}-${component}-${suffix}`)!, 'arn');
      assert.equal(task.attrs.task_role_arn, roleRef('task'));
      assert.equal(task.attrs.execution_role_arn, roleRef('execution'));
    });
  }

  void test(`${env}: images come from the stack's ECR repository at the configured tag`, () => {
    const repo = stack.only('aws_ecr_repository');
    assert.equal(repo.attrs.image_tag_mutability, 'IMMUTABLE');
    for (const component of ['worker', 'dashboard']) {
      assert.equal(container(stack, component).def.image, `${stack.ref(repo, 'repository_url')}:${stack.config.compute.imageTag}`);
    }
  });

  void test(`${env}: Glue catalogs the processed zone`, () => {
    const processed = stack.resources('aws_s3_bucket').find((b) => (b.attrs.tags as Record<string, string>).Zone === 'processed')!;
    const crawler = stack.only('aws_glue_crawler');
    assert.equal(crawler.attrs.database_name, stack.ref(stack.only('aws_glue_catalog_database'), 'name'));
    assert.deepEqual(crawler.attrs.s3_target, [{ path: `s3://${stack.ref(processed, 'bucket')}/` }]);
    assert.ok(Testing.toHaveResourceWithProperties(stack.json, 'aws_ecs_cluster', { name: stack.config.namePrefix }));
  });
}
