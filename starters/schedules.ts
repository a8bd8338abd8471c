// The one list of the project's Temporal Schedules (daily scrub, daily snapshot, dashboard refresh, worker watchdog)
// and the idempotent apply that creates or updates them: `npm run cli -- schedules apply`. Each engine adds its entry
// to scheduleDeclarations; every schedule skips a run while the previous one still runs.
import { type Client, type ScheduleSpec, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import type { AppConfig } from '../config/env';
import type { ComplianceScrubInput } from '../workflows/compliance-scrub';
import { SCHEDULE_ID_PREFIX, SCHEDULE_IDS, WORKFLOW_IDS, WORKFLOW_TYPES, monitorTaskQueue } from '../config/constants';
import type { MonitorInput } from '../workflows/monitor';
import type { RegistryPruneInput } from '../workflows/registry-prune';

export interface ScheduleDeclaration {
  /** Starts with SCHEDULE_ID_PREFIX (config/constants.ts). */
  id: string;
  /** One line for `schedules list`. */
  summary: string;
  /** When: calendars in UTC (`{ hour: 2, minute: 30 }`) or intervals (`{ every: '15 minutes' }`). */
  spec: ScheduleSpec;
  /** WORKFLOW_TYPES name of the workflow it starts. */
  workflowType: string;
  /** Business-key workflow id; Temporal appends the scheduled time, so runs never collide. */
  workflowId: string;
  args: unknown[];
  /** The task queue its workflows run on, when not the workers' (the monitor runs on its own). */
  taskQueue?: string;
}

/** The project's schedules. Engines add theirs here (and nowhere else). */
export function scheduleDeclarations(config: Pick<AppConfig, 'TEMPORAL_TASK_QUEUE' | 'WATCHDOG_NO_POLLER_SEC' | 'REGISTRY_RETENTION_DAYS'>): ScheduleDeclaration[] {
  const monitor: MonitorInput = {
    watch: { taskQueues: [config.TEMPORAL_TASK_QUEUE], noPollerSec: config.WATCHDOG_NO_POLLER_SEC },
    schedules: { prefix: SCHEDULE_ID_PREFIX },
  };
  const scrub = (mode: 'full' | 'incremental'): ComplianceScrubInput => ({ mode, actor: 'schedule', refreshDashboard: true });
  return [
    {
      id: SCHEDULE_IDS.scrubDaily,
      summary: 'compliance: incremental scrub (contacts changed since the last scrub, the newest change lists, new opt-outs) daily at 03:00 UTC',
      spec: { calendars: [{ hour: 3, minute: 0 }] },
      workflowType: WORKFLOW_TYPES.complianceScrub,
      workflowId: WORKFLOW_IDS.complianceScrub('incremental', 'daily'),
      args: [scrub('incremental')],
    },
    {
      id: SCHEDULE_IDS.scrubWeeklyFull,
      summary: 'compliance: full scrub of every contact, Sundays at 04:00 UTC',
      spec: { calendars: [{ dayOfWeek: 'SUNDAY', hour: 4, minute: 0 }] },
      workflowType: WORKFLOW_TYPES.complianceScrub,
      workflowId: WORKFLOW_IDS.complianceScrub('full', 'weekly'),
      args: [scrub('full')],
    },
    {
      id: SCHEDULE_IDS.registryPrune,
      summary: `compliance: prune registry copies superseded more than ${config.REGISTRY_RETENTION_DAYS} days ago, Saturdays at 05:00 UTC`,
      spec: { calendars: [{ dayOfWeek: 'SATURDAY', hour: 5, minute: 0 }] },
      workflowType: WORKFLOW_TYPES.registryPrune,
      workflowId: WORKFLOW_IDS.registryPrune('weekly'),
      args: [{ retentionDays: config.REGISTRY_RETENTION_DAYS } satisfies RegistryPruneInput],
    },
    {
      id: SCHEDULE_IDS.monitor,
      summary: 'worker watchdog and failure alerts: failed workflows, missed schedule runs, task queues without a worker (every minute)',
      spec: { intervals: [{ every: '1 minute' }] },
      workflowType: WORKFLOW_TYPES.monitor,
      workflowId: 'monitor',
      args: [monitor],
      taskQueue: monitorTaskQueue(config.TEMPORAL_TASK_QUEUE),
    },
    {
      id: SCHEDULE_IDS.dailySnapshot,
      summary: 'daily snapshot of the store, validated by a restore, then 7-day retention (RECOVERY.md)',
      spec: { calendars: [{ hour: 2, minute: 30 }] },
      workflowType: WORKFLOW_TYPES.snapshot,
      workflowId: WORKFLOW_IDS.snapshotDaily,
      args: [{}],
    },
    {
      id: SCHEDULE_IDS.dashboardRefresh,
      summary: 'dashboard summary tables rebuilt and swapped in (also after each migration, dedupe pass and scrub)',
      spec: { intervals: [{ every: '1 hour' }] },
      workflowType: WORKFLOW_TYPES.dashboardRefresh,
      workflowId: WORKFLOW_IDS.dashboardRefresh(),
      args: [{ reason: 'schedule' }],
    },
  ];
}

export interface AppliedSchedule {
  id: string;
  action: 'created' | 'updated' | 'deleted';
}

/** How far back a schedule catches up after the server or the workers were down: a missed daily run still happens. */
const CATCHUP_WINDOW = '12 hours';

/**
 * Creates each declared schedule or updates it to the declaration (idempotent), and deletes the project's schedules
 * that are no longer declared (those whose id starts with `prefix`). Overlap policy SKIP: a run never starts while the previous one of its schedule runs.
 */
export async function applySchedules(
  client: Client, taskQueue: string, declarations: ScheduleDeclaration[], prefix: string = SCHEDULE_ID_PREFIX,
): Promise<AppliedSchedule[]> {
  for (const d of declarations) {
    if (!d.id.startsWith(prefix)) throw new Error(`schedule id ${d.id} must start with ${prefix}`);
  }
  const applied: AppliedSchedule[] = [];
  for (const d of declarations) {
    const action = { type: 'startWorkflow' as const, workflowType: d.workflowType, workflowId: d.workflowId, taskQueue: d.taskQueue ?? taskQueue, args: d.args };
    const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: CATCHUP_WINDOW };
    const handle = client.schedule.getHandle(d.id);
    const exists = await handle.describe().then(() => true, (err: unknown) => {
      if (err instanceof ScheduleNotFoundError) return false;
      throw err;
    });
    if (exists) {
      await handle.update((prev) => ({ ...prev, spec: d.spec, action, policies: { ...prev.policies, ...policies } }));
      applied.push({ id: d.id, action: 'updated' });
    } else {
      await client.schedule.create({ scheduleId: d.id, spec: d.spec, action, policies, memo: { summary: d.summary } });
      applied.push({ id: d.id, action: 'created' });
    }
  }
  const declared = new Set(declarations.map((d) => d.id));
  for await (const s of client.schedule.list()) {
    if (s.scheduleId.startsWith(prefix) && !declared.has(s.scheduleId)) {
      await client.schedule.getHandle(s.scheduleId).delete();
      applied.push({ id: s.scheduleId, action: 'deleted' });
    }
  }
  return applied;
}

