// A third-party scanner on both synthesized stacks: checkov (PyPI, pinned) may fail only the checks reviewed in infra/scan/accepted-findings.ts, and every accepted one must still fail.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../config/env';
import { ACCEPTED_FINDINGS } from '../../infra/scan/accepted-findings';
import { CHECKOV_VERSION, ensureCheckov, scannableCopy, scanStacks } from '../../infra/scan/checkov';
import { formatReview, type Review, reviewFindings } from '../../infra/scan/review';
import { type StackScan } from '../../infra/scan/checkov';
import { createContext, silentProgress } from '../../stack/context';
import { synthEnvironment } from './synthesized-stack';

const stacks = [synthEnvironment('dev'), synthEnvironment('prod')];
/** Installing checkov on a fresh machine takes about a minute (pip); a scan of both stacks about 10 s. */
const INSTALL_AND_SCAN_TIMEOUT_MS = 12 * 60_000;
let review: Review;

before(async () => {
  const checkov = await ensureCheckov(createContext(loadConfig(), { progress: silentProgress }));
  const scans = await scanStacks(checkov, stacks.map((s) => ({ name: s.config.namePrefix, json: s.tf })));
  review = reviewFindings(scans.map((scan, i) => ({ environment: stacks[i]!.config.environment, scan })), ACCEPTED_FINDINGS);
  for (const line of formatReview(review, CHECKOV_VERSION)) console.log(line);
}, { timeout: INSTALL_AND_SCAN_TIMEOUT_MS });

for (const stack of stacks) {
  const env = stack.config.environment;

  void test(`${env}: checkov ${CHECKOV_VERSION} finds no failed check outside the reviewed list`, () => {
    const scan = review.scans.find((s) => s.environment === env);
    assert.ok(scan, `${env} was scanned`);
    assert.ok(scan.passed.length > 200, `checkov ran its checks (${scan.passed.length} passed)`);
    assert.deepEqual(scan.unreviewed.map((f) => `${f.check} ${f.address}: ${f.title}`), []);
  });
}

void test('every accepted finding still fails where it is accepted (the list stays honest)', () => {
  assert.deepEqual(review.stale, []);
});

void test('the checks the issue named now pass on both stacks: audit log, access logs, flow logs, SNS encryption, IAM database sign-in', () => {
  const fixed = ['CKV_AWS_325', 'CKV_AWS_18', 'CKV2_AWS_11', 'CKV_AWS_26', 'CKV_AWS_162', 'CKV_AWS_158', 'CKV2_AWS_64'];
  const failing = review.scans.flatMap((s) => [...s.accepted, ...s.unreviewed]).filter((f) => fixed.includes(f.check));
  assert.deepEqual(failing.map((f) => `${f.stack}: ${f.check} ${f.address}`), []);
  for (const scan of review.scans) {
    const passing = new Set(scan.passed.map((f) => f.check));
    assert.deepEqual(fixed.filter((check) => !passing.has(check)), [], `${scan.stack}: each check ran and passed`);
  }
  assert.ok(ACCEPTED_FINDINGS.every((a) => !fixed.includes(a.check)), 'none of them is accepted');
});

void test('each acceptance names its check, its resources and a reason that says why', () => {
  for (const entry of ACCEPTED_FINDINGS) {
    assert.match(entry.check, /^CKV2?_AWS_\d+$/);
    assert.ok(entry.resources.length > 0 && entry.environments.length > 0, `${entry.check} names where it applies`);
    assert.match(entry.reason, /^(dev-only|cost|AWS-managed (key|encryption) on purpose|not applicable|not built yet)\b.{40,}/, `${entry.check}: ${entry.reason}`);
  }
});

void test('the review flags a failure nobody accepted and an acceptance that no longer fails', () => {
  const scan: StackScan = {
    stack: 'contacts-dev',
    passed: [{ stack: 'contacts-dev', check: 'CKV_AWS_9', title: 'passing', address: 'aws_vpc.network_vpc' }],
    failed: [
      { stack: 'contacts-dev', check: 'CKV_AWS_1', title: 'accepted', address: 'aws_s3_bucket.storage_raw_bucket' },
      { stack: 'contacts-dev', check: 'CKV_AWS_2', title: 'new', address: 'aws_s3_bucket.storage_raw_bucket' },
      { stack: 'contacts-dev', check: 'CKV_AWS_1', title: 'accepted in prod only', address: 'aws_sns_topic.alerts_topic' },
    ],
  };
  const result = reviewFindings([{ environment: 'dev', scan }], [
    { check: 'CKV_AWS_1', resources: ['aws_s3_bucket.*'], environments: ['dev'], reason: 'test' },
    { check: 'CKV_AWS_1', resources: ['aws_sns_topic.alerts_topic'], environments: ['prod'], reason: 'test' },
    { check: 'CKV_AWS_3', resources: ['aws_kms_key.storage_bucket-key_key'], environments: ['dev', 'prod'], reason: 'test' },
  ]);
  assert.deepEqual(result.scans[0]!.accepted.map((f) => f.title), ['accepted']);
  assert.deepEqual(result.scans[0]!.unreviewed.map((f) => f.title), ['new', 'accepted in prod only']);
  // prod was not scanned, so its acceptances cannot be judged stale; dev's CKV_AWS_3 matched nothing.
  assert.deepEqual(result.stale, [{ check: 'CKV_AWS_3', resource: 'aws_kms_key.storage_bucket-key_key', environment: 'dev' }]);
});

void test('the scanned copy leaves out only terraform.required_version, which crashes checkov\'s terraform_json parser', () => {
  const copy = scannableCopy(stacks[0]!.tf);
  assert.ok('required_version' in (stacks[0]!.tf.terraform as Record<string, unknown>), 'the synthesized stack pins a Terraform version');
  assert.deepEqual({ ...copy, terraform: { ...copy.terraform, required_version: (stacks[0]!.tf.terraform as Record<string, unknown>).required_version } }, stacks[0]!.tf);
});
