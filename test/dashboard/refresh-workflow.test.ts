// The refresh as a workflow on the real Temporal dev server: the post-migration workflow runs it as its last step,
// it lands a new generation and consumes the change feed's batches; its schedule is declared in the one module.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2';
import { SCHEDULE_IDS, WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import { seedContacts } from '../../bench/dashboard-seed';
import { pendingChangeBatches } from '../../activities/change-feed';
import { scheduleDeclarations } from '../../starters/schedules';
import type { postMigrationWorkflow } from '../../workflows/post-migration';
import type { dedupeWorkflow } from '../../workflows/dedupe';
import type { complianceScrubWorkflow } from '../../workflows/compliance-scrub';
import type { dashboardRefreshWorkflow } from '../../workflows/dashboard-refresh';
import { activityDeps, baseConfig, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';
import { within } from '../support/wait';
import { readTagBreakdown } from '../../dashboard/read/compliance-read';

describe('dashboard refresh workflow', { timeout: 400_000 }, () => {
  let db: TestDatabase;
  let deps: ReturnType<typeof activityDeps>;
  let worker: { stop(): Promise<void> };
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  const taskQueue = uniqueName('dash-refresh');

  before(async () => {
    db = await createTestDatabase('dash_refresh');
    deps = activityDeps(db);
    worker = await startWorker(deps, taskQueue);
    temporal = await temporalClient();
  });
  after(async () => {
    await temporal?.close();
    await worker?.stop();
    await deps?.close();
    await db?.drop();
  });

  test('the post-migration workflow ends with the refresh, which swaps in the summaries and consumes the feed', async () => {
    await seedContacts(db.pool, { rows: 2000, migrationName: 'wf-seed' });
    assert.equal(await pendingChangeBatches(db.pool, 'refresh'), 1);
    const name = uniqueName('wf');
    const postId = WORKFLOW_IDS.postMigration(name);
    const result = await within('post-migration workflow', 120_000, temporal.client.workflow.execute<typeof postMigrationWorkflow>('postMigrationWorkflow', {
      taskQueue, workflowId: postId, args: [{ migrationName: name, actor: 'test' }],
    }));
    const step = result.steps.at(-1)!;
    assert.equal(step.name, 'refresh');
    assert.equal(step.workflowId, `${postId}/refresh`);
    const [rows] = await db.pool.query<RowDataPacket[]>("SELECT d.value, r.workflow_id, r.reason FROM dash_overview d, dash_refreshes r WHERE d.metric = 'contacts'");
    assert.deepEqual(rows.map((r) => [Number(r.value), r.workflow_id, r.reason]), [[2000, `${postId}/refresh`, 'post-migration']]);
    assert.equal(await pendingChangeBatches(db.pool, 'refresh'), 0);
  });

  test('a standalone dedupe pass and a standalone scrub each start a refresh that lands after them', async () => {
    const reasons = async () => (await db.pool.query<RowDataPacket[]>('SELECT workflow_id, reason FROM dash_refreshes ORDER BY id'))[0].map((r) => `${r.reason} ${r.workflow_id}`);
    const quiet = await within('dedupe pass without refresh', 120_000, temporal.client.workflow.execute<typeof dedupeWorkflow>(WORKFLOW_TYPES.dedupe, {
      taskQueue, workflowId: WORKFLOW_IDS.dedupe(uniqueName('quiet')), args: [{ kind: 'full', actor: 'test' }],
    }));
    assert.equal(quiet.dashboardRefreshId, undefined, 'a pass started without refreshDashboard (post-migration\'s) starts none');
    const before = await reasons();
    const dedupeId = WORKFLOW_IDS.dedupe(uniqueName('standalone'));
    const pass = await within('standalone dedupe pass', 120_000, temporal.client.workflow.execute<typeof dedupeWorkflow>(WORKFLOW_TYPES.dedupe, {
      taskQueue, workflowId: dedupeId, args: [{ kind: 'incremental', actor: 'test', refreshDashboard: true }],
    }));
    assert.equal(pass.dashboardRefreshId, WORKFLOW_IDS.dashboardRefreshAfterPass(taskQueue));
    await within('refresh after the dedupe pass', 120_000, temporal.client.workflow.getHandle<typeof dashboardRefreshWorkflow>(pass.dashboardRefreshId).result());
    const scrubId = WORKFLOW_IDS.complianceScrub('incremental', uniqueName('standalone'));
    const scrub = await within('standalone scrub', 120_000, temporal.client.workflow.execute<typeof complianceScrubWorkflow>(WORKFLOW_TYPES.complianceScrub, {
      taskQueue, workflowId: scrubId, args: [{ mode: 'incremental', actor: 'test', refreshDashboard: true }],
    }));
    assert.equal(scrub.dashboardRefreshId, WORKFLOW_IDS.dashboardRefreshAfterPass(taskQueue));
    // The overview's tag breakdown is the one this scrub stored.
    const tags = await readTagBreakdown(db.pool);
    assert.equal(tags.scrub?.id, scrub.scrubId);
    assert.deepEqual(Object.fromEntries(tags.byStatus.map((x) => [x.status, x.contacts])), scrub.byStatus);
    assert.ok(tags.byStatus.length > 0);
    await within('refresh after the scrub', 120_000, temporal.client.workflow.getHandle<typeof dashboardRefreshWorkflow>(scrub.dashboardRefreshId).result());
    assert.deepEqual((await reasons()).slice(before.length), [`dedupe ${WORKFLOW_IDS.dashboardRefreshAfterPass(taskQueue)}`, `scrub ${WORKFLOW_IDS.dashboardRefreshAfterPass(taskQueue)}`]);
  });

  test('its schedule is declared in the one schedules module', () => {
    const d = scheduleDeclarations(baseConfig).find((s) => s.id === SCHEDULE_IDS.dashboardRefresh);
    assert.ok(d, 'declared');
    assert.equal(d.workflowType, WORKFLOW_TYPES.dashboardRefresh);
    assert.deepEqual(d.args, [{ reason: 'schedule' }]);
  });
});
