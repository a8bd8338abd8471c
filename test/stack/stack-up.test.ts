// Brings the real local stack up twice and checks it is idempotent, healthy and has its buckets (leaves it running for other tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../../config/env';
import { silentProgress, stackPaths } from '../../stack/context';
import { stackStatus, stackUp } from '../../stack/stack';

const config = loadConfig();
const options = { progress: silentProgress };

void test('stackUp twice: both succeed, the second starts nothing and keeps the same pids', { timeout: 240_000 }, async () => {
  const first = await stackUp(config, options);
  const second = await stackUp(config, options);
  assert.deepEqual(second.parts.map((p) => p.part), ['temporal', 'mariadb', 'redis', 's3']);
  for (const part of second.parts) {
    assert.notEqual(part.action, 'started', `${part.part} was started again`);
    const before = first.parts.find((p) => p.part === part.part)!;
    assert.equal(part.pid, before.pid, `${part.part} pid changed`);
    if (part.pid !== undefined) assert.ok(existsSync(join(stackPaths(config).runDir, `${part.part === 's3' ? 'seaweedfs' : part.part}.pid`)));
  }
  assert.equal(second.summary[0]?.[0], 'Temporal UI');
  assert.ok(second.summary[0]?.[1].startsWith(config.TEMPORAL_UI_URL));
  assert.ok(second.summary.every(([, value]) => !config.S3_SECRET_ACCESS_KEY || !value.includes(config.S3_SECRET_ACCESS_KEY)));
});

void test('stackStatus reports every part up', { timeout: 60_000 }, async () => {
  const status = await stackStatus(config, options);
  for (const part of status.parts) assert.ok(part.up, `${part.label} is down: ${part.detail}`);
  assert.equal(status.allUp, true);
});

void test('the raw and processed buckets exist and accept the configured credentials', { timeout: 60_000 }, async () => {
  const s3 = new S3Client({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY },
  });
  try {
    for (const bucket of [config.S3_RAW_BUCKET, config.S3_PROCESSED_BUCKET]) {
      const head = await s3.send(new HeadBucketCommand({ Bucket: bucket }));
      assert.equal(head.$metadata.httpStatusCode, 200);
    }
  } finally {
    s3.destroy();
  }
});
