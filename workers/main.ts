// `npm run worker`: one worker process; run several on the same task queue to scale out.
import { hostname } from 'node:os';
import type { Worker } from '@temporalio/worker';
import { loadConfig } from '../config/env';
import { buildWorker } from './build-worker';
import { checkDatabaseConnection, createDbPool, createRds, createRedis, createS3, createTemporalClient, storeCopyOpener } from './clients';
import { createThreadPreparer } from '../activities/ingest/prepare-threads';
import { createJsonLog, installRuntimeLogger, type JsonLog } from './log';
import { publishMetrics, sdkTelemetry } from '../metrics/publish-metrics';
import { createProjectAlertSink } from '../activities/alerts/project-alert-sink';
import { monitorTaskQueue } from '../config/constants';

let log: JsonLog = createJsonLog('info');

/**
 * SIGTERM (a deploy, ECS stopping the task) or SIGINT drains the worker: it stops polling at once, the activities
 * in flight get the worker's shutdown grace period to finish, then they are cancelled (a batch not yet committed
 * rolls back and is retried on another worker) and the process exits. A second signal exits at once; so does a
 * drain that overruns the force time (counted, like the grace period, from the signal) by 10 s, as a backstop.
 */
function drainOnSignals(worker: Worker): void {
  const graceMs = worker.options.shutdownGraceTimeMs;
  const forceMs = worker.options.shutdownForceTimeMs;
  let draining = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (draining) {
      log.warn('worker exiting without draining', { signal });
      process.exit(1);
    }
    draining = true;
    log.info('worker draining', { signal, graceSec: graceMs / 1000, forceSec: forceMs === undefined ? null : forceMs / 1000 });
    worker.shutdown();
    const limitMs = (forceMs ?? graceMs) + 10_000;
    const backstop = setTimeout(() => {
      log.error('worker drain overran; exiting', { afterSec: limitMs / 1000 });
      process.exit(1);
    }, limitMs);
    backstop.unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log([
      'Usage: npm run worker        (workers/main.ts)',
      '       npm run monitor       (workers/main.ts --monitor)',
      '',
      'Runs a Temporal worker for TEMPORAL_TASK_QUEUE in TEMPORAL_NAMESPACE at TEMPORAL_ADDRESS.',
      'On SIGTERM/SIGINT it stops polling and lets running activities finish for its shutdown grace period',
      '(WORKER_SHUTDOWN_GRACE_SEC), then exits. Start more processes to add capacity.',
      '',
      '--monitor runs the monitor instead, on TEMPORAL_TASK_QUEUE-monitor: the contacts-monitor schedule\'s passes',
      '(failed workflows, missed schedule runs, task queues without a worker) with a Temporal client and the alert',
      'sink. Run one, apart from the workers it watches: it is what notices that no worker runs at all.',
    ].join('\n'));
    return;
  }
  const role = process.argv.includes('--monitor') ? 'monitor' : 'worker';
  const config = loadConfig();
  log = createJsonLog(config.LOG_LEVEL);
  // Before the first connection: that is what creates the Temporal runtime. This process handles its own signals
  // (drainOnSignals) instead of the SDK's default shutdown on them.
  // The SDK's own metrics are read back through this process's endpoint (or exporter): one target per process.
  const { telemetryOptions, sdkMetricsUrl } = await sdkTelemetry(config, role);
  installRuntimeLogger(config.LOG_LEVEL, { shutdownSignals: [], ...(telemetryOptions ? { telemetryOptions } : {}) });
  const published = await publishMetrics(config, role, { sdkMetricsUrl });
  const metrics = published.metrics;
  const pool = createDbPool(config, { connectionLimit: config.WORKER_MAX_ACTIVITIES + 2 }, {
    onSlowQuery: (q) => {
      log.warn('slow query', { ...q });
      metrics.recordSlowQuery(q.statement);
    },
  });
  const redis = createRedis(config);
  const s3 = createS3(config);
  const rds = config.SNAPSHOT_MODE === 'aws' ? createRds(config) : undefined;
  const identity = `${role}-${process.pid}@${hostname()}`;
  const threads = role === 'worker' && config.INGEST_THREADS > 0 ? createThreadPreparer(config.INGEST_THREADS) : null;
  const alerts = createProjectAlertSink(config, { pool, write: (msg, data) => log.error(msg, data), metrics });
  // Only the monitor reads Temporal itself (visibility, schedules, pollers).
  const temporal = role === 'monitor' ? await createTemporalClient(config) : null;
  const taskQueue = role === 'monitor' ? monitorTaskQueue(config.TEMPORAL_TASK_QUEUE) : config.TEMPORAL_TASK_QUEUE;
  try {
    // A wrong TLS, CA or sign-in setting fails here, naming its cause, not in the first activity.
    const tls = await checkDatabaseConnection(pool, config);
    log.info('database connected', { tls: tls ?? 'off' });
    const { worker, connection } = await buildWorker({
      config,
      taskQueue,
      deps: {
        pool, redis, s3, buckets: { raw: config.S3_RAW_BUCKET, processed: config.S3_PROCESSED_BUCKET }, defaultPhoneRegion: config.DEFAULT_PHONE_REGION,
        workerIdentity: identity, prepareBatch: threads?.prepare, metrics, alerts, temporal: temporal?.client, temporalUiUrl: config.TEMPORAL_UI_URL,
        config, rds, openStoreCopy: storeCopyOpener(config),
      },
      identity,
    });
    log.always('worker started', {
      role, taskQueue, namespace: config.TEMPORAL_NAMESPACE, identity, ingestThreads: config.INGEST_THREADS, logLevel: config.LOG_LEVEL,
      metrics: config.METRICS_EXPORTER, metricsEndpoint: published.endpoint ? `http://${published.endpoint}/metrics` : null,
    });
    // Memory is part of the worker's health: one line a minute (every 5 s with WORKER_MEMORY_LOG=1, after a forced GC when exposed).
    const gc = (globalThis as { gc?: () => void }).gc;
    const memoryTimer = setInterval(() => {
      gc?.();
      const m = process.memoryUsage();
      log.info('worker memory', { rssMb: Math.round(m.rss / 2 ** 20), heapUsedMb: Math.round(m.heapUsed / 2 ** 20), externalMb: Math.round(m.external / 2 ** 20) });
    }, process.env.WORKER_MEMORY_LOG === '1' ? 5000 : 60_000);
    memoryTimer.unref();
    drainOnSignals(worker);
    try {
      await worker.run();
      log.info('worker stopped', { identity });
    } finally {
      await connection.close();
    }
  } finally {
    await Promise.allSettled([pool.end(), redis.quit(), threads?.close(), published.stop(), temporal?.connection.close()]);
    s3.destroy();
    rds?.destroy();
  }
}

main().catch((err: unknown) => {
  log.error('worker failed', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
