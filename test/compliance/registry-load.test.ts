// Registry loads on the real stack: a generated federal file with malformed lines (counted, stored with their line
// numbers, never aborting), the same file twice is one copy, change lists move an area code's date and its bits,
// a state list and the CSV inputs; check's lookups (ranged GETs) see what was loaded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2';
import { RAW_KEYS, WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { registryLoadWorkflow, RegistryLoadWorkflowInput } from '../../workflows/registry-load';
import { writeRegistryFile } from '../../generator/registry-file';
import { sha256OfFile, uploadFile } from '../../starters/raw-upload';
import { createFactsReader } from '../../activities/compliance/facts-reader';
import { createRegistryLookup } from '../../activities/compliance/registry-store';
import { evaluate } from '../../domain/compliance/evaluate';
import { shippedRules } from '../../domain/compliance/rules';
import { createS3 } from '../../workers/clients';
import { activityDeps, baseConfig, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';

let db: TestDatabase;
let deps: ReturnType<typeof activityDeps>;
let worker: { stop(): Promise<void> };
let temporal: Awaited<ReturnType<typeof temporalClient>>;
let taskQueue: string;
const dir = mkdtempSync(path.join(tmpdir(), 'registry-'));
const s3 = createS3(baseConfig);

before(async () => {
  db = await createTestDatabase('registry');
  deps = activityDeps(db);
  taskQueue = uniqueName('registry');
  worker = await startWorker(deps, taskQueue);
  temporal = await temporalClient();
});
after(async () => {
  await temporal.close();
  await worker.stop();
  await deps.close();
  s3.destroy();
  await db.drop();
});

async function load(kind: RegistryLoadWorkflowInput['kind'], file: string, extra: Partial<RegistryLoadWorkflowInput> = {}) {
  const sha256 = await sha256OfFile(file);
  const state = extra.state ?? '';
  const rawKey = `${uniqueName('t')}/${RAW_KEYS.registryFile(kind, state, sha256)}`;
  await uploadFile(s3, baseConfig.S3_RAW_BUCKET, rawKey, file);
  const input: RegistryLoadWorkflowInput = { kind, state, sha256, rawKey, downloadedAt: new Date().toISOString(), areaCodes: null, actor: 'test', ...extra };
  return temporal.client.workflow.execute<typeof registryLoadWorkflow>(WORKFLOW_TYPES.registryLoad, {
    taskQueue, workflowId: `${WORKFLOW_IDS.registryLoad(kind, state, sha256)}-${uniqueName('r')}`, args: [input],
  });
}

const at = (iso: string) => Date.parse(iso);
async function verdict(phone: string, atMs: number) {
  const registry = createRegistryLookup({ pool: db.pool, s3: deps.s3, buckets: deps.buckets });
  const facts = await createFactsReader({ pool: db.pool, registry }).read({ phone, email: null, state: null }, atMs);
  return evaluate({ phone, email: null, state: null }, { channel: 'VOICE', brand: null, campaign: null, dialMode: 'manual' }, atMs, facts, shippedRules());
}

test('a federal file with malformed lines loads every good number, stores each bad line by number; the same file again is one copy', { timeout: 180_000 }, async () => {
  const file = path.join(dir, 'federal.txt');
  const gen = await writeRegistryFile({ out: file, numbers: 20_000, areaCodes: ['212', '305'], seed: 3, malformed: 5 });
  const downloadedAt = '2026-03-01T00:00:00.000Z';
  const r = await load('federal', file, { downloadedAt });
  assert.equal(r.alreadyLoaded, false);
  assert.deepEqual([r.linesRead, r.numbers, r.malformed, r.areaCodes], [gen.lines, gen.numbers, 5, 2]);
  const [errs] = await db.pool.query<RowDataPacket[]>('SELECT line_no, reason FROM registry_load_errors WHERE copy_id = ? ORDER BY line_no', [r.copyId]);
  assert.deepEqual(errs.map((e) => Number(e.line_no)), gen.malformedLines);
  assert.ok(errs.every((e) => String(e.reason).length > 0));
  const again = await load('federal', file, { downloadedAt });
  assert.equal(again.alreadyLoaded, true);
  assert.equal(again.copyId, r.copyId);
  const [copies] = await db.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM registry_copies');
  assert.equal(Number(copies[0]!.n), 1);

  const listed = readFileSync(file, 'utf8').split('\n').find((l) => /^305\d{7}$/.test(l))!;
  const v = await verdict(`+1${listed}`, at('2026-03-03T17:00:00Z'));
  assert.equal(v.reported, 'DNC_FEDERAL');
  assert.match(v.tags[0]!.reason, new RegExp(`copy ${r.copyId} as of 2026-03-01`));
  assert.equal((await verdict('+12129999999', at('2026-03-03T17:00:00Z'))).reported, 'CALLABLE', 'not in the file');
  assert.equal((await verdict(`+1${listed}`, at('2026-04-03T17:00:00Z'))).reported, 'REGISTRY_STALE', '33 days later');
  assert.equal((await verdict('+13129999999', at('2026-03-03T17:00:00Z'))).reported, 'REGISTRY_STALE', 'no copy for 312');
});

test('change lists add and delete numbers and move every subscribed area code to their date', { timeout: 180_000 }, async () => {
  const adds = path.join(dir, 'adds.txt');
  writeFileSync(adds, '2129999999\n212,9999998\nnot-a-number\n');
  const r = await load('federal-additions', adds, { downloadedAt: '2026-04-01T00:00:00.000Z', areaCodes: 'subscribed' });
  assert.deepEqual([r.linesRead, r.malformed, r.areaCodes], [3, 1, 2]);
  assert.equal((await verdict('+12129999999', at('2026-04-03T17:00:00Z'))).reported, 'DNC_FEDERAL');
  // 305 had no change but is subscribed: its date moved too, so it is not stale on 2026-04-03.
  assert.equal((await verdict('+13052222222', at('2026-04-03T17:00:00Z'))).reported, 'CALLABLE');
  const dels = path.join(dir, 'dels.txt');
  writeFileSync(dels, '2129999999\n');
  await load('federal-deletions', dels, { downloadedAt: '2026-04-02T00:00:00.000Z', areaCodes: 'subscribed' });
  assert.equal((await verdict('+12129999999', at('2026-04-03T17:00:00Z'))).reported, 'CALLABLE');
  assert.equal((await verdict('+12129999998', at('2026-04-03T17:00:00Z'))).reported, 'DNC_FEDERAL');
});

test('a state list tagged with its state: a number on it and on the federal list carries both tags', { timeout: 120_000 }, async () => {
  const st = path.join(dir, 'tx.txt');
  writeFileSync(st, '2129999998\n2123456789\n');
  const r = await load('state', st, { state: 'TX', downloadedAt: '2026-04-01T00:00:00.000Z' });
  assert.equal(r.numbers, 2);
  const v = await verdict('+12129999998', at('2026-04-03T17:00:00Z'));
  assert.deepEqual(v.tags.map((t) => t.tag), ['DNC_FEDERAL', 'DNC_STATE']);
});

test('CSV inputs: a suppression list (a bad row named by line), EBR evidence, consents, attempts', { timeout: 120_000 }, async () => {
  const sup = path.join(dir, 'sup.csv');
  writeFileSync(sup, 'phone,email,channel,scope,scope_value,method,received_at,source,evidence\n'
    + '(212) 345-6789,,,,,SMS_STOP,2026-04-01T10:00:00Z,sms-gw,msg-1\n'
    + 'garbage,,,,,WEB,2026-04-01T10:00:00Z,web,\n'
    + ',ann@example.com,EMAIL,brand,acme,UNSUBSCRIBE,2026-04-01T10:00:00Z,esp,evt-9\n'
    + '2123456780,,,,,AGENT\n');
  const r = await load('suppression', sup);
  assert.deepEqual([r.linesRead, r.numbers, r.malformed], [5, 2, 2]);
  const [errs] = await db.pool.query<RowDataPacket[]>('SELECT line_no, reason FROM registry_load_errors WHERE copy_id = ? ORDER BY line_no', [r.copyId]);
  assert.deepEqual(errs.map((e) => [Number(e.line_no), e.reason]), [[3, 'phone: not a valid number'], [5, '6 fields, the header has 9']]);
  assert.equal((await verdict('+12123456789', at('2026-04-03T17:00:00Z'))).reported, 'OPTED_OUT');
  const tx = path.join(dir, 'tx.csv');
  writeFileSync(tx, 'phone,email,brand,occurred_at,reference\n2129999998,,,2025-01-01T00:00:00Z,order-1\n');
  assert.equal((await load('transactions', tx)).numbers, 1);
  const v = await verdict('+12129999998', at('2026-04-03T17:00:00Z'));
  assert.deepEqual(v.tags.map((t) => t.tag), ['EBR_ACTIVE'], 'a transaction 15 months ago lifts federal and TX (both accept EBR)');
  const att = path.join(dir, 'att.csv');
  writeFileSync(att, 'phone,attempted_at,channel,campaign,brand,outcome\n2125550200,2026-04-03T12:00:00Z,VOICE,c,,busy\n2125550200,2026-04-03T12:00:00Z,VOICE,c,,busy\n');
  const a = await load('attempts', att);
  assert.deepEqual([a.linesRead, a.numbers], [3, 1], 'the same attempt twice is one row');
});
