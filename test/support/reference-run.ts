// The uninterrupted run a faulted one is compared with: the same migration input on a fresh database, with an
// in-process worker, and the contacts checksum it leaves.
import type { Client } from '@temporalio/client';
import { contactsChecksum } from '../../activities/reconcile/contacts-checksum';
import type { MigrationInput } from '../../workflows/migration';
import { activityDeps, createTestDatabase, uniqueName } from './services';
import { startMigration, startWorker } from './temporal';

export async function referenceChecksum(client: Client, input: (name: string) => MigrationInput): Promise<{ rows: number; sha256: string }> {
  const db = await createTestDatabase('ref');
  const deps = activityDeps(db);
  const taskQueue = uniqueName('ref');
  const worker = await startWorker(deps, taskQueue, db.config);
  try {
    const summary = await (await startMigration(client, taskQueue, input(uniqueName('ref')))).result();
    if (summary.status !== 'ok') throw new Error(`the reference migration did not reconcile: ${JSON.stringify(summary.totals)}`);
    return await contactsChecksum(db.pool);
  } finally {
    await worker.stop();
    await deps.close();
    await db.drop();
  }
}
