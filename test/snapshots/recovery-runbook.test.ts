// Follows RECOVERY.md end to end on the real stack: a store with two migrations' batches and a journaled opt-out
// after its newest validated snapshot loses its contacts table; `snapshots` picks the snapshot, `restore` brings it
// up on another port, verifies it against the manifest and replays the later batches, and the recovered store has
// the same contacts (by content checksum), the same counts and every reconciliation identity. A journal stream with
// no replayer is reported by name; the live database is refused. (Dedupe decisions: replay-dedupe-decisions.test.ts.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RowDataPacket } from 'mysql2/promise';
import { contactsChecksum } from '../../activities/reconcile/contacts-checksum';
import { JOURNAL_REPLAYERS, replayJournal } from '../../activities/recovery/replay-journal';
import { createSnapshotActivities } from '../../activities/snapshots/snapshot-activities';
import { checkStoreInvariants } from '../../activities/snapshots/store-invariants';
import { createContext, silentProgress } from '../../stack/context';
import { pidFromFile, removeFile, stopProcess } from '../../stack/pid-files';
import { createDbPool } from '../../workers/clients';
import { uniqueName } from '../support/services';
import { createSnapshotEnv, ingestContacts, ingestGeneratedBatch, journalDecisions, storeCounts, type SnapshotEnv } from '../support/snapshot-env';
import { rmSync } from 'node:fs';

const TARGET_PORT = 3318;
const cli = (env: SnapshotEnv, args: string[]) => promisify(execFile)('npm', ['run', '--silent', 'cli', '--', ...args], {
  env: { ...process.env, DATABASE_URL: env.db.url, S3_RAW_BUCKET: env.deps.buckets.raw, S3_PROCESSED_BUCKET: env.deps.buckets.processed, SNAPSHOT_SCRATCH_PORT: String(env.config.SNAPSHOT_SCRATCH_PORT) },
  timeout: 240_000,
}).then((r) => ({ code: 0, ...r }), (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }));


describe('RECOVERY.md, local procedure', { timeout: 600_000 }, () => {
  let env: SnapshotEnv;
  before(async () => {
    env = await createSnapshotEnv('runbook', 3316);
  });
  after(async () => {
    const runDir = createContext(env.config, { progress: silentProgress }).paths.runDir;
    const pidFile = join(runDir, `mariadb-restore-${TARGET_PORT}.pid`);
    const pid = pidFromFile(pidFile);
    if (pid) await stopProcess(pid, 60_000);
    removeFile(pidFile);
    rmSync(join(createContext(env.config, { progress: silentProgress }).paths.dataDir, 'restores'), { recursive: true, force: true });
    await env?.drop();
  });

  test('drop contacts, restore the newest snapshot, replay later batches and the journal, same counts and checksums', { timeout: 540_000 }, async () => {
    // The store before the disaster: migration A (2 batches), the daily snapshot, then more work after it.
    const migrationA = uniqueName('a');
    const sourceA = await ingestContacts(env, migrationA, 2, 400);
    const acts = createSnapshotActivities(env.deps);
    const snapshotId = 'snap-20260102-023000';
    await acts.takeSnapshot({ snapshotId });
    assert.equal((await acts.validateSnapshot({ snapshotId })).outcome, 'passed');
    await ingestGeneratedBatch(env, migrationA, sourceA, 3, 400); // a later batch of migration A
    await ingestContacts(env, uniqueName('b'), 2, 300, 10_000); // a migration registered after the snapshot
    // Decisions after the snapshot: a contact attempt through the real activity (journaled as it is recorded) and an opt-out.
    await journalDecisions(env, 'runbook');
    const beforeSum = await contactsChecksum(env.db.pool);
    const beforeCounts = await storeCounts(env.db.pool);
    assert.deepEqual(beforeCounts, { contacts: 1800, batches: 5, sources: 2 });

    // The disaster.
    await env.db.pool.query('SET FOREIGN_KEY_CHECKS = 0');
    const conn = await env.db.pool.getConnection();
    await conn.query('SET FOREIGN_KEY_CHECKS = 0');
    await conn.query('DROP TABLE contacts');
    conn.release();

    // Step 2: pick the newest validated snapshot.
    const listed = await cli(env, ['snapshots']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`${snapshotId}\\s+taken\\s+passed`));

    // The live database is refused.
    const refused = await cli(env, ['restore', '--snapshot', snapshotId, '--target', env.db.url]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /live database/);

    // Steps 3-5: restore, verify, replay.
    const targetUrl = `mysql://root@127.0.0.1:${TARGET_PORT}/recovered`;
    const restored = await cli(env, ['restore', '--snapshot', snapshotId, '--target', targetUrl]);
    assert.match(restored.stdout, /every table matches the manifest/, restored.stdout + restored.stderr);
    assert.match(restored.stdout, /replayed {4}3 batches \(1,000 rows, 1 sources recreated\) and journal opt-outs 1, attempts 1, review-decisions 0, merges 0/);
    assert.equal(restored.code, 0, restored.stderr);

    // Step 6: the recovered store holds what the store held before the disaster.
    const target = createDbPool({ DATABASE_URL: targetUrl }, { connectionLimit: 2 });
    try {
      assert.deepEqual(await contactsChecksum(target), beforeSum);
      assert.deepEqual(await storeCounts(target), beforeCounts);
      assert.deepEqual((await checkStoreInvariants(target)).problems, []);
      // The opt-out journaled after the snapshot is in the recovered store: nobody who opted out is called.
      const [optOuts] = await target.query<RowDataPacket[]>('SELECT kind, phone_e164, channel FROM suppression_log');
      assert.deepEqual(optOuts.map((o) => [o.kind, o.phone_e164, o.channel]), [['opt-out', '+14155551234', 'ALL']]);
      // The attempt journaled after the snapshot was replayed into the recovered store (the frequency caps count it).
      const [attempts] = await target.query<RowDataPacket[]>('SELECT phone_e164, channel, actor FROM contact_attempts');
      assert.deepEqual(attempts.map((a) => [a.phone_e164, a.channel, a.actor]), [['+13052345678', 'VOICE', 'agent:test']]);
      // A stream with entries after the snapshot and no replayer is named (restore then exits 1 with NOT REPLAYED).
      const { attempts: _attempts, ...withoutAttempts } = JOURNAL_REPLAYERS;
      const journal = await replayJournal({ pool: target, s3: env.deps.s3, buckets: env.deps.buckets }, new Date(Date.now() - 3_600_000), withoutAttempts);
      assert.deepEqual(journal.problems.map((p) => p.replace(/ \(.*/, '')), ['journal stream attempts: 1 entries after the snapshot and no replayer']);
      assert.equal(journal.streams.find((s) => s.stream === 'opt-outs')?.replayed, 1);
      // Replaying again changes nothing (every replayer is idempotent).
      const [again] = await target.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM suppression_log');
      assert.equal(Number(again[0]!.n), 1);
    } finally {
      await target.end();
    }
  });
});
