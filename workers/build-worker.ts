// Creates a Temporal worker hosting every workflow and activity, with the clients it was given.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { AppConfig } from '../config/env';
import { createActivities } from '../activities/registry';
import type { ActivityDeps } from '../activities/deps';
import { temporalConnectionOptions } from './temporal-tls';

/** How long past the grace period a shutdown may still take before the worker gives up on its activities. */
export const SHUTDOWN_FORCE_AFTER_GRACE_SEC = 15;

export const WORKFLOWS_PATH = require.resolve('../workflows/index');

export interface BuildWorkerOptions {
  config: AppConfig;
  deps: ActivityDeps;
  taskQueue?: string;
  connection?: NativeConnection;
  /** Reuse a pre-built bundle (tests) instead of bundling workflows/ again. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  identity?: string;
}

export async function buildWorker(opts: BuildWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection; ownsConnection: boolean }> {
  const ownsConnection = !opts.connection;
  const connection = opts.connection ?? (await NativeConnection.connect(temporalConnectionOptions(opts.config)));
  const worker = await Worker.create({
    connection,
    namespace: opts.config.TEMPORAL_NAMESPACE,
    taskQueue: opts.taskQueue ?? opts.config.TEMPORAL_TASK_QUEUE,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities(opts.deps),
    maxConcurrentActivityTaskExecutions: opts.config.WORKER_MAX_ACTIVITIES,
    // A stopping worker drains for the grace period, then cancels what still runs (activities abort their I/O on
    // cancellation); the force time bounds a shutdown even if something ignored that, so a stop never hangs.
    shutdownGraceTime: `${opts.config.WORKER_SHUTDOWN_GRACE_SEC}s`,
    shutdownForceTime: `${opts.config.WORKER_SHUTDOWN_GRACE_SEC + SHUTDOWN_FORCE_AFTER_GRACE_SEC}s`,
    ...(opts.identity ? { identity: opts.identity } : {}),
  });
  return { worker, connection, ownsConnection };
}
