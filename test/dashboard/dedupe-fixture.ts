// Contacts for the dashboard's write tests, as ingestion leaves them (one committed batch), and a real dedupe pass
// over them on a test worker: one person in three records (a golden record with three members) and pairs close
// enough to be worth a person's look.
import type { ResultSetHeader } from 'mysql2';
import type { Client } from '@temporalio/client';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { DedupeResult, dedupeWorkflow } from '../../workflows/dedupe';
import type { TestDatabase } from '../support/services';
import { uniqueName } from '../support/services';
import { within } from '../support/wait';

export interface FixtureRow { email?: string; phone?: string; first?: string; last?: string; address?: string; city?: string; state?: string; zip?: string; dob?: string }

let batchNo = 0;

export async function ingestRows(db: TestDatabase, rows: FixtureRow[]): Promise<number[]> {
  batchNo++;
  await db.pool.query('INSERT IGNORE INTO source_files (id, migration_name, source_name, source_kind, location, batch_size) VALUES (1, ?, ?, ?, ?, 100000)',
    ['dash-writes', 'csv:people.csv', 'csv', 'people.csv']);
  const [b] = await db.pool.query<ResultSetHeader>(
    "INSERT INTO import_batches (source_file_id, batch_no, object_key, object_sha256, rows_read, inserted) VALUES (1, ?, 'k', 'x', ?, ?)", [batchNo, rows.length, rows.length]);
  const ids: number[] = [];
  for (const [i, r] of rows.entries()) {
    const key = `${batchNo}-${i}`;
    const [res] = await db.pool.query<ResultSetHeader>(
      `INSERT INTO contacts (match_key, email, phone_e164, has_contact_key, first_name, last_name, name_key, address_line, city, state, postal_code, dob,
         source_updated_at, source_file_id, source_record_id, created_batch_id, last_batch_id)
       VALUES (UNHEX(SHA1(?)), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2024-01-01 00:00:00.000', 1, ?, ?, ?)`,
      [key, r.email ?? null, r.phone ?? null, r.email || r.phone ? 1 : 0, r.first ?? null, r.last ?? null,
        r.first || r.last ? `${(r.first ?? '').toLowerCase()}|${(r.last ?? '').toLowerCase()}` : null,
        r.address ?? null, r.city ?? null, r.state ?? null, r.zip ?? null, r.dob ?? null, key, b.insertId, b.insertId]);
    ids.push(res.insertId);
  }
  return ids;
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
