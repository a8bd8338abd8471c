// Runs real workers against the local Temporal dev server: the workflow bundle is built once per test file.
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { buildWorker, WORKFLOWS_PATH } from '../../workers/build-worker';
import type { ActivityDeps } from '../../activities/deps';
import { baseConfig } from './services';
import type { AppConfig } from '../../config/env';

let bundle: Promise<WorkflowBundleWithSourceMap> | null = null;

// Quiet workers in tests; must run before anything instantiates the runtime.
Runtime.install({ logger: new DefaultLogger('WARN') });

export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  return bundle;
}

export async function temporalClient(): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: baseConfig.TEMPORAL_ADDRESS });
  return { client: new Client({ connection, namespace: baseConfig.TEMPORAL_NAMESPACE }), close: () => connection.close() };
}

/** Starts a worker on `taskQueue` with the given deps; returns a stop function that waits for shutdown. */
export async function startWorker(deps: ActivityDeps, taskQueue: string, config: AppConfig = baseConfig): Promise<{ stop(): Promise<void> }> {
  const wfBundle = await workflowBundle();
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const { worker } = await buildWorker({ config, deps, taskQueue, connection, workflowBundle: wfBundle });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
