// People's dedupe decisions survive a restore: after the newest snapshot, two merges, an unmerge and a keep-apart run
// through DedupeDecisionWorkflow on a real worker (journaled as they are recorded); the snapshot is restored into a
// recovered server, restore replays the journal, and the golden records, memberships, decisions and audit rows are
// what they were before. Replaying again finds every decision in the store and changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { DedupeDecisionError } from '../../activities/dedupe/decisions';
import { replayDedupeDecision } from '../../activities/recovery/replay-dedupe-decision';
import { replayJournal } from '../../activities/recovery/replay-journal';
import { restoreSnapshot } from '../../activities/recovery/restore';
import { createSnapshotActivities } from '../../activities/snapshots/snapshot-activities';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import { createContext, silentProgress } from '../../stack/context';
import { pidFromFile, removeFile, stopProcess } from '../../stack/pid-files';
import { createDbPool } from '../../workers/clients';
import type { dedupeWorkflow } from '../../workflows/dedupe';
import type { dedupeDecisionWorkflow } from '../../workflows/dedupe-decision';
import { uniqueName } from '../support/services';
import { createSnapshotEnv, ingestContacts, type SnapshotEnv } from '../support/snapshot-env';
import { startWorker, temporalClient } from '../support/temporal';
import { within } from '../support/wait';

// This session's scratch port (SNAPSHOT_SCRATCH_PORT differs per session), and the recovered server two above it.
const SCRATCH_PORT = Number(process.env.SNAPSHOT_SCRATCH_PORT ?? 3316);
const TARGET_PORT = SCRATCH_PORT + 2;

/** What a person's decisions change, without the write timestamps a replay cannot reproduce. */
async function dedupeState(pool: mysql.Pool) {
  const rows = async (sql: string) => (await pool.query<RowDataPacket[]>(sql))[0].map((r) => ({ ...r }));
  return {
    goldens: await rows(`SELECT id, status, retired_into_id, representative_id, member_count, email, phone_e164, first_name, last_name, name_key,
      address_line, city, state, postal_code, dob, source_updated_at, created_pass_id, updated_pass_id FROM golden_records ORDER BY id`),
    members: await rows('SELECT id, golden_id, is_original, is_duplicate, merged_into_id FROM contacts ORDER BY id'),
    decisions: await rows('SELECT id, contact_a, contact_b, decision, origin, actor, reason, workflow_id, decided_at FROM review_decisions ORDER BY id'),
    log: await rows('SELECT id, pass_id, action, contact_id, other_contact_id, golden_id, previous_golden_id, rule, score, actor, workflow_id FROM dedupe_log ORDER BY id'),
    passes: await rows('SELECT id, workflow_id, kind, status, actor, contacts_in_scope FROM dedupe_passes ORDER BY id'),
    history: await rows('SELECT id, golden_id, field, old_value, new_value, reason, pass_id, actor FROM change_history ORDER BY id'),
  };
}

