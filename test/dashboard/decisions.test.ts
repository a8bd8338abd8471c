// The dashboard's dedupe writes on the real stack (Temporal dev server, a worker, MariaDB): merge / unmerge need the
// admin role, the review decisions the reviewer role, every write the CSRF token; a bad parameter is a 400 naming
// it; a write starts the CLI's DedupeDecisionWorkflow and its actor (the signed-in user) is in the audit rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2';
import { activityDeps, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';
import { createWorkflowStarter } from '../../dashboard/write/workflow-starter';
import { Client, startDashboard, type Harness } from './dashboard-harness';
import { ingestRows, PEOPLE, runDedupePass } from './dedupe-fixture';

describe('dashboard dedupe writes', { timeout: 400_000 }, () => {
  let db: TestDatabase;
  let deps: ReturnType<typeof activityDeps>;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  let worker: { stop(): Promise<void> };
  let dash: Harness;
  let ids: number[];
  const taskQueue = uniqueName('dash-writes');

  before(async () => {
    db = await createTestDatabase('dash_writes');
    deps = activityDeps(db);
    temporal = await temporalClient();
    worker = await startWorker(deps, taskQueue, db.config);
    ids = await ingestRows(db, PEOPLE);
    await runDedupePass(temporal.client, taskQueue);
    dash = await startDashboard(db, { workflows: createWorkflowStarter(temporal.client, taskQueue, 120_000) });
  });
  after(async () => {
    await dash?.close();
    await worker?.stop();
    await temporal?.close();
    await deps?.close();
    await db?.drop();
  });

  const goldenOf = async (id: number) => Number((await db.pool.query<RowDataPacket[]>('SELECT golden_id FROM contacts WHERE id = ?', [id]))[0][0]!.golden_id);

  test('possible duplicates: block mates outside the record, closest name first (fuse.js)', async () => {
    const ops = new Client(dash.app);
    await ops.signIn('ops');
    const res = await ops.request('GET', `/api/search/similar?contact=${ids[5]}`);
    assert.equal(res.statusCode, 200, res.body);
    const a = res.json() as { contact: { name: string }; candidates: number; results: Array<{ contactId: number; firstName: string; nameScore: number; sharedBlocks: string[] }> };
    assert.equal(a.contact.name, 'Jon Parker');
    const john = a.results.find((r) => r.contactId === ids[6]);
    assert.ok(john, `John Parker (same surname, initial and postal code) is a possible duplicate: ${res.body}`);
    assert.ok(john.sharedBlocks.includes('nameZip'), `shares the name + postal code block (${john.sharedBlocks})`);
    assert.equal(a.results[0]!.contactId, ids[6], 'the closest name comes first');
    assert.ok(!a.results.some((r) => r.contactId === ids[7]), 'Carla shares no block with Jon');
    // Robert's own members are not his possible duplicates (they are already in his record).
    const robert = (await ops.request('GET', `/api/search/similar?contact=${ids[0]}`)).json() as { results: Array<{ contactId: number }> };
    assert.ok(!robert.results.some((r) => r.contactId === ids[1] || r.contactId === ids[2]), JSON.stringify(robert));
    const bad = await ops.request('GET', '/api/search/similar?contact=abc');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().parameter, 'contact');
    assert.equal((await ops.request('GET', '/api/search/similar?contact=5&threshold=2')).json().parameter, 'threshold');
    const missing = await ops.request('GET', '/api/search/similar?contact=999999999');
    assert.equal(missing.statusCode, 404);
  });

  test('roles, CSRF and validation come before any workflow starts', async () => {
    const ops = new Client(dash.app);
    await ops.signIn('ops');
    const denied = await ops.request('POST', '/api/dedupe/unmerge', { contactId: ids[1] }, { 'x-csrf-token': ops.csrf });
    assert.equal(denied.statusCode, 403);
    assert.match(denied.json().message, /do not allow merge/);
    const rev = new Client(dash.app);
    await rev.signIn('rev');
    assert.equal((await rev.request('POST', '/api/dedupe/merge', { contactA: ids[0], contactB: ids[5] }, { 'x-csrf-token': rev.csrf })).statusCode, 403);

    const boss = new Client(dash.app);
    await boss.signIn('boss');
    const noCsrf = await boss.request('POST', '/api/dedupe/unmerge', { contactId: ids[1] });
    assert.equal(noCsrf.statusCode, 403, 'a write without the CSRF token is refused');
    const bad = async (url: string, body: unknown) => {
      const res = await boss.request('POST', url, body, { 'x-csrf-token': boss.csrf });
      assert.equal(res.statusCode, 400, `${url} ${JSON.stringify(body)}: ${res.body}`);
      return res.json() as { parameter: string; message: string };
    };
    assert.equal((await bad('/api/dedupe/unmerge', { contactId: 'seven' })).parameter, 'contactId');
    assert.equal((await bad('/api/dedupe/unmerge', { contactId: ids[1], actor: 'someone else' })).parameter, 'actor', 'the actor is the signed-in user, never a parameter');
    assert.equal((await bad('/api/dedupe/unmerge', { contactId: 999_999_999 })).parameter, 'contactId');
    assert.match((await bad('/api/dedupe/unmerge', { contactId: ids[7] })).message, /not merged with any other contact/);
    assert.equal((await bad('/api/dedupe/merge', { contactA: ids[0], contactB: ids[0] })).parameter, 'contactB');
    assert.match((await bad('/api/dedupe/merge', { contactA: ids[0], contactB: ids[2] })).message, /already in golden record/);
    assert.equal((await bad('/api/dedupe/merge', { contactA: ids[0], contactB: ids[5], requestId: 'x y' })).parameter, 'requestId');
    assert.equal((await bad('/api/review/decisions', { contactA: ids[5], contactB: ids[7], decision: 'maybe' })).parameter, 'decision');
    const notQueued = await rev.request('POST', '/api/review/decisions', { contactA: ids[5], contactB: ids[7], decision: 'merge' }, { 'x-csrf-token': rev.csrf });
    assert.equal(notQueued.statusCode, 400);
    assert.match(notQueued.json().message, /not an open pair of the review queue/);
    const [[{ n }]] = await db.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM review_decisions') as unknown as [[{ n: number }]];
    assert.equal(Number(n), 0, 'no refused request recorded a decision');
  });

  test('an admin\'s unmerge and merge run as DedupeDecisionWorkflow with the admin as actor, in the audit', async () => {
    const boss = new Client(dash.app);
    await boss.signIn('boss');
    const robert = await goldenOf(ids[0]!);
    assert.equal(await goldenOf(ids[1]!), robert, 'the pass merged Robert\'s records');
    const res = await boss.request('POST', '/api/dedupe/unmerge', { contactId: ids[1], reason: 'different person', requestId: 'unmerge-test-1' }, { 'x-csrf-token': boss.csrf });
    assert.equal(res.statusCode, 200, res.body);
    const answer = res.json() as { workflowId: string; status: string; actor: string; result: { recorded: { pairs: number } } };
    assert.equal(answer.status, 'completed');
    assert.equal(answer.actor, 'dashboard:boss');
    assert.match(answer.workflowId, /^dedupe-decision-unmerge-\d+-unmerge-test-1$/);
    assert.equal(answer.result.recorded.pairs, 2);
    assert.notEqual(await goldenOf(ids[1]!), robert, 'the contact left the golden record');
    const [log] = await db.pool.query<RowDataPacket[]>('SELECT action, actor, workflow_id FROM dedupe_log WHERE contact_id = ? AND actor = ?', [ids[1], 'dashboard:boss']);
    assert.ok(log.length >= 1, 'dedupe_log names the admin');
    const [decisions] = await db.pool.query<RowDataPacket[]>('SELECT origin, actor, reason FROM review_decisions WHERE workflow_id = ?', [answer.workflowId]);
    assert.deepEqual(decisions.map((d) => [d.origin, d.actor, d.reason]), [['unmerge', 'dashboard:boss', 'different person'], ['unmerge', 'dashboard:boss', 'different person']]);
    // The same click again (same request key) finds the first run: nothing is decided twice.
    const again = await boss.request('POST', '/api/dedupe/unmerge', { contactId: ids[1], reason: 'different person', requestId: 'unmerge-test-1' }, { 'x-csrf-token': boss.csrf });
    assert.equal(again.statusCode, 400, 'once unmerged, the contact is alone: the check refuses a second unmerge');
    // The detail view of the record it left shows the unmerge with the actor.
    const detail = (await boss.request('GET', `/api/records/${robert}`)).json() as { evidence: Array<{ actor: string; contact_id: number }> };
    assert.ok(detail.evidence.some((e) => e.actor === 'dashboard:boss' && Number(e.contact_id) === ids[1]), 'the record\'s evidence shows the unmerge');

    const merged = await boss.request('POST', '/api/dedupe/merge', { contactA: ids[0], contactB: ids[7], requestId: 'merge-test-1' }, { 'x-csrf-token': boss.csrf });
    assert.equal(merged.statusCode, 200, merged.body);
    assert.equal(await goldenOf(ids[7]!), await goldenOf(ids[0]!));
  });

  test('a reviewer sees open pairs side by side and decides one: keep-apart, with the reviewer as actor', async () => {
    // The pass put pairs in the review band when it found any; a queue row of our own otherwise (as a pass writes it).
    const [[open]] = await db.pool.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM review_queue WHERE status = 'open'") as unknown as [[{ n: number }]];
    if (Number(open.n) === 0) {
      await db.pool.query("INSERT INTO review_queue (contact_a, contact_b, score, evidence, pass_id) VALUES (?, ?, 42.5, 'name:fuzzy(+4) city:exact(+3)', 1)", [ids[5], ids[6]]);
    }
    const rev = new Client(dash.app);
    await rev.signIn('rev');
    const queue = (await rev.request('GET', '/api/review?limit=5')).json() as { open: number; pairs: Array<{ a: { id: number; firstName: string }; b: { id: number }; score: number }> };
    assert.ok(queue.open >= 1 && queue.pairs.length >= 1);
    const pair = queue.pairs[0]!;
    assert.ok(pair.a.id < pair.b.id && typeof pair.a.firstName === 'string');
    const res = await rev.request('POST', '/api/review/decisions', { contactA: pair.b.id, contactB: pair.a.id, decision: 'keep-apart' }, { 'x-csrf-token': rev.csrf });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().actor, 'dashboard:rev');
    const [q] = await db.pool.query<RowDataPacket[]>('SELECT status FROM review_queue WHERE contact_a = ? AND contact_b = ?', [pair.a.id, pair.b.id]);
    assert.equal(q[0]!.status, 'decided');
    const [d] = await db.pool.query<RowDataPacket[]>('SELECT decision, origin, actor FROM review_decisions WHERE contact_a = ? AND contact_b = ?', [pair.a.id, pair.b.id]);
    assert.deepEqual(d.map((x) => [x.decision, x.origin, x.actor]), [['keep-apart', 'review', 'dashboard:rev']]);
    assert.equal((await rev.request('GET', '/api/review?limit=5')).json().open, queue.open - 1);
  });

  test('a compliance officer\'s opt-out runs as OptOutWorkflow with the officer as actor; others may not', async () => {
    const ops = new Client(dash.app);
    await ops.signIn('ops');
    assert.equal((await ops.request('POST', '/api/compliance/opt-outs', { phone: '+15125550300', method: 'AGENT' }, { 'x-csrf-token': ops.csrf })).statusCode, 403);
    const comp = new Client(dash.app);
    await comp.signIn('comp');
    const bad = async (body: unknown) => {
      const res = await comp.request('POST', '/api/compliance/opt-outs', body, { 'x-csrf-token': comp.csrf });
      assert.equal(res.statusCode, 400, res.body);
      return res.json().parameter as string;
    };
    assert.equal(await bad({ phone: '5125550300', method: 'AGENT' }), 'phone');
    assert.equal(await bad({ phone: '+15125550300', method: 'CARRIER_PIGEON' }), 'method');
    assert.equal(await bad({ phone: '+15125550300', email: 'carla@example.com', method: 'AGENT' }), 'email');
    assert.equal(await bad({ phone: '+15125550300', method: 'AGENT', scope: 'brand' }), 'scopeValue');
    assert.equal(await bad({ method: 'AGENT' }), 'phone');
    const res = await comp.request('POST', '/api/compliance/opt-outs', { phone: '+15125550300', method: 'AGENT', evidence: 'call 2026-12-04 ref 77', requestId: 'optout-test-1' }, { 'x-csrf-token': comp.csrf });
    assert.equal(res.statusCode, 200, res.body);
    const answer = res.json() as { workflowId: string; actor: string; result: { suppressionId: number; contactsRescrubbed: number } };
    assert.equal(answer.actor, 'dashboard:comp');
    assert.match(answer.workflowId, /^opt-out-[0-9a-f]{24}$/);
    assert.ok(answer.result.contactsRescrubbed >= 1, 'Carla\'s stored status was re-evaluated');
    const [rows] = await db.pool.query<RowDataPacket[]>('SELECT kind, channel, method, source, evidence, actor FROM suppression_log WHERE id = ?', [answer.result.suppressionId]);
    assert.deepEqual({ ...rows[0] }, { kind: 'opt-out', channel: 'ALL', method: 'AGENT', source: 'dashboard', evidence: 'call 2026-12-04 ref 77', actor: 'dashboard:comp' });
    // The same click again finds the first run: one suppression row.
    const again = await comp.request('POST', '/api/compliance/opt-outs', { phone: '+15125550300', method: 'AGENT', evidence: 'call 2026-12-04 ref 77', requestId: 'optout-test-1' }, { 'x-csrf-token': comp.csrf });
    assert.equal(again.json().result.suppressionId, answer.result.suppressionId);
  });
});
