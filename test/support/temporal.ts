// Runs real workers against the local Temporal dev server: the workflow bundle is built once per test file.
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { buildWorker, WORKFLOWS_PATH } from '../../workers/build-worker';
import { temporalConnectionOptions } from '../../workers/temporal-tls';
import type { ActivityDeps } from '../../activities/deps';
import { baseConfig } from './services';
import type { AppConfig } from '../../config/env';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { MigrationInput, migrationWorkflow } from '../../workflows/migration';

let bundle: Promise<WorkflowBundleWithSourceMap> | null = null;

// Quiet workers in tests; must run before anything instantiates the runtime.
Runtime.install({ logger: new DefaultLogger('WARN') });

export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  return bundle;
}

/** Seconds a test worker drains on stop before it cancels what still runs (activities then abort their I/O). */
const TEST_SHUTDOWN_GRACE_SEC = 3;

/**
 * A client for tests. close() terminates every workflow this client started, or that `track` named (one a CLI
 * or another process started), that is still running, children included, naming each on stderr: a test that stops
 * early or fails leaves nothing running on the server.
 */
export async function temporalClient(): Promise<{ client: Client; track(workflowId: string): void; close(): Promise<void> }> {
  const connection = await Connection.connect(temporalConnectionOptions(baseConfig));
  const started = new Set<string>();
  const client = new Client({
    connection,
    namespace: baseConfig.TEMPORAL_NAMESPACE,
    interceptors: {
      workflow: [{
        async startWithDetails(input, next) {
          started.add(input.options.workflowId);
          return next(input);
        },
      }],
    },
  });
  return {
    client,
    track: (workflowId) => started.add(workflowId),
    async close() {
      try {
        await terminateLeftovers(client, started);
      } finally {
        await connection.close();
      }
    },
  };
}

async function terminateLeftovers(client: Client, workflowIds: Set<string>): Promise<void> {
  for (const id of workflowIds) {
    // The workflow itself and its children (`<id>/source-<i>`).
    const query = `ExecutionStatus = 'Running' AND (WorkflowId = '${id}' OR WorkflowId STARTS_WITH '${id}/')`;
    for await (const wf of client.workflow.list({ query })) {
      console.error(`test cleanup: terminating workflow ${wf.workflowId} left running`);
      await client.workflow.getHandle(wf.workflowId, wf.runId).terminate('test finished').catch(() => {});
    }
  }
}

/**
 * Starts a worker on `taskQueue` with the given deps; stop() waits for its shutdown, which is bounded: a short
 * grace, then in-flight activities are cancelled, and the SDK's force time ends the wait in any case.
 */
export async function startWorker(deps: ActivityDeps, taskQueue: string, config: AppConfig = baseConfig): Promise<{ stop(): Promise<void> }> {
  const wfBundle = await workflowBundle();
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const { worker } = await buildWorker({ config: { ...config, WORKER_SHUTDOWN_GRACE_SEC: TEST_SHUTDOWN_GRACE_SEC }, deps, taskQueue, connection, workflowBundle: wfBundle });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      try {
        await running;
      } finally {
        await connection.close();
        await terminateRefreshAfterPass(config, taskQueue);
      }
    },
  };
}

/** The refresh a pass on this queue started and left running (abandoned child): nothing would ever run it now. */
async function terminateRefreshAfterPass(config: AppConfig, taskQueue: string): Promise<void> {
  const connection = await Connection.connect(temporalConnectionOptions(config));
  try {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    const id = WORKFLOW_IDS.dashboardRefreshAfterPass(taskQueue);
    for await (const wf of client.workflow.list({ query: `ExecutionStatus = 'Running' AND WorkflowId = '${id}'` })) {
      await client.workflow.getHandle(wf.workflowId, wf.runId).terminate('test worker stopped').catch(() => {});
    }
  } finally {
    await connection.close();
  }
}

/** Starts a migration with its type and its business-key workflow id (`migration-<name>`); returns the typed handle. */
export function startMigration(client: Client, taskQueue: string, input: MigrationInput) {
  return client.workflow.start<typeof migrationWorkflow>(WORKFLOW_TYPES.migration, { taskQueue, workflowId: WORKFLOW_IDS.migration(input.name), args: [input] });
}
