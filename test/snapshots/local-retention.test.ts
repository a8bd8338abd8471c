// Local retention against the real object store and database: manifests and backup objects older than 7 days are
// deleted (and their rows marked), the newest validated one and one being validated are kept, whatever their age.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { BACKUP_KEYS } from '../../config/constants';
import type { SnapshotManifest } from '../../domain/snapshot-manifest';
import { createSnapshotActivities } from '../../activities/snapshots/snapshot-activities';
import { beginSnapshotRow, getManifest, loadSnapshotRow, markTaken, markValidating, putManifest, recordValidation } from '../../activities/snapshots/snapshot-store';
import { createSnapshotEnv, type SnapshotEnv } from '../support/snapshot-env';

describe('retention in local mode', { timeout: 120_000 }, () => {
  let env: SnapshotEnv;
  before(async () => {
    env = await createSnapshotEnv('retention', 3316);
  });
  after(async () => {
    await env?.drop();
  });

  const now = Date.now();
  async function seed(id: string, ageDays: number, validation: 'pending' | 'passed' | 'failed' | 'validating'): Promise<void> {
    const manifest: SnapshotManifest = {
      id, mode: 'local', database: env.db.name, consistentAt: new Date(now - ageDays * 86_400_000).toISOString(), consistency: 'block-commit-barrier',
      location: `s3://${env.deps.buckets.processed}/${BACKUP_KEYS.object(id)}`, objectBytes: 3, objectSha256: 'x'.repeat(64), lastImportBatchId: null, tables: [], tool: 'test',
    };
    await env.deps.s3.send(new PutObjectCommand({ Bucket: env.deps.buckets.processed, Key: BACKUP_KEYS.object(id), Body: 'zst' }));
    await putManifest(env.deps.s3, env.deps.buckets.processed, manifest);
    await beginSnapshotRow(env.db.pool, id, 'local', env.db.name);
    await markTaken(env.db.pool, manifest);
    if (validation === 'validating') await markValidating(env.db.pool, id);
    else if (validation !== 'pending') await recordValidation(env.db.pool, id, validation, {}, {});
  }
  const exists = (key: string) => env.deps.s3.send(new HeadObjectCommand({ Bucket: env.deps.buckets.processed, Key: key })).then(() => true, () => false);

  test('deletes old snapshots, keeps the newest validated and the one being validated', async () => {
    await seed('snap-20261101-023000', 20, 'passed');
    await seed('snap-20261105-023000', 15, 'passed');
    await seed('snap-20261106-023000', 14, 'failed');
    await seed('snap-20261107-023000', 13, 'validating');
    await seed('snap-20261108-023000', 12, 'pending');
    await seed('snap-20261119-023000', 1, 'failed');
    const r = await createSnapshotActivities(env.deps).applyRetention({ nowIso: new Date(now).toISOString() });
    assert.deepEqual(r.delete, ['snap-20261101-023000', 'snap-20261106-023000', 'snap-20261108-023000']);
    assert.deepEqual(Object.fromEntries(r.keep.map((k) => [k.id, k.reason])), {
      'snap-20261105-023000': 'newest validated', 'snap-20261107-023000': 'being validated', 'snap-20261119-023000': 'within retention',
    });
    for (const id of r.delete) {
      assert.equal(await exists(BACKUP_KEYS.object(id)), false, `${id}'s backup object is deleted`);
      assert.equal(await getManifest(env.deps.s3, env.deps.buckets.processed, id), null);
      assert.equal((await loadSnapshotRow(env.db.pool, id))?.status, 'deleted');
    }
    for (const k of r.keep) assert.equal(await exists(BACKUP_KEYS.object(k.id)), true, `${k.id} is kept`);
  });
});
