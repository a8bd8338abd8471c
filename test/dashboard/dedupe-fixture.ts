// Contacts for the dashboard's write tests, as ingestion leaves them (one committed batch), and a real dedupe pass
// over them on a test worker: one person in three records (a golden record with three members) and pairs close
// enough to be worth a person's look.
import type { Client } from '@temporalio/client';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { DedupeResult, dedupeWorkflow } from '../../workflows/dedupe';
import type { TestDatabase } from '../support/services';
import { uniqueName } from '../support/services';
import { within } from '../support/wait';
import { ingestContactRows, type ContactRow } from '../support/contact-rows';

export type FixtureRow = ContactRow;

export function ingestRows(db: TestDatabase, rows: FixtureRow[]): Promise<number[]> {
  return ingestContactRows(db, rows);
}

/** Robert in three records (one golden record, three members), and others who stay apart. */
export const PEOPLE: FixtureRow[] = [
  { email: 'robert.smith@example.com', first: 'Robert', last: 'Smith', address: '12 Elm Street', city: 'Austin', state: 'TX', zip: '78701', dob: '1970-03-04' },
  { email: 'robert.smith@example.com', phone: '+15125550199', first: 'Bob', last: 'Smtih' },
  { phone: '+15125550199', first: 'Robert', last: 'Smith', address: '99 Oak Ave', city: 'Dallas', state: 'TX', zip: '75201', dob: '1970-03-04' },
  { first: 'Mary', last: 'Jones', address: '7 Hill Ct', city: 'Austin', state: 'TX', zip: '78703', phone: '+15125550150', dob: '1960-01-01' },
  { first: 'Peter', last: 'Jones', address: '7 Hill Ct', city: 'Austin', state: 'TX', zip: '78703', phone: '+15125550150', dob: '1958-07-12' },
  { first: 'Jon', last: 'Parker', email: 'jon.parker@example.com', city: 'Austin', state: 'TX', zip: '78704' },
  { first: 'John', last: 'Parker', email: 'jparker@example.org', city: 'Austin', state: 'TX', zip: '78704' },
  { first: 'Carla', last: 'Diaz', phone: '+15125550300', email: 'carla@example.com', state: 'TX' },
];

export async function runDedupePass(client: Client, taskQueue: string, kind: 'full' | 'incremental' = 'full'): Promise<DedupeResult> {
  const handle = await client.workflow.start<typeof dedupeWorkflow>(WORKFLOW_TYPES.dedupe, {
    taskQueue, workflowId: WORKFLOW_IDS.dedupe(uniqueName(`dash-${kind}`)), args: [{ kind, actor: 'test' }],
  });
  return within(`dedupe pass ${handle.workflowId}`, 180_000, handle.result());
}
