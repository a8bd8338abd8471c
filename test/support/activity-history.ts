// Reads activity attempts out of a workflow's event history: which attempt ran last, when it started, how it ended,
// and the heartbeat timeout it was scheduled with; the recovery and failure-classification tests assert on these.
import type { Client } from '@temporalio/client';

export interface ActivityRecord {
  activityId: string;
  activityType: string;
  scheduledEventId: number;
  heartbeatTimeoutMs: number | null;
  /** The attempt the history's started event records: the last one (earlier attempts leave no event). */
  attempt: number | null;
  /** When that attempt started (the started event's time). */
  startedAtMs: number | null;
  outcome: 'completed' | 'failed' | 'timedOut' | 'canceled' | null;
  failureType: string | null;
}

type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;
const ms = (t: Timestamp) => (t ? Number(t.seconds ?? 0) * 1000 + Math.round((t.nanos ?? 0) / 1e6) : null);

export async function activityRecords(client: Client, workflowId: string, runId?: string): Promise<ActivityRecord[]> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const byScheduled = new Map<number, ActivityRecord>();
  for (const e of history.events ?? []) {
    const s = e.activityTaskScheduledEventAttributes;
    if (s) {
      byScheduled.set(Number(e.eventId), {
        activityId: s.activityId ?? '', activityType: s.activityType?.name ?? '', scheduledEventId: Number(e.eventId),
        heartbeatTimeoutMs: s.heartbeatTimeout ? ms(s.heartbeatTimeout) : null, attempt: null, startedAtMs: null, outcome: null, failureType: null,
      });
    }
    const started = e.activityTaskStartedEventAttributes;
    if (started) {
      const r = byScheduled.get(Number(started.scheduledEventId));
      if (r) {
        r.attempt = started.attempt ?? null;
        r.startedAtMs = ms(e.eventTime);
      }
    }
    const done = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes ?? e.activityTaskCanceledEventAttributes;
    if (done) {
      const r = byScheduled.get(Number(done.scheduledEventId));
      if (!r) continue;
      r.outcome = e.activityTaskCompletedEventAttributes ? 'completed' : e.activityTaskFailedEventAttributes ? 'failed' : e.activityTaskTimedOutEventAttributes ? 'timedOut' : 'canceled';
      r.failureType = e.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.type ?? null;
    }
  }
  return [...byScheduled.values()];
}
