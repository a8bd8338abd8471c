// A snapshot taken while a migration writes: the backup never blocks the migration (only commits, for the moment
// the manifest's snapshot opens), the restored copy is a consistent cut where every committed batch's identities
// hold, and replaying the raw zone into it completes the migration: the same contacts as the live store at the end.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2';
import { contactsChecksum } from '../../activities/reconcile/contacts-checksum';
import { restoreSnapshot } from '../../activities/recovery/restore';
import { replayBatches } from '../../activities/recovery/replay-batches';
import { createSnapshotActivities } from '../../activities/snapshots/snapshot-activities';
import { checkStoreInvariants } from '../../activities/snapshots/store-invariants';
import { createContext, silentProgress } from '../../stack/context';
import { createDbPool } from '../../workers/clients';
import { uniqueName } from '../support/services';
import { makeSample, type Sample } from '../support/sample';
import { createSnapshotEnv, type SnapshotEnv } from '../support/snapshot-env';
import { startMigration, startWorker, temporalClient } from '../support/temporal';
import { waitFor, within } from '../support/wait';
import { pauseSignal, resumeSignal } from '../../workflows/messages';

const TARGET_PORT = 3319;

describe('a snapshot while a migration writes', { timeout: 600_000 }, () => {
  let env: SnapshotEnv;
  let sample: Sample;
  let worker: { stop(): Promise<void> };
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  const taskQueue = uniqueName('snap-during');

  before(async () => {
    env = await createSnapshotEnv('during', 3316);
    sample = await makeSample(6000, 23);
    worker = await startWorker(env.deps, taskQueue, env.config);
    temporal = await temporalClient();
  });
  after(async () => {
    await temporal?.close();
    await worker?.stop();
    await sample?.remove();
    rmSync(join(createContext(env.config, { progress: silentProgress }).paths.dataDir, 'restores'), { recursive: true, force: true });
    await env?.drop();
  });

  test('restores to a state where every committed batch balances, and replay completes the migration', { timeout: 540_000 }, async () => {
    const handle = await startMigration(temporal.client, taskQueue, { name: uniqueName('during'), sources: sample.sources, batchSize: 200, window: 1 });
    await waitFor('two committed batches', async () => {
      const [r] = await env.db.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM import_batches');
      return Number(r[0]!.n) >= 2;
    }, { timeoutMs: 180_000, intervalMs: 200 });
    // The backup starts while batches commit; two more commit during its copy phase. Then the migration is paused, so
    // that on this loaded machine it cannot finish before the backup's consistency point (taken at its end): the cut
    // falls inside the migration, with batches committed during the backup in it.
    const committed = async () => Number((await env.db.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM import_batches'))[0][0]!.n);
    const snapshotId = 'snap-20260103-120000';
    const atStart = await committed();
    let taken = false;
    const snapshot = createSnapshotActivities(env.deps).takeSnapshot({ snapshotId }).finally(() => {
      taken = true;
    });
    await waitFor('two batches committed during the backup', async () => taken || (await committed()) >= atStart + 2, { timeoutMs: 180_000, intervalMs: 100 });
    await handle.signal(pauseSignal);
    await within('the snapshot', 300_000, snapshot);
    await handle.signal(resumeSignal);
    const summary = await within('the migration', 300_000, handle.result());
    assert.equal(summary.status, 'ok');
    const finalSum = await contactsChecksum(env.db.pool);
    const [[fin]] = (await env.db.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM import_batches')) as unknown as [RowDataPacket[]];

    const restored = await restoreSnapshot(env.config, env.deps.s3, { snapshotId, targetUrl: `mysql://root@127.0.0.1:${TARGET_PORT}/during`, replay: false });
    const target = createDbPool({ DATABASE_URL: restored.targetUrl }, { connectionLimit: 2 });
    try {
      assert.deepEqual(restored.differences, [], 'the copy matches the manifest read at its consistency point');
      const cut = await checkStoreInvariants(target);
      assert.deepEqual(cut.problems, [], 'every committed batch balances and contacts = Σ inserted at the cut');
      assert.ok(cut.batches >= atStart + 2 && cut.batches < Number(fin!.n), `taken mid-migration: ${cut.batches} of ${Number(fin!.n)} batches at the cut, ${atStart} when the backup started`);
      const replay = await replayBatches({ pool: target, s3: env.deps.s3, buckets: env.deps.buckets, defaultPhoneRegion: 'US' });
      assert.deepEqual(replay.problems, []);
      assert.equal(replay.batchesReplayed, Number(fin!.n) - cut.batches);
      assert.deepEqual(await contactsChecksum(target), finalSum, 'replay completes the migration');
      assert.deepEqual((await checkStoreInvariants(target)).problems, []);
    } finally {
      await target.end();
      await restored.server.stop({ removeData: true });
    }
  });
});
