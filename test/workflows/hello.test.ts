// The hello workflow on the real dev server reaches MariaDB, Redis and S3 through its activity.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { helloWorkflow } from '../../workflows/hello';
import { activityDeps, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';

let db: TestDatabase;
let deps: ReturnType<typeof activityDeps>;

before(async () => {
  db = await createTestDatabase('hello');
  deps = activityDeps(db);
});
after(async () => {
  await deps.close();
  await db.drop();
});

test('helloWorkflow touches MariaDB, Redis and S3 from an activity on the real dev server', { timeout: 120_000 }, async () => {
  const taskQueue = uniqueName('hello');
  const worker = await startWorker(deps, taskQueue);
  const { client, close } = await temporalClient();
  try {
    const name = uniqueName('smoke');
    const result = await client.workflow.execute<typeof helloWorkflow>(WORKFLOW_TYPES.hello, {
      taskQueue, workflowId: WORKFLOW_IDS.hello(name), args: [{ name, sampleManifest: { rowsBySource: { mysql: 3, csv: 2 } } }],
    });
    assert.match(result.databaseVersion, /MariaDB|^8\./);
    assert.equal(result.contactsTableExists, true);
    assert.equal(result.redisRoundTrip, true);
    assert.equal(result.s3RoundTrip, true);
    assert.equal(result.sampleRows, 5);
    assert.equal(await deps.redis.get(`hello:${name}`), name);
  } finally {
    await close();
    await worker.stop();
  }
});