describe('journal replay of merge, unmerge and review decisions', { timeout: 600_000 }, () => {
  let env: SnapshotEnv;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let worker: { stop(): Promise<void> } | undefined;
  const taskQueue = uniqueName('replay-dedupe');
  before(async () => {
    env = await createSnapshotEnv('replaydd', SCRATCH_PORT);
    temporal = await temporalClient();
    worker = await startWorker(env.deps, taskQueue, env.config);
  });
  after(async () => {
    await worker?.stop();
    await temporal?.close();
    const paths = createContext(env.config, { progress: silentProgress }).paths;
    const pidFile = join(paths.runDir, `mariadb-restore-${TARGET_PORT}.pid`);
    const pid = pidFromFile(pidFile);
    if (pid) await stopProcess(pid, 60_000);
    removeFile(pidFile);
    rmSync(join(paths.dataDir, 'restores'), { recursive: true, force: true });
    await env?.drop();
  });

  test('decisions after the snapshot are re-applied by the restore, once', { timeout: 540_000 }, async () => {
    // A deduplicated store (every contact in a golden record), and its snapshot.
    await ingestContacts(env, uniqueName('m'), 1, 40); // 40 distinct names: no cluster before the decisions
    const full = await temporal.client.workflow.start<typeof dedupeWorkflow>(WORKFLOW_TYPES.dedupe, {
      taskQueue, workflowId: WORKFLOW_IDS.dedupe(uniqueName('full')), args: [{ kind: 'full', actor: 'test' }],
    });
    await within(`full dedupe pass ${full.workflowId}`, 180_000, full.result());
    const acts = createSnapshotActivities(env.deps);
    const snapshotId = 'snap-20260103-023000';
    await acts.takeSnapshot({ snapshotId });
    assert.equal((await acts.validateSnapshot({ snapshotId })).outcome, 'passed');
    const atSnapshot = await dedupeState(env.db.pool);
    assert.equal(atSnapshot.decisions.length, 0);

    // After the snapshot, people decide through the live command's workflow.
    const [ids] = await env.db.pool.query<RowDataPacket[]>('SELECT id FROM contacts ORDER BY id LIMIT 6');
    const [c1, c2, c3, c4, c5, c6] = ids.map((r) => Number(r.id)) as [number, number, number, number, number, number];
    const decide = async (decision: 'merge' | 'unmerge' | 'keep-apart', contactIds: number[]) => {
      const workflowId = WORKFLOW_IDS.dedupeDecision(decision, contactIds, uniqueName('t'));
      const handle = await temporal.client.workflow.start<typeof dedupeDecisionWorkflow>(WORKFLOW_TYPES.dedupeDecision, {
        taskQueue, workflowId, args: [{ decision, contactIds, actor: 'reviewer:ann', reason: `test ${decision}` }],
      });
      return within(`decision ${workflowId}`, 180_000, handle.result());
    };
    await decide('merge', [c1, c2]);
    await decide('merge', [c3, c4]);
    await decide('merge', [c3, c5]);
    await decide('unmerge', [c4]);
    await decide('keep-apart', [c5, c6]);
    const before = await dedupeState(env.db.pool);
    const goldenOf = (s: typeof before, id: number) => s.members.find((m) => Number(m.id) === id)!.golden_id;
    assert.equal(goldenOf(before, c1), goldenOf(before, c2));
    assert.equal(goldenOf(before, c3), goldenOf(before, c5));
    assert.notEqual(goldenOf(before, c4), goldenOf(before, c3));
    assert.deepEqual(before.decisions.map((d) => [d.decision, d.origin]),
      [['merge', 'merge'], ['merge', 'merge'], ['merge', 'merge'], ['keep-apart', 'unmerge'], ['keep-apart', 'unmerge'], ['keep-apart', 'review']]);

    // The snapshot restored into a recovered server; restore replays the journal after it.
    const targetUrl = `mysql://root@127.0.0.1:${TARGET_PORT}/recovered`;
    const restored = await restoreSnapshot(env.config, env.deps.s3, { snapshotId, targetUrl });
    assert.deepEqual(restored.journal?.problems, []);
    const streams = Object.fromEntries(restored.journal!.streams.map((s) => [s.stream, { replayed: s.replayed, skipped: s.skipped }]));
    assert.deepEqual(streams.merges, { replayed: 4, skipped: 0 });
    assert.deepEqual(streams['review-decisions'], { replayed: 1, skipped: 0 });

    const target = createDbPool({ DATABASE_URL: targetUrl }, { connectionLimit: 2 });
    try {
      const recovered = await dedupeState(target);
      assert.notDeepEqual(recovered, atSnapshot);
      assert.deepEqual(recovered, before);
      // Replayed again (a restore run twice, or a replay that stopped half-way): every decision is found and skipped.
      const again = await replayJournal({ pool: target, s3: env.deps.s3, buckets: env.deps.buckets }, new Date(restored.manifest.consistentAt));
      const streamsAgain = Object.fromEntries(again.streams.map((s) => [s.stream, { replayed: s.replayed, skipped: s.skipped }]));
      assert.deepEqual(streamsAgain.merges, { replayed: 0, skipped: 4 });
      assert.deepEqual(streamsAgain['review-decisions'], { replayed: 0, skipped: 1 });
      assert.deepEqual(await dedupeState(target), before);
      // A damaged entry (written by another version, say) fails naming the field, and writes nothing.
      await assert.rejects(
        replayDedupeDecision({ pool: target, s3: env.deps.s3, buckets: env.deps.buckets }, {
          stream: 'merges', id: 'dedupe-decision-merge-x', at: new Date().toISOString(), actor: 'test', payload: { decision: 'merge', goldenIds: [1, 2] },
        }),
        (err: unknown) => err instanceof DedupeDecisionError && /payload\.contactIds must be positive contact ids/.test(err.message),
      );
      assert.deepEqual(await dedupeState(target), before);
    } finally {
      await target.end();
    }
  });
});
