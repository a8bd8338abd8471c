// How people reach the dashboard in AWS: an internal load balancer whose HTTPS listener signs them in with OIDC (the
// provider's settings from Secrets Manager, never literals), HTTP only redirecting, access logs in the log bucket, the
// tasks reachable from the load balancer alone, and the service told to trust that load balancer's signed claims.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DASHBOARD_LB_LOG_PREFIX, DASHBOARD_TLS_POLICY, OIDC_SECRET_KEYS } from '../../infra/dashboard-load-balancer';
import { flattenSecurityGroupRules } from './security-group-rules';
import { asList, parseJsonAttr, type Resource, type SynthesizedStack, synthEnvironment } from './synthesized-stack';
import { type Document } from './policy-rules';

const stacks = [synthEnvironment('dev'), synthEnvironment('prod')];

function group(stack: SynthesizedStack, suffix: string): Resource {
  const found = stack.resources('aws_security_group').find((sg) => sg.attrs.name === `${stack.config.namePrefix}-${suffix}`);
  assert.ok(found, `security group ${suffix}`);
  return found;
}

type Action = Record<string, unknown> & { type: string; order?: number };

for (const stack of stacks) {
  const env = stack.config.environment;
  const lb = stack.only('aws_lb');
  const listeners = stack.resources('aws_lb_listener');
  const listenerOn = (port: number) => {
    const found = listeners.find((l) => l.attrs.port === port);
    assert.ok(found, `a listener on ${port}`);
    return found;
  };

  void test(`${env}: one internal application load balancer in the private subnets, dropping malformed headers, logging every request`, () => {
    assert.equal(lb.attrs.load_balancer_type, 'application');
    assert.equal(lb.attrs.internal, true);
    const privateSubnets = stack.resources('aws_subnet').filter((s) => (s.attrs.tags as Record<string, string>).Tier === 'private').map((s) => stack.ref(s, 'id'));
    assert.deepEqual([...asList(lb.attrs.subnets)].sort(), privateSubnets.sort());
    assert.deepEqual(lb.attrs.security_groups, [stack.ref(group(stack, 'dashboard-lb'), 'id')]);
    assert.equal(lb.attrs.drop_invalid_header_fields, true);
    assert.equal(lb.attrs.enable_deletion_protection, env === 'prod');
    const logs = lb.attrs.access_logs as Record<string, unknown>;
    assert.deepEqual(logs, { bucket: stack.ref(stack.resources('aws_s3_bucket').find((b) => b.key.startsWith('storage_logs'))!, 'bucket'), prefix: DASHBOARD_LB_LOG_PREFIX, enabled: true });
  });

  void test(`${env}: HTTPS with a current TLS policy signs people in with OIDC before forwarding; HTTP only redirects`, () => {
    assert.equal(listeners.length, 2);
    const https = listenerOn(443);
    assert.equal(https.attrs.protocol, 'HTTPS');
    assert.equal(https.attrs.ssl_policy, DASHBOARD_TLS_POLICY);
    assert.equal(https.attrs.certificate_arn, '${var.dashboard_certificate_arn}');
    const actions = (asList(https.attrs.default_action) as Action[]).sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    assert.deepEqual(actions.map((a) => a.type), ['authenticate-oidc', 'forward']);
    const oidc = actions[0]!.authenticate_oidc as Record<string, unknown>;
    assert.equal(oidc.on_unauthenticated_request, 'authenticate');
    const secret = stack.tf.data?.aws_secretsmanager_secret_version ?? {};
    const [secretKey] = Object.keys(secret);
    assert.ok(secretKey, 'the provider settings are read from a Secrets Manager secret');
    assert.equal(secret[secretKey]!.secret_id, '${var.dashboard_oidc_secret_id}');
    const fromSecret: Record<string, string> = {
      issuer: 'issuer', authorization_endpoint: 'authorization_endpoint', token_endpoint: 'token_endpoint',
      user_info_endpoint: 'user_info_endpoint', client_id: 'client_id', client_secret: 'client_secret',
    };
    assert.deepEqual(Object.keys(fromSecret).sort(), [...OIDC_SECRET_KEYS].sort());
    for (const [attr, key] of Object.entries(fromSecret)) {
      assert.equal(oidc[attr], `\${jsondecode(data.aws_secretsmanager_secret_version.${secretKey}.secret_string).${key}}`, `${attr} comes from the secret, not a literal`);
    }
    assert.equal(actions[1]!.target_group_arn, stack.ref(stack.only('aws_lb_target_group'), 'arn'));

    const http = listenerOn(80);
    assert.equal(http.attrs.protocol, 'HTTP');
    assert.deepEqual(asList(http.attrs.default_action), [{ type: 'redirect', redirect: { port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' } }]);
  });

  void test(`${env}: the load balancer admits the private ranges only; the tasks admit the load balancer only`, () => {
    const rules = flattenSecurityGroupRules(stack.tf);
    const lbGroup = stack.ref(group(stack, 'dashboard-lb'), 'id');
    const tasks = stack.ref(group(stack, 'dashboard'), 'id');
    const lbIn = rules.filter((r) => r.direction === 'ingress' && r.securityGroup === lbGroup);
    assert.deepEqual(
      lbIn.map((r) => `${r.cidrs.join(',')}:${r.fromPort}-${r.toPort}`).sort(),
      stack.config.network.dashboardIngressCidrs.flatMap((c) => [`${c}:443-443`, `${c}:80-80`]).sort(),
    );
    const port = stack.config.compute.dashboard.port;
    const tasksIn = rules.filter((r) => r.direction === 'ingress' && r.securityGroup === tasks);
    assert.deepEqual(tasksIn.map((r) => [r.referencedSecurityGroup, r.cidrs.length, r.fromPort, r.toPort]), [[lbGroup, 0, port, port]]);
    const lbOut = rules.filter((r) => r.direction === 'egress' && r.securityGroup === lbGroup);
    assert.deepEqual(lbOut.map((r) => r.referencedSecurityGroup ?? r.cidrs.join(',')).sort(), ['0.0.0.0/0', tasks].sort());
    assert.ok(lbOut.every((r) => r.protocol === 'tcp' && r.fromPort === r.toPort && [443, port].includes(r.fromPort)), 'egress: the tasks\' port, and HTTPS to the provider');
  });

  void test(`${env}: the dashboard service registers its tasks and trusts this load balancer's signed claims`, () => {
    const service = stack.resources('aws_ecs_service').find((s) => s.attrs.name === `${stack.config.namePrefix}-dashboard`)!;
    const targets = stack.only('aws_lb_target_group');
    assert.deepEqual(asList(service.attrs.load_balancer), [{ target_group_arn: stack.ref(targets, 'arn'), container_name: 'dashboard', container_port: stack.config.compute.dashboard.port }]);
    assert.equal(targets.attrs.target_type, 'ip');
    assert.equal((targets.attrs.health_check as Record<string, unknown>).path, '/health');
    const task = stack.resources('aws_ecs_task_definition').find((t) => t.attrs.family === `${stack.config.namePrefix}-dashboard`)!;
    const [container] = parseJsonAttr<Array<{ environment: Array<{ name: string; value: string }> }>>(task, 'container_definitions');
    const vars = Object.fromEntries(container!.environment.map((e) => [e.name, e.value]));
    assert.equal(vars.DASHBOARD_AUTH, 'alb-oidc');
    assert.equal(vars.DASHBOARD_ALB_ARN, stack.ref(lb, 'arn'));
    assert.equal(vars.DASHBOARD_COOKIE_SECURE, 'true');
    for (const other of ['worker', 'monitor']) {
      const t = stack.resources('aws_ecs_task_definition').find((d) => d.attrs.family === `${stack.config.namePrefix}-${other}`)!;
      const [c] = parseJsonAttr<Array<{ environment: Array<{ name: string }> }>>(t, 'container_definitions');
      assert.ok(!c!.environment.some((e) => e.name.startsWith('DASHBOARD_AUTH')), `${other} has no sign-in settings`);
    }
  });

  void test(`${env}: the log bucket lets load balancer log delivery write only this account's logs under the load balancer's prefix`, () => {
    const policy = stack.resources('aws_s3_bucket_policy').find((p) => p.key.startsWith('storage_logs'))!;
    const doc = parseJsonAttr<Document>(policy, 'policy');
    const statements = asList(doc.Statement) as Array<Record<string, unknown>>;
    const elb = statements.filter((s) => String(s.Sid).startsWith('LoadBalancer'));
    assert.equal(elb.length, 2);
    for (const s of elb) {
      assert.equal(s.Effect, 'Allow');
      assert.equal(s.Action, 's3:PutObject');
      assert.match(String(s.Resource), new RegExp(`/${DASHBOARD_LB_LOG_PREFIX}/AWSLogs/\\$\\{data\\.aws_caller_identity\\.[^}]+\\.account_id\\}/\\*$`));
    }
  });
}
