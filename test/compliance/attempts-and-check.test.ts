// Attempts go through RecordAttemptsWorkflow on the real dev server (idempotent, journaled), and `check` reads them:
// COMPLIANCE.md's Florida example end to end, with the CLI's --json and text output.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { recordAttemptsWorkflow } from '../../workflows/record-attempts';
import { createFactsReader } from '../../activities/compliance/facts-reader';
import { evaluate } from '../../domain/compliance/evaluate';
import { shippedRules } from '../../domain/compliance/rules';
import { activityDeps, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';

const ROOT = path.resolve(__dirname, '../..');
const FL = '+13052345678';
let db: TestDatabase;
let deps: ReturnType<typeof activityDeps>;

before(async () => {
  db = await createTestDatabase('attempts');
  deps = activityDeps(db);
});
after(async () => {
  await deps.close();
  await db.drop();
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'starters/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('three Florida attempts recorded by workflows (once each, journaled) make a fourth at 17:00 local FREQ_CAPPED', { timeout: 180_000 }, async () => {
  const taskQueue = uniqueName('attempts');
  const worker = await startWorker(deps, taskQueue);
  const { client, close } = await temporalClient();
  try {
    const times = ['2026-03-03T09:00:00-05:00', '2026-03-03T12:00:00-05:00', '2026-03-03T15:00:00-05:00'];
    const run = (id: string, at: string) => client.workflow.execute<typeof recordAttemptsWorkflow>(WORKFLOW_TYPES.recordAttempts, {
      taskQueue, workflowId: WORKFLOW_IDS.attempts(id), args: [{ actor: 'agent:ann', source: 'test', attempts: [{ phone: FL, attemptedAt: at, channel: 'VOICE', campaign: 'spring' }] }],
    });
    const first = await run(uniqueName('a'), times[0]!);
    assert.deepEqual({ inserted: first.inserted, duplicates: first.duplicates }, { inserted: 1, duplicates: 0 });
    const journal = await deps.s3.send(new GetObjectCommand({ Bucket: deps.buckets.raw, Key: first.journalKey }));
    const entry = JSON.parse(await journal.Body!.transformToString()) as { stream: string; actor: string };
    assert.deepEqual([entry.stream, entry.actor], ['attempts', 'agent:ann']);
    // The same attempt again (another request): recognised, nothing added.
    const again = await run(uniqueName('a'), times[0]!);
    assert.deepEqual({ inserted: again.inserted, duplicates: again.duplicates }, { inserted: 0, duplicates: 1 });
    for (const t of times.slice(1)) await run(uniqueName('a'), t);

    const at = Date.parse('2026-03-03T17:00:00-05:00');
    const facts = await createFactsReader({ pool: db.pool }).read({ phone: FL, email: null, state: null }, at);
    assert.equal(facts.attempts.length, 3);
    const v = evaluate({ phone: FL, email: null, state: null }, { channel: 'VOICE', brand: null, campaign: null, dialMode: 'manual' }, at, facts, shippedRules());
    // No federal copy is loaded in this database: REGISTRY_STALE outranks the cap, which is still reported.
    assert.deepEqual(v.tags.map((t) => t.tag), ['REGISTRY_STALE', 'FREQ_CAPPED']);
  } finally {
    await close();
    await worker.stop();
  }
});

test('check --json and the text form name each tag with its basis; bad flags are named', { timeout: 120_000 }, () => {
  const r = cli(['check', '(305) 234-5678', '--at', '2026-03-03T17:00:00-05:00', '--mode', 'manual', '--json']);
  assert.equal(r.code, 0, r.err);
  const v = JSON.parse(r.out.trim().split('\n').at(-1)!) as { reported: string; tags: Array<{ tag: string; basis: { attempts?: string[] } }>; jurisdiction: { cap: { basis: string } } };
  assert.equal(v.reported, 'REGISTRY_STALE');
  const cap = v.tags.find((t) => t.tag === 'FREQ_CAPPED');
  assert.deepEqual(cap?.basis.attempts, ['2026-03-03T14:00:00.000Z', '2026-03-03T17:00:00.000Z', '2026-03-03T20:00:00.000Z']);
  assert.equal(v.jurisdiction.cap.basis, 'FL');
  const text = cli(['check', '+13052345678', '--at', '2026-03-03T20:30:00-05:00']);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /reported: REGISTRY_STALE/);
  assert.match(text.out, /OUTSIDE_CALLING_WINDOW\s+blocks\s+local time 2026-03-03 20:30 America\/New_York is outside 08:00-20:00/);
  assert.match(text.out, /no federal copy was loaded for area code 305/);
  const bad = cli(['check', '+13052345678', '--at', 'tomorrow']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--at must be an ISO 8601 time/);
  assert.match(cli(['check', '12', '--channel', 'VOICE']).err, /phone "12" is not a valid phone number/);
});
