// The AWS side of disaster recovery, on the synthesized JSON: the worker may snapshot only its own cluster, manage
// only the snapshots it names `<cluster>-snap-*`, restore, check and delete only `validate-snap-*` clusters and
// restore (never delete) `recovered-snap-*` ones (RECOVERY.md's AWS `restore`) in the database's subnet group, with
// named actions only; its tasks run in SNAPSHOT_MODE=aws wired to that cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Document, strings } from './policy-rules';
import { parseJsonAttr, type SynthesizedStack, synthEnvironment } from './synthesized-stack';

const SNAPSHOT_ACTIONS = [
  'rds:AddTagsToResource', 'rds:CreateDBClusterSnapshot', 'rds:CreateDBInstance', 'rds:DeleteDBCluster', 'rds:DeleteDBClusterSnapshot', 'rds:DeleteDBInstance',
  'rds:DescribeDBClusterSnapshots', 'rds:DescribeDBClusters', 'rds:DescribeDBInstances', 'rds:RestoreDBClusterFromSnapshot',
];

function workerPolicy(stack: SynthesizedStack): Document {
  const role = stack.resources('aws_iam_role').find((r) => r.attrs.name === `${stack.config.namePrefix}-worker-task`)!;
  const policy = stack.resources('aws_iam_role_policy').find((p) => p.attrs.role === stack.ref(role, 'id'))!;
  return parseJsonAttr<Document>(policy, 'policy');
}

for (const env of ['dev', 'prod'] as const) {
  const stack = synthEnvironment(env);
  const cluster = stack.config.namePrefix;

  void test(`${env}: the worker's RDS rights are the snapshot workflow's named actions on its own cluster, snapshots and validation clusters`, () => {
    const rds = workerPolicy(stack).Statement.filter((s) => strings(s.Action).some((a) => a.startsWith('rds:')));
    const actions = new Set(rds.flatMap((s) => strings(s.Action)));
    assert.deepEqual([...actions].sort(), SNAPSHOT_ACTIONS);
    for (const s of rds) {
      assert.equal(s.Effect, 'Allow');
      for (const a of strings(s.Action)) assert.ok(!a.includes('*'), `named action, not ${a}`);
      for (const r of strings(s.Resource)) {
        assert.ok(
          r === stack.ref(stack.only('aws_rds_cluster'), 'arn')
          || new RegExp(`:cluster-snapshot:(rds:)?${cluster}-(snap-)?\\*$`).test(r)
          || /:(cluster|db):(validate|recovered)-snap-\*$/.test(r)
          || r.endsWith(`:subgrp:${stack.ref(stack.only('aws_db_subnet_group'), 'name')}`),
          `resource ${r} is the cluster, its snapshots, a validation cluster or the subnet group`,
        );
      }
    }
    const deletes = rds.filter((s) => strings(s.Action).some((a) => a.startsWith('rds:Delete')));
    for (const s of deletes) {
      for (const r of strings(s.Resource)) assert.ok(!r.endsWith(`:cluster:${cluster}`) && r !== stack.ref(stack.only('aws_rds_cluster'), 'arn'), 'the live cluster can never be deleted by the worker');
      for (const r of strings(s.Resource)) assert.ok(!/recovered-snap-/.test(r), 'a recovered cluster can never be deleted by the worker');
    }
  });

  void test(`${env}: the worker runs snapshots in AWS mode against its cluster, validating in the database's subnet and security group`, () => {
    const task = stack.resources('aws_ecs_task_definition').find((t) => String(t.attrs.family).endsWith('-worker'))!;
    const containers = JSON.parse(String(task.attrs.container_definitions)) as Array<{ environment: Array<{ name: string; value: string }> }>;
    const envVars = Object.fromEntries(containers[0]!.environment.map((e) => [e.name, e.value]));
    assert.equal(envVars.SNAPSHOT_MODE, 'aws');
    assert.equal(envVars.RDS_CLUSTER_ID, cluster);
    assert.equal(envVars.RDS_VALIDATION_SUBNET_GROUP, stack.ref(stack.only('aws_db_subnet_group'), 'name'));
    assert.equal(stack.only('aws_db_subnet_group').attrs.name, `${cluster}-aurora`);
    const dbGroup = stack.resources('aws_security_group').find((g) => String(g.attrs.name).endsWith('-database'))!;
    assert.equal(envVars.RDS_VALIDATION_SECURITY_GROUP_IDS, stack.ref(dbGroup, 'id'));
  });
}
