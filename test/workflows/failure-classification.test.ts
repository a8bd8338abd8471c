// One failure classification, proven on the real dev server with the real retry policy: every bad-input error type
// fails its activity on the first attempt (attempt 1 in the history), and a transient error is retried.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { BatchObjectMetadataError } from '../../activities/export/batch-object-store';
import { exportFailure } from '../../activities/export/source-failure';
import { CanonicalCsvError } from '../../domain/canonical-csv';
import { NON_RETRYABLE_ERROR_TYPES } from '../../domain/failure-classes';
import { activityRecords } from '../support/activity-history';
import type { ProbedActivity } from '../support/probe-workflows';
import { baseConfig, uniqueName } from '../support/services';
import { temporalClient } from '../support/temporal';
import { temporalConnectionOptions } from '../../workers/temporal-tls';

const ACTIVITIES: ProbedActivity[] = ['inspectSource', 'finishExport', 'exportChunk', 'ingestBatch', 'reconcileMigration'];

type Probe = { throw: 'named'; type: string } | { throw: 'CanonicalCsvError' | 'BatchObjectMetadataError' | 'exportFailure' } | { throw: 'transient'; failAttempts: number };

/** Throws what the probe asks for: a plain error named after a type (only the policy can stop its retries), or a real one. */
function act(p: Probe): unknown {
  if (p.throw === 'named') {
    // Temporal takes a thrown error's type from its constructor's name: a class named after the type.
    const Named = { [p.type]: class extends Error {} }[p.type]!;
    throw new Named(`probe: a ${p.type}`);
  }
  if (p.throw === 'CanonicalCsvError') throw new CanonicalCsvError(7, 'unclosed quote');
  if (p.throw === 'BatchObjectMetadataError') throw new BatchObjectMetadataError('migrations/x/source-1/batch-000001.csv');
  if (p.throw === 'exportFailure') throw exportFailure('ExportIntegrityError', 'csv:/x.csv', 'batch 2 covers rows 1-5');
  if (p.throw !== 'transient') throw new Error('unreachable');
  if (Context.current().info.attempt <= p.failAttempts) throw new Error('probe: connection reset (transient)');
  return { ok: true };
}

describe('failure classification on the real retry policy', { timeout: 5 * 60_000 }, () => {
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueName('classify');

  before(async () => {
    temporal = await temporalClient();
    connection = await NativeConnection.connect(temporalConnectionOptions(baseConfig));
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../support/probe-workflows') });
    const activities = Object.fromEntries(ACTIVITIES.map((name) => [name, async (p: Probe) => act(p)]));
    worker = await Worker.create({ connection, namespace: baseConfig.TEMPORAL_NAMESPACE, taskQueue, workflowBundle, activities });
    running = worker.run();
  });
  after(async () => {
    worker.shutdown();
    await running;
    await connection.close();
    await temporal.close();
  });

  const probe = async (activity: ProbedActivity, p: Probe) => {
    const workflowId = uniqueName(`probe-${activity}`);
    const outcome = await temporal.client.workflow
      .execute('probeActivityWorkflow', { taskQueue, workflowId, args: [activity, p], workflowExecutionTimeout: '2 minutes' })
      .then(() => 'completed' as const, (err: unknown) => (err instanceof WorkflowFailedError ? ('failed' as const) : Promise.reject(err)));
    const [record] = await activityRecords(temporal.client, workflowId);
    return { outcome, record: record! };
  };

  test('every bad-input error type fails its activity on the first attempt, through every proxy', async () => {
    const cases: Array<{ type: string; p: Probe }> = [
      ...NON_RETRYABLE_ERROR_TYPES.map((type) => ({ type, p: { throw: 'named', type } as Probe })),
      { type: 'CanonicalCsvError', p: { throw: 'CanonicalCsvError' } },
      { type: 'BatchObjectMetadataError', p: { throw: 'BatchObjectMetadataError' } },
      { type: 'ExportIntegrityError', p: { throw: 'exportFailure' } },
    ];
    for (const t of ['CanonicalCsvError', 'BatchObjectMetadataError', 'SourceSchemaError', 'SourceNotFoundError', 'SourceAccessError',
      'SourceChangedError', 'SourceConflictError', 'MappingError', 'ExportInputError', 'ExportIntegrityError']) {
      assert.ok(NON_RETRYABLE_ERROR_TYPES.includes(t as never), `${t} is classified as bad input`);
    }
    const results = await Promise.all(ACTIVITIES.flatMap((activity) => cases.map(async (c) => ({ activity, ...c, ...(await probe(activity, c.p)) }))));
    for (const r of results) {
      assert.equal(r.outcome, 'failed', `${r.activity} throwing ${r.type} fails the workflow`);
      assert.equal(r.record.failureType, r.type, `${r.activity}: the failure type is ${r.type}`);
      assert.equal(r.record.attempt, 1, `${r.activity} throwing ${r.type} is not retried (attempt ${r.record.attempt})`);
    }
  });

  test('a transient error is retried until the activity succeeds', async () => {
    for (const activity of ACTIVITIES) {
      const r = await probe(activity, { throw: 'transient', failAttempts: 2 });
      assert.equal(r.outcome, 'completed', `${activity} completes after transient failures`);
      assert.equal(r.record.attempt, 3, `${activity}: two failed attempts, then the third succeeded`);
    }
  });
});
