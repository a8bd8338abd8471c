// The monitor's checks, run by the monitor worker on a schedule: workflows that failed for good (a scan of Temporal's
// visibility since the last scan), project schedules that missed a run, and task queues no worker polls. Each
// failure becomes one alert through the sink; the sink's record makes a re-scan of the same failure a no-op.
import type { Client } from '@temporalio/client';
import type { RowDataPacket } from 'mysql2';
import { failureCause, formatFailureCause } from '../../starters/failure-cause';
import { describeWorkers } from '../../starters/worker-check';
import type { DbPool } from '../deps';
import type { ProjectMetrics } from '../../metrics/project-metrics';
import { temporalUiLink, type Alert, type AlertSink } from './alert-sink';

export interface MonitorDeps {
  pool: DbPool;
  temporal?: Client;
  alerts?: AlertSink;
  metrics?: ProjectMetrics;
  temporalUiUrl?: string;
}

export interface ScanFailuresInput {
  /** Re-read this much before the last scan's start, so a close recorded late is not missed (the sink de-duplicates). */
  overlapSec?: number;
  /** How far back the very first scan looks. */
  firstLookbackSec?: number;
}
export interface WatchQueuesInput {
  taskQueues: string[];
  noPollerSec: number;
}
export interface CheckSchedulesInput {
  prefix: string;
}
export interface ResendPendingInput {
  /** Only alerts at least this old: a send in progress is not one that failed. */
  olderThanSec?: number;
  limit?: number;
}
export interface MonitorCheckResult {
  checked: number;
  alerts: Array<{ kind: string; key: string; duplicate: boolean }>;
}

/** A monitor activity on a worker that was not given a Temporal client and an alert sink (only the monitor is). */
export class MonitorNotConfiguredError extends Error {
  override name = 'MonitorNotConfiguredError';
}

async function readState(pool: DbPool, name: string): Promise<{ value: string | null; since: Date | null } | null> {
  const [rows] = await pool.execute<RowDataPacket[]>('SELECT value, since FROM monitor_state WHERE name = ?', [name]);
  const r = rows[0];
  return r ? { value: r.value === null ? null : String(r.value), since: r.since === null ? null : new Date(`${String(r.since).replace(' ', 'T')}Z`) } : null;
}

async function writeState(pool: DbPool, name: string, value: string | null, since: Date | null): Promise<void> {
  await pool.execute('INSERT INTO monitor_state (name, value, since) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value), since = VALUES(since)', [name, value, since]);
}

const sqlTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

