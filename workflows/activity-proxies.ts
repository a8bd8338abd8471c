// The one module that owns activity proxies, their timeouts and retry policies.
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createHelloActivities } from '../activities/hello';
import type { createExportActivities } from '../activities/export/export-activities';
import type { createIngestActivities } from '../activities/ingest/ingest-activities';
import type { createReconcileActivities } from '../activities/reconcile/reconcile-activities';

/** Error types that mean bad input or a broken invariant: retrying cannot help. */
const NON_RETRYABLE = ['SourceSchemaError', 'MappingError', 'BatchFormatError', 'BatchChecksumMismatch', 'BatchAccountingError', 'ReconciliationMismatch'];

const retry: ActivityOptions['retry'] = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
  maximumAttempts: 30,
  nonRetryableErrorTypes: NON_RETRYABLE,
};

export const helloActivities = proxyActivities<ReturnType<typeof createHelloActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/** Heartbeat timeout of the long activities; a crashed worker's batch is retried elsewhere after this long. */
const DEFAULT_HEARTBEAT_TIMEOUT_SEC = 60;

export const inspectActivities = proxyActivities<Pick<ReturnType<typeof createExportActivities>, 'inspectSource' | 'finishExport'>>({
  startToCloseTimeout: '10 minutes',
  retry,
});

/** Export and ingest proxies; the heartbeat timeout is an input so tests can recover from a killed worker quickly. */
export function batchActivities(heartbeatTimeoutSec = DEFAULT_HEARTBEAT_TIMEOUT_SEC) {
  const opts: ActivityOptions = { startToCloseTimeout: '30 minutes', heartbeatTimeout: `${heartbeatTimeoutSec} seconds`, retry };
  // proxyActivities returns a Proxy: name the functions, spreading it copies nothing.
  const { exportChunk } = proxyActivities<Pick<ReturnType<typeof createExportActivities>, 'exportChunk'>>(opts);
  const { ingestBatch } = proxyActivities<ReturnType<typeof createIngestActivities>>(opts);
  return { exportChunk, ingestBatch };
}

export const reconcileActivities = proxyActivities<ReturnType<typeof createReconcileActivities>>({
  startToCloseTimeout: '10 minutes',
  retry,
});
