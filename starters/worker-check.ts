// Is any worker polling the task queue? The one check that every command waiting on a workflow makes (migrate,
// status, cancel) and the health command will reuse: Temporal's DescribeTaskQueue pollers, workflow and activity.
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config/env';

/** DescribeTaskQueue's TaskQueueType values (temporal.api.enums.v1.TaskQueueType). */
const WORKFLOW_TASK_QUEUE = 1;
const ACTIVITY_TASK_QUEUE = 2;

/**
 * Temporal lists a poller for minutes after its last poll, and a live worker's long poll lasts up to about a minute
 * before it polls again: a poller last seen longer ago than this is taken for gone.
 */
export const POLLER_SEEN_WITHIN_MS = 90_000;

export interface WorkerPresence {
  taskQueue: string;
  /** Identities polling workflow tasks and activity tasks (recently seen). */
  workflowPollers: string[];
  activityPollers: string[];
  /** A worker runs the migration only if it polls both. */
  ok: boolean;
}

export async function describeWorkers(client: Client, taskQueue: string, nowMs = Date.now()): Promise<WorkerPresence> {
  const pollers = async (taskQueueType: number) => {
    const res = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: taskQueueType as never,
    });
    return (res.pollers ?? [])
      .filter((p) => {
        const seconds = Number(p.lastAccessTime?.seconds ?? 0);
        return seconds === 0 || nowMs - seconds * 1000 <= POLLER_SEEN_WITHIN_MS;
      })
      .map((p) => p.identity ?? '?');
  };
  const [workflowPollers, activityPollers] = await Promise.all([pollers(WORKFLOW_TASK_QUEUE), pollers(ACTIVITY_TASK_QUEUE)]);
  return { taskQueue, workflowPollers, activityPollers, ok: workflowPollers.length > 0 && activityPollers.length > 0 };
}

/** Checks until a worker polls or `withinMs` has passed (a worker that is just starting gets a few seconds). */
export async function waitForWorker(client: Client, taskQueue: string, withinMs = 5000, intervalMs = 500): Promise<WorkerPresence> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const presence = await describeWorkers(client, taskQueue);
    if (presence.ok || Date.now() >= deadline) return presence;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** What to tell the user when no worker polls: which queue, where, and how to start one. */
export function noWorkerMessage(config: Pick<AppConfig, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'>, presence: WorkerPresence): string {
  const missing = presence.workflowPollers.length === 0 && presence.activityPollers.length === 0 ? 'no worker is polling'
    : presence.workflowPollers.length === 0 ? 'no worker is polling workflow tasks of' : 'no worker is polling activity tasks of';
  return [
    `${missing} task queue ${presence.taskQueue} (namespace ${config.TEMPORAL_NAMESPACE} at ${config.TEMPORAL_ADDRESS}): nothing will progress until one does.`,
    `Start one with \`npm run worker\` (or in the background: \`bash starters/worker-daemon.sh start\`), with TEMPORAL_TASK_QUEUE=${presence.taskQueue}.`,
  ].join('\n');
}

/**
 * Watches the task queue while a command waits: after `firstCheckMs`, and then every `everyMs`, prints to stderr when
 * no worker polls, and again once one does. Returns a function that stops watching.
 */
export function watchWorkers(client: Client, config: Pick<AppConfig, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE'>, opts: { firstCheckMs?: number; everyMs?: number } = {}): () => void {
  let stopped = false;
  let warned = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    try {
      const presence = await waitForWorker(client, config.TEMPORAL_TASK_QUEUE, opts.firstCheckMs ?? 5000);
      if (stopped) return;
      if (!presence.ok && !warned) console.error(noWorkerMessage(config, presence));
      if (presence.ok && warned) console.error(`a worker now polls task queue ${presence.taskQueue} (${presence.workflowPollers[0]})`);
      warned = !presence.ok;
    } catch (err) {
      if (!stopped) console.error(`could not check the workers of task queue ${config.TEMPORAL_TASK_QUEUE}: ${(err as Error).message}`);
    }
    if (!stopped) timer = setTimeout(() => void check(), opts.everyMs ?? 15_000);
  };
  void check();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
