// The worker and dashboard run on Fargate in private subnets, run a command the image really has, and receive the
// settings config/env.ts reads: checked on the synthesized container definitions, not on the config that made them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Testing } from 'cdktn';
import { DATABASE_USERS } from '../../config/constants';
import { envSchema, loadConfig } from '../../config/env';
import { commands } from '../../starters/commands/index';
import { databaseSecurityOptions } from '../../workers/clients';
import { parseJsonAttr, type Resource, type SynthesizedStack, synthEnvironment } from './synthesized-stack';

interface ContainerDefinition {
  name: string;
  image: string;
  entryPoint?: string[];
  command: string[];
  environment: Array<{ name: string; value: string }>;
  secrets: Array<{ name: string; valueFrom: string }>;
  logConfiguration: { logDriver: string; options: Record<string, string> };
}

const ROOT = path.resolve(__dirname, '../..');
const stacks = [synthEnvironment('dev'), synthEnvironment('prod')];
const APP_SETTINGS = ['S3_REGION', 'S3_RAW_BUCKET', 'S3_PROCESSED_BUCKET', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE'];
/** Read only by the CLI in starters/ (to print Temporal UI links), which the services do not run. */
// The local Prometheus and its endpoint's bind address are not used in AWS, where METRICS_EXPORTER=cloudwatch.
const CLI_ONLY_SETTINGS = ['TEMPORAL_UI_URL', 'PROMETHEUS_URL', 'METRICS_HOST'];
const SCRIPTS = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
/** Top-level folders the image copies in (Dockerfile `COPY <dir> <dir>`). */
const IMAGE_DIRS = [...readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').matchAll(/^COPY (\S+) \1$/gm)].map((m) => m[1]!);
/** The monitor runs the worker's code on its own queue (it records alerts), so it signs in as the worker. */
const USERS: Record<string, string> = { worker: DATABASE_USERS.worker, dashboard: DATABASE_USERS.dashboard, monitor: DATABASE_USERS.worker };

function container(stack: SynthesizedStack, component: string): { task: Resource; def: ContainerDefinition } {
  const task = stack.resources('aws_ecs_task_definition').find((t) => t.attrs.family === `${stack.config.namePrefix}-${component}`);
  assert.ok(task, `${component} task definition`);
  const defs = parseJsonAttr<ContainerDefinition[]>(task, 'container_definitions');
  assert.equal(defs.length, 1);
  return { task, def: defs[0]! };
}

/** The repository's .ts files `file` imports, directly or not, through relative imports. */
function importedFiles(file: string): string[] {
  const seen = new Set<string>();
  const pending = [path.join(ROOT, file)];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const m of readFileSync(current, 'utf8').matchAll(/(?:from\s+|import\(\s*|require\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const base = path.resolve(path.dirname(current), m[1]!);
      const found = [base, `${base}.ts`, path.join(base, 'index.ts')].find((c) => c.endsWith('.ts') && existsSync(c));
      if (found) pending.push(found);
    }
  }
  return [...seen].map((f) => path.relative(ROOT, f));
}

/** The container's command is `npm run <script>` of a script package.json has, whose source files the image contains. */
function assertCommandRuns(command: string[]): void {
  assert.deepEqual(command.slice(0, 2), ['npm', 'run'], `command ${JSON.stringify(command)} is an npm script`);
  const name = command[2]!;
  const script = SCRIPTS[name];
  assert.ok(script, `npm run ${name}: package.json has no script "${name}" (it has ${Object.keys(SCRIPTS).join(', ')})`);
  const files = script.match(/[\w./-]+\.(?:ts|mjs|js)\b/g) ?? [];
  assert.ok(files.length > 0 || !/\btsx|node\b/.test(script), `npm run ${name} names the file it runs`);
  for (const file of files) {
    assert.ok(existsSync(path.join(ROOT, file)), `npm run ${name} runs ${file}, which exists`);
    // Everything it loads, not only the file itself: a folder the image lacks fails the container at start-up.
    const folders = [...new Set(importedFiles(file).map((f) => f.split('/')[0]!))].sort();
    assert.deepEqual(folders.filter((dir) => !IMAGE_DIRS.includes(dir)), [], `npm run ${name} loads ${folders.join(', ')}; the Dockerfile copies ${IMAGE_DIRS.join(', ')}`);
  }
}

/** The environment the app process sees: the container's settings and secrets, Terraform references and secret values replaced by stand-ins. */
function processEnvironment(def: ContainerDefinition): Record<string, string> {
  const standIn = (value: string) => value.replace(/\$\{[^}]*\}/g, 'tf-ref');
  const secretValues: Record<string, string> = { DATABASE_PASSWORD: 'p@ss:w#rd%', REDIS_URL: 'rediss://:token@cache.internal:6379/0' };
  const env: Record<string, string> = {};
  // A reference whose value the app checks for form gets a stand-in of that form.
  const formed: Record<string, string> = { DASHBOARD_ALB_ARN: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/contacts-dashboard/0123456789abcdef' };
  for (const e of def.environment) env[e.name] = (/^\$\{[^}]*\}$/.test(e.value) ? formed[e.name] : undefined) ?? standIn(e.value);
  for (const s of def.secrets) env[s.name] = secretValues[s.name] ?? 'secret';
  return env;
}

for (const stack of stacks) {
  const env = stack.config.environment;
  const cluster = stack.only('aws_rds_cluster');

  for (const component of ['worker', 'dashboard', 'monitor']) {
    void test(`${env}: the ${component} gets every app setting, with REDIS_URL as its only secret`, () => {
      const { def } = container(stack, component);
      const vars = Object.fromEntries(def.environment.map((e) => [e.name, e.value]));
      for (const name of APP_SETTINGS) assert.ok(vars[name], `${name} is set`);
      assert.equal(vars.S3_ENDPOINT, 'aws', 'S3_ENDPOINT=aws selects the regional endpoint and the task role');
      assert.equal(vars.TEMPORAL_ADDRESS, stack.config.temporal.address);
      assert.equal(vars.S3_REGION, stack.config.region);
      const buckets = stack.resources('aws_s3_bucket').filter((b) => (b.attrs.tags as Record<string, string>).Zone !== 'logs').map((b) => stack.ref(b, 'bucket')).sort();
      assert.deepEqual([vars.S3_RAW_BUCKET, vars.S3_PROCESSED_BUCKET].sort(), buckets);
      assert.deepEqual(def.secrets.map((s) => s.name), ['REDIS_URL'], 'no database password reaches the service');
      assert.ok(!/rediss?:\/\/|password|master_user_secret/i.test(JSON.stringify(def.environment)), 'no credentials in plain environment');
      assert.equal(def.entryPoint, undefined, 'no entry-point wrapper: the image runs the command itself');
    });

    void test(`${env}: the ${component} signs in as its database user with an IAM token, over verified TLS`, () => {
      const { def } = container(stack, component);
      const vars = Object.fromEntries(def.environment.map((e) => [e.name, e.value]));
      const endpoint = component === 'dashboard' ? 'reader_endpoint' : 'endpoint';
      const expected = `mysql://${USERS[component]!}@${stack.ref(cluster, endpoint)}:3306/${stack.config.database.databaseName}`;
      assert.equal(vars.DATABASE_URL, expected, component === 'dashboard' ? 'the reader endpoint' : 'the writer endpoint');
      if (component === 'dashboard') {
        assert.equal(vars.DASHBOARD_DATABASE_URL, expected);
        assert.deepEqual([vars.DASHBOARD_HOST, vars.DASHBOARD_PORT], ['0.0.0.0', String(stack.config.compute.dashboard.port)], 'it listens where its port mapping points');
      }
      assert.deepEqual([vars.DATABASE_AUTH, vars.DATABASE_TLS, vars.DATABASE_TLS_CA, vars.AWS_REGION], ['iam', 'verify', 'rds', stack.config.region]);
    });

    void test(`${env}: the ${component}'s process gets a valid configuration with no local-stack default left`, () => {
      const { def } = container(stack, component);
      const unknown = def.environment.map((e) => e.name).filter((n) => !(n in envSchema.shape));
      assert.deepEqual(unknown, [], 'every variable set is one config/env.ts reads');
      const config = loadConfig(processEnvironment(def));
      const defaults = loadConfig({});
      const local = (Object.keys(defaults) as Array<keyof typeof defaults>).filter((k) => /127\.0\.0\.1|localhost|local-dev/.test(String(defaults[k])));
      // With S3_ENDPOINT=aws the S3 client uses the task role, not the static keys; with metrics going to CloudWatch
      // no Prometheus endpoint listens, so its bind address does not matter.
      const unused = [
        ...CLI_ONLY_SETTINGS,
        ...(config.S3_ENDPOINT === 'aws' ? ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] : []),
        ...(config.METRICS_EXPORTER !== 'prometheus' ? ['METRICS_HOST'] : []),
        // Only the dashboard listens for HTTP.
        ...(component === 'dashboard' ? [] : ['DASHBOARD_HOST']),
      ];
      const needed = local.filter((k) => !unused.includes(k));
      assert.ok(needed.includes('DATABASE_URL') && needed.includes('TEMPORAL_ADDRESS'), `local defaults found: ${needed.join(', ')}`);
      for (const k of needed) assert.notEqual(config[k], defaults[k], `${k} is set, not left at its local-stack default`);
      // What the pool is built with: a token plugin instead of a password, and the RDS CA bundle.
      const security = databaseSecurityOptions(config);
      assert.equal(typeof security.authPlugins?.mysql_clear_password, 'function', 'IAM tokens answer the server');
      const ssl = security.ssl as { ca: string[]; rejectUnauthorized: boolean; verifyIdentity: boolean };
      assert.ok(ssl.ca.length > 10 && ssl.ca.every((c) => c.includes('BEGIN CERTIFICATE')), 'the Amazon RDS CA bundle');
      assert.equal(ssl.rejectUnauthorized && ssl.verifyIdentity, true);
    });

    void test(`${env}: the ${component} runs an npm script that package.json has, from files the image contains`, () => {
      assertCommandRuns(container(stack, component).def.command);
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
      // The monitor reaches what the worker reaches (Temporal, the database) and nothing else: it shares the worker's group.
      const group = component === 'monitor' ? 'worker' : component;
      const sg = stack.resources('aws_security_group').find((g) => g.attrs.name === `${stack.config.namePrefix}-${group}`)!;
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

  void test(`${env}: the db-bootstrap task signs in as the master user with the master password as its only secret, and has no task role`, () => {
    const { task, def } = container(stack, 'db-bootstrap');
    const vars = Object.fromEntries(def.environment.map((e) => [e.name, e.value]));
    assert.equal(vars.DATABASE_URL, `mysql://${stack.config.database.masterUsername}@${stack.ref(cluster, 'endpoint')}:3306/${stack.config.database.databaseName}`);
    assert.deepEqual([vars.DATABASE_AUTH, vars.DATABASE_TLS, vars.DATABASE_TLS_CA], ['password', 'verify', 'rds']);
    assert.deepEqual(def.secrets, [{ name: 'DATABASE_PASSWORD', valueFrom: `\${${cluster.type}.${cluster.key}.master_user_secret[0].secret_arn}:password::` }]);
    assert.ok(!('task_role_arn' in task.attrs), 'the task calls no AWS API');
    assert.equal(stack.resources('aws_ecs_service').filter((s) => s.attrs.task_definition === stack.ref(task, 'arn')).length, 0, 'a one-off task, not a service');
    const config = loadConfig(processEnvironment(def));
    assert.equal(databaseSecurityOptions(config).password, 'p@ss:w#rd%', 'the injected password is used as is, no URL encoding needed');
  });

  void test(`${env}: the db-bootstrap task runs the CLI's db-bootstrap command with IAM users, from files the image contains`, () => {
    const { def } = container(stack, 'db-bootstrap');
    assertCommandRuns(def.command);
    assert.deepEqual(def.command.slice(2), ['cli', '--', 'db-bootstrap', '--auth', 'iam']);
    assert.ok(commands.some((c) => c.name === 'db-bootstrap'), 'the CLI has a db-bootstrap command');
  });

  void test(`${env}: images come from the stack's ECR repository at the configured tag`, () => {
    const repo = stack.only('aws_ecr_repository');
    assert.equal(repo.attrs.image_tag_mutability, 'IMMUTABLE');
    for (const component of ['worker', 'dashboard', 'db-bootstrap']) {
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
