// `npm run infra:synth` works offline: both environments synthesize to disk, INFRA_ENV selects, the state backend is configurable.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktn';
import { buildApp, selectedEnvironments } from '../../infra/main';
import { type TerraformJson } from './synthesized-stack';

const outdirs: string[] = [];
after(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function synthToTemp(env: NodeJS.ProcessEnv): { outdir: string; stacks: string[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'contacts-infra-'));
  outdirs.push(outdir);
  const { app, stacks } = buildApp(env, outdir);
  app.synth();
  return { outdir, stacks };
}

function readStack(outdir: string, stack: string): string {
  return fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
}

const all = synthToTemp({});

void test('by default both contacts-dev and contacts-prod are synthesized to disk', () => {
  assert.deepEqual(all.stacks, ['contacts-dev', 'contacts-prod']);
  const manifest = JSON.parse(fs.readFileSync(path.join(all.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
  assert.deepEqual(Object.keys(manifest.stacks).sort(), ['contacts-dev', 'contacts-prod']);
});

for (const stack of ['contacts-dev', 'contacts-prod']) {
  void test(`${stack}: local state backend by default and the AWS provider in the configured region`, () => {
    const json = readStack(all.outdir, stack);
    const tf = JSON.parse(json) as TerraformJson;
    assert.deepEqual(tf.terraform.backend, { local: { path: `terraform.${stack}.tfstate` } });
    assert.equal((tf.terraform as { required_version?: string }).required_version, '>= 1.10.0');
    assert.ok(Testing.toHaveProviderWithProperties(json, 'aws', { region: 'us-east-1' }));
    assert.ok(Testing.toHaveResource(json, 'aws_rds_cluster'));
  });
}

void test('INFRA_STATE_BUCKET switches to an encrypted S3 backend with a lock file', () => {
  const { outdir } = synthToTemp({ INFRA_ENV: 'prod', INFRA_STATE_BUCKET: 'acme-tf-state' });
  const tf = JSON.parse(readStack(outdir, 'contacts-prod')) as TerraformJson;
  assert.deepEqual(tf.terraform.backend, {
    s3: { bucket: 'acme-tf-state', key: 'contacts-prod/terraform.tfstate', region: 'us-east-1', encrypt: true, use_lockfile: true },
  });
});

void test('INFRA_ENV selects environments and rejects unknown ones', () => {
  const { outdir, stacks } = synthToTemp({ INFRA_ENV: 'dev' });
  assert.deepEqual(stacks, ['contacts-dev']);
  assert.ok(!fs.existsSync(path.join(outdir, 'stacks', 'contacts-prod')));
  assert.deepEqual(selectedEnvironments('prod, dev'), ['prod', 'dev']);
  assert.throws(() => selectedEnvironments('staging'), /INFRA_ENV must be one of dev, prod \(got "staging"\)/);
});

void test('INFRA_IMAGE_TAG and INFRA_TEMPORAL_ADDRESS override the image tag and Temporal endpoint', () => {
  const { outdir } = synthToTemp({ INFRA_ENV: 'dev', INFRA_IMAGE_TAG: 'v9.9.9', INFRA_TEMPORAL_ADDRESS: 'temporal.example.internal:7233' });
  const json = readStack(outdir, 'contacts-dev');
  assert.ok(json.includes(':v9.9.9'));
  assert.ok(json.includes('temporal.example.internal:7233'));
});
