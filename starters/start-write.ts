// Starts one of the people's-write workflows (attempt, opt-out, re-opt-in) with its business-key id and waits for
// its result, warning when no worker polls the task queue; a re-run with the same key returns the first run's result.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { AppConfig } from '../config/env';
import { createTemporalClient } from '../workers/clients';
import { noWorkerMessage, waitForWorker } from './worker-check';

/** How long a command waits for its write to be applied before saying where to look. */
const WRITE_WAIT_MS = 120_000;

export async function startWrite<R>(config: AppConfig, workflowType: string, workflowId: string, input: unknown, say: (line: string) => void, waitMs = WRITE_WAIT_MS): Promise<R> {
  const { client, connection } = await createTemporalClient(config);
  try {
    const presence = await waitForWorker(client, config.TEMPORAL_TASK_QUEUE);
    if (!presence.ok) say(noWorkerMessage(config, presence));
    const handle = await start(client, config, workflowType, workflowId, input);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`workflow ${workflowId} has not finished after ${waitMs / 1000} s; it goes on: see ${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${workflowId}`)), WRITE_WAIT_MS);
    });
    try {
      return (await Promise.race([handle.result(), timeout])) as R;
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await connection.close();
  }
}

async function start(client: Client, config: AppConfig, workflowType: string, workflowId: string, input: unknown) {
  try {
    return await client.workflow.start(workflowType, { taskQueue: config.TEMPORAL_TASK_QUEUE, workflowId, args: [input] });
  } catch (err) {
    // The same request again: its workflow ran (or runs); its result is the answer.
    if (err instanceof WorkflowExecutionAlreadyStartedError) return client.workflow.getHandle(workflowId);
    throw err;
  }
}
