// Retention of registry copies on the real stack: a version superseded longer ago than the retention loses its set
// object (not one a kept version still uses), its row stays marked; a copy whose every version is pruned loses its
// raw file; a second prune does nothing more. The clock is moved by backdating when versions were superseded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { RowDataPacket } from 'mysql2';
import { RAW_KEYS, WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { registryPruneWorkflow } from '../../workflows/registry-prune';
import { createRegistryActivities } from '../../activities/compliance/registry-activities';
import { sha256OfFile, uploadFile } from '../../starters/raw-upload';
import { createS3 } from '../../workers/clients';
import { activityDeps, baseConfig, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';

let db: TestDatabase;
let deps: ReturnType<typeof activityDeps>;
let worker: { stop(): Promise<void> };
let temporal: Awaited<ReturnType<typeof temporalClient>>;
let taskQueue: string;
const dir = mkdtempSync(path.join(tmpdir(), 'retention-'));
const s3 = createS3(baseConfig);

before(async () => {
  db = await createTestDatabase('retention');
  deps = activityDeps(db);
  taskQueue = uniqueName('retention');
  worker = await startWorker(deps, taskQueue);
  temporal = await temporalClient();
});
after(async () => {
  await temporal.close();
  await worker.stop();
  await deps.close();
  s3.destroy();
  await db.drop();
});

async function load(name: string, lines: string[]) {
  const file = path.join(dir, `${name}.txt`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const sha256 = await sha256OfFile(file);
  const rawKey = `${uniqueName('t')}/${RAW_KEYS.registryFile('federal', '', sha256)}`;
  await uploadFile(s3, baseConfig.S3_RAW_BUCKET, rawKey, file);
  return createRegistryActivities(deps).loadRegistryFile({ kind: 'federal', state: '', sha256, rawKey, downloadedAt: new Date().toISOString(), areaCodes: null, actor: 'test', workflowId: uniqueName('w') });
}

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'NotFound') return false;
    throw err;
  }
}

async function versions(copyId: number) {
  const [rows] = await db.pool.query<RowDataPacket[]>('SELECT npa, object_key, pruned_at FROM registry_versions WHERE copy_id = ? ORDER BY npa', [copyId]);
  return rows;
}

const prune = (retentionDays: number) => temporal.client.workflow.execute<typeof registryPruneWorkflow>(WORKFLOW_TYPES.registryPrune, {
  taskQueue, workflowId: WORKFLOW_IDS.registryPrune(uniqueName('p')), args: [{ retentionDays }],
});

/** Moves the creation of a copy's versions (the moment they superseded the ones before) `days` into the past. */
const backdate = (copyId: number, days: number) => db.pool.query('UPDATE registry_versions SET created_at = created_at - INTERVAL ? DAY WHERE copy_id = ?', [days, copyId]);

test('superseded registry copies are kept for the retention, then pruned from the object store', { timeout: 120_000 }, async () => {
  const a = await load('a', ['2122345678', '2122345679', '3052345678']);
  const b = await load('b', ['2122345670']);
  const [a212, a305] = await versions(a.copyId);
  const [b212] = await versions(b.copyId);
  assert.ok(a212!.object_key && a305!.object_key && b212!.object_key);

  let r = await prune(30);
  assert.equal(r.versionsPruned, 0, 'copy b superseded 212 just now: within the retention');

  await backdate(b.copyId, 40);
  r = await prune(30);
  assert.deepEqual([r.versionsPruned, r.objectsDeleted, r.copiesPruned], [1, 1, 0]);
  assert.equal(await exists(baseConfig.S3_PROCESSED_BUCKET, a212!.object_key), false, 'the superseded set is gone');
  assert.equal(await exists(baseConfig.S3_PROCESSED_BUCKET, a305!.object_key), true, 'copy a is still current for 305');
  assert.equal(await exists(baseConfig.S3_PROCESSED_BUCKET, b212!.object_key), true);
  const [pa212] = await versions(a.copyId);
  assert.ok(pa212!.pruned_at !== null, 'the row stays, marked');
  const [ca] = await db.pool.query<RowDataPacket[]>('SELECT raw_key, pruned_at FROM registry_copies WHERE id = ?', [a.copyId]);
  assert.equal(ca[0]!.pruned_at, null, 'copy a still has a current version: its raw file stays');

  r = await prune(30);
  assert.deepEqual([r.versionsPruned, r.objectsDeleted, r.copiesPruned], [0, 0, 0], 'a second prune does nothing more');

  const c = await load('c', ['3052345670']);
  await backdate(c.copyId, 40);
  r = await prune(30);
  assert.deepEqual([r.versionsPruned, r.objectsDeleted, r.copiesPruned], [1, 1, 1]);
  assert.equal(await exists(baseConfig.S3_PROCESSED_BUCKET, a305!.object_key), false);
  assert.equal(await exists(baseConfig.S3_RAW_BUCKET, String(ca[0]!.raw_key)), false, 'every version of copy a is pruned: its raw file goes');
  const [cb] = await db.pool.query<RowDataPacket[]>('SELECT pruned_at FROM registry_copies WHERE id = ?', [b.copyId]);
  assert.equal(cb[0]!.pruned_at, null, 'copy b is current');
});
