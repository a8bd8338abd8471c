// The one module that owns activity proxies, their timeouts and retry policies.
import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createHelloActivities } from '../activities/hello';
import type { createExportActivities } from '../activities/export/export-activities';
import type { createIngestActivities } from '../activities/ingest/ingest-activities';
import type { createReconcileActivities } from '../activities/reconcile/reconcile-activities';

/** Error types that mean bad input or a broken invariant: retrying cannot help. */
export const NON_RETRYABLE = ['SourceSchemaError', 'MappingError', 'BatchFormatError', 'BatchChecksumMismatch', 'BatchAccountingError', 'ReconciliationMismatch'];

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

export const inspectActivities = proxyActivities<Pick<ReturnType<typeof createExportActivities>, 'inspectSource' | 'finishExport'>>({
  startToCloseTimeout: '10 minutes',
  retry,
});

export const exportActivities = proxyActivities<Pick<ReturnType<typeof createExportActivities>, 'exportChunk'>>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '3 minutes',
  retry,
});

export const ingestActivities = proxyActivities<ReturnType<typeof createIngestActivities>>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '5 minutes',
  retry,
});

export const reconcileActivities = proxyActivities<ReturnType<typeof createReconcileActivities>>({
  startToCloseTimeout: '10 minutes',
  retry,
});