export interface ScheduleState {
  id: string;
  declared: boolean;
  present: boolean;
  paused: boolean;
  nextRuns: string[];
  recentRuns: Array<{ scheduledAt: string; workflowId: string }>;
}

/** Every declared schedule and every project schedule on the server, with its next and recent runs. */
export async function describeSchedules(
  client: Client, declarations: ScheduleDeclaration[], prefix: string = SCHEDULE_ID_PREFIX,
): Promise<ScheduleState[]> {
  const ids = new Set(declarations.map((d) => d.id));
  for await (const s of client.schedule.list()) if (s.scheduleId.startsWith(prefix)) ids.add(s.scheduleId);
  const states: ScheduleState[] = [];
  for (const id of [...ids].sort()) {
    const declared = declarations.some((d) => d.id === id);
    const desc = await client.schedule.getHandle(id).describe().catch((err: unknown) => {
      if (err instanceof ScheduleNotFoundError) return null;
      throw err;
    });
    states.push({
      id,
      declared,
      present: desc !== null,
      paused: desc?.state.paused ?? false,
      nextRuns: (desc?.info.nextActionTimes ?? []).slice(0, 3).map((t) => t.toISOString()),
      recentRuns: (desc?.info.recentActions ?? []).slice(-3).map((a) => ({
        scheduledAt: a.scheduledAt.toISOString(),
        workflowId: a.action.type === 'startWorkflow' ? a.action.workflow.workflowId : '',
      })),
    });
  }
  return states;
}
