// How the dashboard writes: it starts a workflow (the same types and ids the CLI starts) with the signed-in person
// as actor, and waits a bounded time for its result. The same request again (same business-key id) finds the first
// run instead of starting a second one. The dashboard never writes to the database itself.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';

export type StartedWrite<R> =
  | { workflowId: string; status: 'completed'; result: R }
  | { workflowId: string; status: 'running' };

/** What the write routes use of Temporal: start (or find) a workflow by id and wait for it a bounded time. */
export interface WorkflowStarter {
  run<R>(workflowType: string, workflowId: string, input: unknown): Promise<StartedWrite<R>>;
}

/** A workflow that failed: its message is shown to the person who asked (it names what was wrong). */
export class WriteFailedError extends Error {
  override readonly name = 'WriteFailedError';
  readonly statusCode = 409;
  constructor(readonly workflowId: string, message: string) {
    super(message);
  }
}

export function createWorkflowStarter(client: Pick<Client, 'workflow'>, taskQueue: string, waitMs: number): WorkflowStarter {
  return {
    async run<R>(workflowType: string, workflowId: string, input: unknown): Promise<StartedWrite<R>> {
      let handle;
      try {
        handle = await client.workflow.start(workflowType, { taskQueue, workflowId, args: [input] });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        handle = client.workflow.getHandle(workflowId);
      }
      let timer: NodeJS.Timeout | undefined;
      const pending = new Promise<'running'>((resolve) => {
        timer = setTimeout(() => resolve('running'), waitMs);
      });
      try {
        const outcome = await Promise.race([handle.result().then((result: unknown) => ({ result })), pending]);
        if (outcome === 'running') return { workflowId, status: 'running' };
        return { workflowId, status: 'completed', result: outcome.result as R };
      } catch (err) {
        const cause = (err as { cause?: { message?: string } }).cause?.message;
        throw new WriteFailedError(workflowId, cause ?? (err as Error).message);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