export function createMonitorActivities(deps: MonitorDeps) {
  const need = () => {
    if (!deps.temporal || !deps.alerts) throw new MonitorNotConfiguredError('monitor activities run on the monitor worker (npm run monitor), which has a Temporal client and the alert sink');
    return { client: deps.temporal, sink: deps.alerts, ui: deps.temporalUiUrl ?? 'http://127.0.0.1:8233' };
  };
  const send = async (sink: AlertSink, alert: Alert, out: MonitorCheckResult) => {
    const r = await sink.send(alert);
    out.alerts.push({ kind: alert.kind, key: alert.key, duplicate: r.duplicate });
  };

  return {
    /**
     * Workflows that ended Failed or TimedOut since the last scan. Children are skipped: their parent fails with
     * them and its alert names the child's source, batch, activity and reason (one failure, one alert).
     */
    async scanFailedWorkflows(input: ScanFailuresInput): Promise<MonitorCheckResult> {
      const { client, sink, ui } = need();
      const started = new Date();
      const last = await readState(deps.pool, 'failure-scan');
      const from = new Date((last?.since?.getTime() ?? started.getTime() - (input.firstLookbackSec ?? 86_400) * 1000) - (input.overlapSec ?? 300) * 1000);
      const out: MonitorCheckResult = { checked: 0, alerts: [] };
      const query = `(ExecutionStatus = 'Failed' OR ExecutionStatus = 'TimedOut') AND CloseTime >= '${from.toISOString()}'`;
      for await (const wf of client.workflow.list({ query })) {
        out.checked += 1;
        if (wf.parentExecution) continue;
        const err = await client.workflow.getHandle(wf.workflowId, wf.runId).result().then(() => null, (e: unknown) => e as Error);
        const cause = err ? failureCause(err.cause ?? err) : null;
        const timedOut = wf.status.name === 'TIMED_OUT';
        await send(sink, {
          kind: timedOut ? 'workflow-timed-out' : 'workflow-failed',
          key: `workflow-failed:${wf.workflowId}:${wf.runId}`,
          severity: 'critical',
          summary: `${wf.type} ${wf.workflowId} ${timedOut ? 'timed out' : 'failed'}${cause ? `: ${formatFailureCause(cause).replace(/\s*\n\s*/g, ' / ')}` : ''}`,
          workflowId: wf.workflowId,
          runId: wf.runId,
          uiUrl: temporalUiLink(ui, client.options.namespace, wf.workflowId, wf.runId),
          details: { workflowType: wf.type, taskQueue: wf.taskQueue, closeTime: wf.closeTime?.toISOString() ?? null, ...(cause ?? {}) },
        }, out);
      }
      await writeState(deps.pool, 'failure-scan', null, started);
      return out;
    },

    /**
     * Alerts a channel refused earlier (a webhook down while an ingest flagged an anomaly): sent again, only to the
     * channels that had not accepted them, so every alert is delivered at least once and recorded once.
     */
    async resendPendingAlerts(input: ResendPendingInput): Promise<MonitorCheckResult> {
      const { sink } = need();
      const [rows] = await deps.pool.query<RowDataPacket[]>(
        `SELECT alert_key, kind, severity, summary, workflow_id, run_id, ui_url, details FROM alerts
          WHERE sent_at IS NULL AND created_at < CURRENT_TIMESTAMP(3) - INTERVAL ? SECOND ORDER BY id LIMIT ?`,
        [input.olderThanSec ?? 60, input.limit ?? 100],
      );
      const out: MonitorCheckResult = { checked: rows.length, alerts: [] };
      for (const r of rows) {
        const details = typeof r.details === 'string' ? JSON.parse(r.details) as Record<string, unknown> : (r.details as Record<string, unknown> | null);
        await send(sink, {
          kind: String(r.kind), key: String(r.alert_key), severity: r.severity === 'warning' ? 'warning' : 'critical', summary: String(r.summary),
          workflowId: r.workflow_id === null ? undefined : String(r.workflow_id), runId: r.run_id === null ? undefined : String(r.run_id),
          uiUrl: r.ui_url === null ? undefined : String(r.ui_url), details: details ?? undefined,
        }, out);
      }
      return out;
    },

    /** Task queues with no polling worker: one alert per outage once it has lasted `noPollerSec`. */
    async watchTaskQueues(input: WatchQueuesInput): Promise<MonitorCheckResult> {
      const { client, sink, ui } = need();
      const out: MonitorCheckResult = { checked: 0, alerts: [] };
      for (const queue of input.taskQueues) {
        out.checked += 1;
        const presence = await describeWorkers(client, queue);
        const name = `no-poller:${queue}`.slice(0, 128);
        if (presence.ok) {
          await writeState(deps.pool, name, null, null);
          continue;
        }
        const now = new Date();
        const since = (await readState(deps.pool, name))?.since ?? now;
        await writeState(deps.pool, name, null, since);
        const seconds = Math.round((now.getTime() - since.getTime()) / 1000);
        if (seconds < input.noPollerSec) continue;
        await send(sink, {
          kind: 'no-worker-polling',
          key: `no-worker:${queue}:${sqlTime(since)}`,
          severity: 'critical',
          summary: `no worker has polled task queue ${queue} for ${seconds} s (workflow pollers ${presence.workflowPollers.length}, activity pollers ${presence.activityPollers.length}): nothing on it progresses`,
          workflowId: `task-queue:${queue}`,
          uiUrl: `${ui.replace(/\/$/, '')}/namespaces/${encodeURIComponent(client.options.namespace)}/task-queues/${encodeURIComponent(queue)}`,
          details: { taskQueue: queue, since: since.toISOString(), seconds },
        }, out);
      }
      deps.metrics?.recordWatchdogRun(Date.now());
      return out;
    },

    /**
     * Project schedules that missed a run: Temporal counts actions it could not take within the catch-up window
     * (server or scheduler down) and actions skipped because the previous run still ran (overlap policy skip).
     */
    async checkSchedules(input: CheckSchedulesInput): Promise<MonitorCheckResult> {
      const { client, sink, ui } = need();
      const out: MonitorCheckResult = { checked: 0, alerts: [] };
      for await (const s of client.schedule.list()) {
        if (!s.scheduleId.startsWith(input.prefix)) continue;
        out.checked += 1;
        const desc = await client.schedule.getHandle(s.scheduleId).describe();
        const missed = desc.info.numActionsMissedCatchupWindow;
        const skipped = desc.info.numActionsSkippedOverlap;
        if (missed + skipped === 0) continue;
        const recent = desc.info.recentActions.at(-1);
        const workflowId = recent?.action.type === 'startWorkflow' ? recent.action.workflow.workflowId : (desc.action.type === 'startWorkflow' ? desc.action.workflowId : s.scheduleId);
        await send(sink, {
          kind: 'schedule-missed-run',
          key: `schedule-missed:${s.scheduleId}:${missed}:${skipped}`,
          severity: 'warning',
          summary: `schedule ${s.scheduleId} missed runs: ${missed} outside the catch-up window, ${skipped} skipped because the previous run was still running`,
          workflowId,
          uiUrl: `${ui.replace(/\/$/, '')}/namespaces/${encodeURIComponent(client.options.namespace)}/schedules/${encodeURIComponent(s.scheduleId)}`,
          details: { scheduleId: s.scheduleId, missedCatchupWindow: missed, skippedOverlap: skipped, runningWorkflows: desc.info.runningActions.map((a) => a.workflow.workflowId) },
        }, out);
      }
      return out;
    },
  };
}
