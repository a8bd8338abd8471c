// Scrubs on the real stack: a full scrub stores each contact's stored status (set-based, via a swapped-in table), an
// opt-out arriving while a full scrub runs wins in the stored result, OptOutWorkflow changes the stored status of the
// contact and its golden record within seconds, and an incremental scrub picks up the numbers of a change list.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2';
import { RAW_KEYS, WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { registryLoadWorkflow } from '../../workflows/registry-load';
import type { complianceScrubWorkflow } from '../../workflows/compliance-scrub';
import type { optOutWorkflow } from '../../workflows/opt-out';
import { createScrubActivities, PARTITION_MAX, PARTITION_MIN, partitionTarget, plannedPartitions } from '../../activities/compliance/scrub-activities';
import { createSuppressionActivities } from '../../activities/compliance/suppression-activities';
import { sha256OfFile, uploadFile } from '../../starters/raw-upload';
import { createS3 } from '../../workers/clients';
import { activityDeps, baseConfig, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';
import { createProjectMetrics, METRIC_NAMES } from '../../metrics/project-metrics';

/** The worker's metrics: a scrub sets the store's status distribution. */
const metrics = createProjectMetrics();

let db: TestDatabase;
let deps: ReturnType<typeof activityDeps>;
let worker: { stop(): Promise<void> };
let temporal: Awaited<ReturnType<typeof temporalClient>>;
let taskQueue: string;
const dir = mkdtempSync(path.join(tmpdir(), 'scrub-'));
const s3 = createS3(baseConfig);

const PHONES = ['+12122345678', '+12122345679', '+13052345678', '+13052345679', null, '+442071234567', '+12125550123'];

before(async () => {
  db = await createTestDatabase('scrub');
  deps = activityDeps(db);
  taskQueue = uniqueName('scrub');
  worker = await startWorker({ ...deps, metrics }, taskQueue);
  temporal = await temporalClient();
  await db.pool.query("INSERT INTO source_files (id, migration_name, source_name, source_kind, location, batch_size) VALUES (1, 't', 't', 'csv', 't', 10)");
  await db.pool.query("INSERT INTO import_batches (id, source_file_id, batch_no, object_key, object_sha256) VALUES (1, 1, 1, 'k', REPEAT('0', 64))");
  const rows = PHONES.map((p, i) => [randomBytes(20), i === 1 ? 'ann@example.com' : null, p, p || i === 1 ? 1 : 0, 1, String(i), 1, 1, '2026-01-01 00:00:00']);
  await db.pool.query('INSERT INTO contacts (match_key, email, phone_e164, has_contact_key, source_file_id, source_record_id, created_batch_id, last_batch_id, source_updated_at) VALUES ?', [rows]);
  // Contacts 1 and 2 are one golden record (1 represents it), the others singletons.
  await db.pool.query("INSERT INTO golden_records (id, representative_id, member_count, phone_e164) SELECT id, id, 1, phone_e164 FROM contacts WHERE id <> 2");
  await db.pool.query('UPDATE contacts SET golden_id = IF(id = 2, 1, id)');
  const fed = path.join(dir, 'federal.txt');
  writeFileSync(fed, '2122345678\n2122345679\n3052345678\n');
  await load('federal', fed);
});
after(async () => {
  await temporal.close();
  await worker.stop();
  await deps.close();
  s3.destroy();
  await db.drop();
});

async function load(kind: 'federal' | 'federal-additions', file: string) {
  const sha256 = await sha256OfFile(file);
  const rawKey = `${uniqueName('t')}/${RAW_KEYS.registryFile(kind, '', sha256)}`;
  await uploadFile(s3, baseConfig.S3_RAW_BUCKET, rawKey, file);
  return temporal.client.workflow.execute<typeof registryLoadWorkflow>(WORKFLOW_TYPES.registryLoad, {
    taskQueue, workflowId: uniqueName('load'), args: [{ kind, state: '', sha256, rawKey, downloadedAt: new Date().toISOString(), areaCodes: kind === 'federal' ? null : 'subscribed', actor: 'test' }],
  });
}

async function statuses(): Promise<Record<number, string>> {
  const [rows] = await db.pool.query<RowDataPacket[]>('SELECT contact_id, status FROM contact_compliance ORDER BY contact_id');
  return Object.fromEntries(rows.map((r) => [Number(r.contact_id), String(r.status)]));
}

async function golden(id: number): Promise<string | undefined> {
  const [rows] = await db.pool.query<RowDataPacket[]>('SELECT status FROM golden_compliance WHERE golden_id = ?', [id]);
  return rows[0]?.status;
}

const scrub = (mode: 'full' | 'incremental') => temporal.client.workflow.execute<typeof complianceScrubWorkflow>(WORKFLOW_TYPES.complianceScrub, {
  taskQueue, workflowId: WORKFLOW_IDS.complianceScrub(mode, uniqueName('t')), args: [{ mode, actor: 'test' }],
});

test('a full scrub stores every contact with its stored status, counts per status, golden records by their best phone', { timeout: 180_000 }, async () => {
  const r = await scrub('full');
  assert.equal(r.contactsScrubbed, PHONES.length);
  assert.deepEqual(await statuses(), { 1: 'DNC_FEDERAL', 2: 'DNC_FEDERAL', 3: 'DNC_FEDERAL', 4: 'CALLABLE', 5: 'INVALID_PHONE', 6: 'INVALID_PHONE', 7: 'INVALID_PHONE' });
  assert.deepEqual(r.byStatus, { DNC_FEDERAL: 3, CALLABLE: 1, INVALID_PHONE: 3 });
  const tags = (await metrics.registry.getSingleMetric(METRIC_NAMES.scrubTags)!.get()).values;
  assert.deepEqual(Object.fromEntries(tags.map((v) => [String(v.labels.tag), v.value])), r.byStatus, 'the metrics carry the status distribution');
  assert.equal(await golden(1), 'DNC_FEDERAL');
  const [scrubs] = await db.pool.query<RowDataPacket[]>('SELECT rules_version, registry_hwm, status FROM compliance_scrubs WHERE id = ?', [r.scrubId]);
  assert.equal(scrubs[0]!.status, 'done');
  assert.ok(Number(scrubs[0]!.registry_hwm) > 0);
});

test('an opt-out arriving while a full scrub runs wins in the stored result', { timeout: 180_000 }, async () => {
  const act = createScrubActivities(deps);
  const workflowId = uniqueName('full-race');
  const begun = await act.beginScrub({ workflowId, kind: 'full', actor: 'test', at: new Date().toISOString() });
  // The opt-out lands after the scrub took its marks, while its partitions run.
  await createSuppressionActivities(deps).recordSuppression({ requestId: uniqueName('opt'), request: {
    kind: 'opt-out', phone: '+13052345679', email: null, channel: 'ALL', scope: 'global', scopeValue: null, method: 'SMS_STOP', receivedAt: new Date().toISOString(), source: 'test', evidence: 'msg', actor: 'test',
  } });
  for (const partition of begun.partitions) await act.scrubPartition({ marks: begun.marks, table: begun.table, partition });
  const [shadow] = await db.pool.query<RowDataPacket[]>(`SELECT status FROM ${begun.table} WHERE contact_id = 4`);
  assert.equal(shadow[0]!.status, 'CALLABLE', 'the partitions evaluated as of their marks');
  const done = await act.finishScrub({ marks: begun.marks, table: begun.table, workflowId, full: true });
  assert.equal(done.caughtUp, 1);
  assert.equal((await statuses())[4], 'OPTED_OUT');
});

test('OptOutWorkflow changes the stored status of the contact and its golden record at once; a re-opt-in with evidence lifts it', { timeout: 180_000 }, async () => {
  assert.equal(await golden(1), 'DNC_FEDERAL');
  const t0 = Date.now();
  const request = { kind: 'opt-out' as const, phone: null, email: 'ann@example.com', channel: 'ALL' as const, scope: 'global' as const, scopeValue: null, method: 'EMAIL', receivedAt: new Date().toISOString(), source: 'test', evidence: 'mail-1', actor: 'agent:bob' };
  const r = await temporal.client.workflow.execute<typeof optOutWorkflow>(WORKFLOW_TYPES.optOut, { taskQueue, workflowId: WORKFLOW_IDS.optOut(uniqueName('o')), args: [request] });
  assert.ok(Date.now() - t0 < 60_000, 'reflected within a minute');
  assert.equal(r.contactsRescrubbed, 1);
  assert.equal((await statuses())[2], 'OPTED_OUT');
  assert.equal(await golden(1), 'DNC_FEDERAL', 'the representative (contact 1) is still the best phone: DNC_FEDERAL is less severe than OPTED_OUT');
  const [log] = await db.pool.query<RowDataPacket[]>('SELECT actor, evidence FROM suppression_log WHERE id = ?', [r.suppressionId]);
  assert.deepEqual([log[0]!.actor, log[0]!.evidence], ['agent:bob', 'mail-1']);
  const back = await temporal.client.workflow.execute<typeof optOutWorkflow>(WORKFLOW_TYPES.optOut, {
    taskQueue, workflowId: WORKFLOW_IDS.optOut(uniqueName('o')), args: [{ ...request, kind: 're-opt-in', receivedAt: new Date().toISOString(), evidence: 'signed form 7' }],
  });
  assert.equal(back.byStatus.DNC_FEDERAL, 1);
});

test('an incremental scrub re-scrubs the numbers of a new change list', { timeout: 180_000 }, async () => {
  const adds = path.join(dir, 'adds.txt');
  writeFileSync(adds, '3052345679\n2122345600\n');
  await load('federal-additions', adds);
  const r = await scrub('incremental');
  assert.equal(r.contactsScrubbed, 1, 'only contact 4 has a number on the list');
  assert.equal((await statuses())[4], 'OPTED_OUT', 'still opted out: the opt-out outranks the new DNC listing');
  const [row] = await db.pool.query<RowDataPacket[]>('SELECT dnc_federal, opted_out FROM contact_compliance WHERE contact_id = 4');
  assert.deepEqual([Number(row[0]!.dnc_federal), row[0]!.opted_out], [1, 'ALL']);
});

test('a full scrub finds suppression rows by e-mail through its one fact pass, and looks up contacts added after it', { timeout: 180_000 }, async () => {
  const suppress = (phone: string | null, email: string | null) => createSuppressionActivities(deps).recordSuppression({ requestId: uniqueName('opt'), request: {
    kind: 'opt-out', phone, email, channel: 'ALL', scope: 'global', scopeValue: null, method: 'EMAIL', receivedAt: new Date(Date.now() - 60_000).toISOString(), source: 'test', evidence: 'mail', actor: 'test',
  } });
  await db.pool.query("INSERT INTO contacts (match_key, email, phone_e164, has_contact_key, source_file_id, source_record_id, created_batch_id, last_batch_id, source_updated_at) VALUES (?, 'zed@example.com', '+12122345690', 1, 1, 'z', 1, 1, '2026-01-01')", [randomBytes(20)]);
  await suppress(null, 'zed@example.com');
  const act = createScrubActivities(deps);
  const workflowId = uniqueName('full-hits');
  const begun = await act.beginScrub({ workflowId, kind: 'full', actor: 'test', at: new Date().toISOString() });
  const [hits] = await db.pool.query<RowDataPacket[]>('SELECT contact_id FROM compliance_scrub_hits WHERE scrub_id = ? ORDER BY contact_id', [begun.marks.scrubId]);
  assert.ok(hits.some((h) => Number(h.contact_id) === 8), 'the fact pass found the contact by its e-mail');
  assert.ok(hits.every((h) => [2, 4, 8].includes(Number(h.contact_id))), 'and only contacts with a suppression row (ann by e-mail, 4 by phone, zed by e-mail)');
  // A contact added after the pass, whose phone already carries an opt-out: the partition looks its rows up itself.
  await suppress('+12122345691', null);
  await db.pool.query("INSERT INTO contacts (match_key, email, phone_e164, has_contact_key, source_file_id, source_record_id, created_batch_id, last_batch_id, source_updated_at) VALUES (?, NULL, '+12122345691', 1, 1, 'y', 1, 1, '2026-01-01')", [randomBytes(20)]);
  const marks = { ...begun.marks, suppressionHwm: begun.marks.suppressionHwm + 1 };
  for (const partition of begun.partitions) await act.scrubPartition({ marks, table: begun.table, partition });
  await act.finishScrub({ marks, table: begun.table, workflowId, full: true });
  const s = await statuses();
  assert.equal(s[8], 'OPTED_OUT');
  assert.equal(s[9], 'OPTED_OUT');
  assert.equal(s[1], 'DNC_FEDERAL');
  const [left] = await db.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM compliance_scrub_hits WHERE scrub_id = ?', [begun.marks.scrubId]);
  assert.equal(Number(left[0]!.n), 0, 'the pass is emptied when the scrub finishes');
});

test('full-scrub partitions are contiguous id ranges sized by the contact count, open at both ends', () => {
  assert.equal(partitionTarget(200_000), PARTITION_MIN);
  assert.equal(partitionTarget(84_000_000), PARTITION_MAX);
  const parts = plannedPartitions(5, 1_000_004, 250_000);
  assert.deepEqual(parts.map((p) => [p.fromId, p.toId]), [[0, 250_005], [250_005, 500_005], [500_005, 750_005], [750_005, Number.MAX_SAFE_INTEGER]]);
  assert.ok(parts.every((p) => p.factsThrough === 1_000_004));
  assert.deepEqual(plannedPartitions(0, 0, 50_000).map((p) => [p.fromId, p.toId]), [[0, Number.MAX_SAFE_INTEGER]]);
});
