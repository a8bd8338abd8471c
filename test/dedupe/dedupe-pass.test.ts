// DedupeWorkflow on the real stack (Temporal dev server, MariaDB): a full pass links the same person across
// records and keeps twins, a household and 2,000 colleagues on one office phone apart; every contact gets a golden
// record; a second pass over unchanged data changes nothing; a new record of a merged person joins its cluster in
// an incremental pass; a keep-apart decision is obeyed by every later pass.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2';
import { createTestDatabase, activityDeps, uniqueName, type TestDatabase } from '../support/services';
import { startWorker, temporalClient } from '../support/temporal';
import { createProjectMetrics, METRIC_NAMES } from '../../metrics/project-metrics';
import { within } from '../support/wait';
import { ingestContactRows } from '../support/contact-rows';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { DedupeResult, dedupeWorkflow } from '../../workflows/dedupe';
import type { dedupeDecisionWorkflow } from '../../workflows/dedupe-decision';

let db: TestDatabase;
let deps: ReturnType<typeof activityDeps>;
let temporal: Awaited<ReturnType<typeof temporalClient>>;
let worker: { stop(): Promise<void> };
const taskQueue = uniqueName('dedupe');

async function pass(kind: 'full' | 'incremental'): Promise<DedupeResult> {
  const handle = await temporal.client.workflow.start<typeof dedupeWorkflow>(WORKFLOW_TYPES.dedupe, {
    taskQueue, workflowId: WORKFLOW_IDS.dedupe(uniqueName(kind)), args: [{ kind, actor: 'test' }],
  });
  return within(`dedupe pass ${handle.workflowId}`, 180_000, handle.result());
}

async function goldenOf(ids: number[]): Promise<number[]> {
  const [rows] = await db.pool.query<RowDataPacket[]>('SELECT id, golden_id FROM contacts WHERE id IN (?)', [ids]);
  const by = new Map(rows.map((r) => [Number(r.id), Number(r.golden_id)]));
  return ids.map((id) => by.get(id)!);
}

const count = async (sql: string) => Number((await db.pool.query<RowDataPacket[]>(sql))[0][0]!.n);

let robert: number[];
let twins: number[];
let household: number[];
let office: number[];
let lonely: number[];
/** The worker's metrics: a pass is counted once, by the call that commits it. */
const metrics = createProjectMetrics();
const metricSum = async (name: string) => ((await metrics.registry.getSingleMetric(name)?.get())?.values ?? []).reduce((a, v) => a + v.value, 0);

before(async () => {
  db = await createTestDatabase('dedupe');
  deps = activityDeps(db);
  temporal = await temporalClient();
  worker = await startWorker({ ...deps, metrics }, taskQueue, db.config);
  const home = { address: '12 Elm Street', city: 'Austin', state: 'TX', zip: '78701' };
  robert = await ingestContactRows(db, [
    { email: 'robert.smith@example.com', first: 'Robert', last: 'Smith', ...home, dob: '1970-03-04' },
    { email: 'robert.smith@example.com', phone: '+15125550199', first: 'Bob', last: 'Smtih' },
    { phone: '+15125550199', first: 'Robert', last: 'Smith', address: '99 Oak Ave', city: 'Dallas', state: 'TX', zip: '75201', dob: '1970-03-04' },
  ]);
  twins = await ingestContactRows(db, [
    { first: 'Anna', last: 'Nguyen', ...home, zip: '78702', address: '5 Pine Rd', dob: '2001-05-05', phone: '+15125550111', email: 'anna.n@example.com' },
    { first: 'Linh', last: 'Nguyen', ...home, zip: '78702', address: '5 Pine Rd', dob: '2001-05-05', phone: '+15125550122', email: 'linh.n@example.com' },
  ]);
  household = await ingestContactRows(db, [
    { first: 'Mary', last: 'Jones', address: '7 Hill Ct', city: 'Austin', zip: '78703', phone: '+15125550150', dob: '1960-01-01' },
    { first: 'Peter', last: 'Jones', address: '7 Hill Ct', city: 'Austin', zip: '78703', phone: '+15125550150', dob: '1958-07-12' },
  ]);
  const given = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan',
    'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Emily', 'Anthony', 'Donna', 'Mark', 'Sandra', 'Donald', 'Ashley'];
  const family = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez',
    'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez',
    'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker',
    'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins',
    'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper'];
  // 2,000 different people (distinct given/family combinations) on one office phone.
  office = await ingestContactRows(db, Array.from({ length: 2000 }, (_, i) => ({ first: given[i % given.length]!, last: family[Math.floor(i / given.length) % family.length]!, phone: '+15125550000' })));
  lonely = await ingestContactRows(db, [{ email: 'only.key@example.com' }, { first: '', last: '', city: 'Austin' }]);
});

after(async () => {
  await worker?.stop();
  await temporal?.close();
  await deps?.close();
  await db?.drop();
});

test('a full pass merges one person, keeps twins, a household and office colleagues apart, and gives everyone a golden record', { timeout: 300_000 }, async () => {
  const r = await pass('full');
  assert.equal(r.kind, 'full');
  assert.ok(r.rules.find((s) => s.rule === 'phone')!.oversizedBlocks >= 1, 'the office phone block is detected as oversized');
  const g = await goldenOf(robert);
  assert.equal(new Set(g).size, 1, `Robert / Bob / Smtih are one person (${g})`);
  const [rep] = await db.pool.query<RowDataPacket[]>('SELECT id, is_original, is_duplicate, merged_into_id FROM contacts WHERE id IN (?) ORDER BY id', [robert]);
  assert.equal(rep.filter((x) => x.is_original === 1).length, 1);
  const original = rep.find((x) => x.is_original === 1)!;
  for (const x of rep.filter((y) => y.is_duplicate === 1)) assert.equal(Number(x.merged_into_id), Number(original.id), 'duplicates point at the representative, never a chain');
  assert.equal(new Set(await goldenOf(twins)).size, 2, 'twins stay two people');
  assert.equal(new Set(await goldenOf(household)).size, 2, 'a household stays two people');
  assert.equal(new Set(await goldenOf(office)).size, office.length, 'colleagues sharing the office phone are not merged on it');
  assert.equal(new Set(await goldenOf(lonely)).size, 2);
  assert.equal(await count('SELECT COUNT(*) AS n FROM contacts WHERE golden_id IS NULL'), 0);
  assert.equal(await count("SELECT COUNT(*) AS n FROM contacts c LEFT JOIN golden_records g ON g.id = c.golden_id AND g.status = 'active' WHERE g.id IS NULL"), 0);
  const [log] = await db.pool.query<RowDataPacket[]>("SELECT rule, score, evidence, actor FROM dedupe_log WHERE action = 'merge' AND contact_id IN (?)", [robert]);
  assert.equal(log.length, 2);
  for (const l of log) {
    assert.equal(l.actor, 'test');
    assert.match(String(l.evidence), /:(exact|nickname|fuzzy)\(\+/);
  }
  const [golden] = await db.pool.query<RowDataPacket[]>('SELECT member_count, email, phone_e164, dob FROM golden_records WHERE id = ?', [g[0]]);
  assert.equal(golden[0]!.member_count, 3);
  assert.equal(golden[0]!.email, 'robert.smith@example.com');
  assert.equal(golden[0]!.phone_e164, '+15125550199');
  assert.equal(await metricSum(METRIC_NAMES.dedupeMerges), r.counts.merges, 'the merges are counted in the metrics');
  assert.equal(await metricSum(METRIC_NAMES.dedupeReviewQueue), r.counts.reviewQueueOpen);
});

test('a second pass over unchanged data changes nothing', { timeout: 300_000 }, async () => {
  const before = { log: await count('SELECT COUNT(*) AS n FROM dedupe_log'), history: await count('SELECT COUNT(*) AS n FROM change_history') };
  const [g1] = await db.pool.query<RowDataPacket[]>('SELECT id, golden_id, is_original, merged_into_id FROM contacts ORDER BY id');
  const full = await pass('full');
  const incremental = await pass('incremental');
  assert.equal(full.contacts.moved, 0);
  assert.equal(incremental.contactsInScope, 0);
  const [g2] = await db.pool.query<RowDataPacket[]>('SELECT id, golden_id, is_original, merged_into_id FROM contacts ORDER BY id');
  assert.deepEqual(g2, g1);
  assert.equal(await count('SELECT COUNT(*) AS n FROM dedupe_log'), before.log);
  assert.equal(await count('SELECT COUNT(*) AS n FROM change_history'), before.history);
});

test('the same person arriving again after a merge joins the cluster in an incremental pass', { timeout: 300_000 }, async () => {
  const [again] = await ingestContactRows(db, [{ email: 'robert.smith@example.com', phone: '+15125550777', first: 'Rob', last: 'Smith' }]);
  const r = await pass('incremental');
  assert.equal(r.kind, 'incremental');
  assert.equal(r.contactsInScope, 1);
  const [g] = await goldenOf([again!]);
  assert.equal(g, (await goldenOf(robert))[0]);
  assert.equal(await count(`SELECT member_count AS n FROM golden_records WHERE id = ${g}`), 4);
});

test('a keep-apart decision splits a cluster, the representative keeps its id, and no later pass re-merges them', { timeout: 300_000 }, async () => {
  const [a, b] = [Math.min(robert[0]!, robert[1]!), Math.max(robert[0]!, robert[1]!)];
  const before = (await goldenOf(robert))[0]!;
  const [members] = await db.pool.query<RowDataPacket[]>('SELECT id FROM contacts WHERE golden_id = ?', [before]);
  // Keep robert[1] apart from every other member (what an unmerge records).
  for (const m of members.map((x) => Number(x.id)).filter((id) => id !== robert[1])) {
    const [x, y] = [Math.min(m, robert[1]!), Math.max(m, robert[1]!)];
    await db.pool.query("INSERT INTO review_decisions (contact_a, contact_b, decision, origin, actor, workflow_id) VALUES (?, ?, 'keep-apart', 'unmerge', 'test', 'test-unmerge')", [x, y]);
  }
  void a;
  void b;
  await pass('full');
  const after1 = await goldenOf(robert);
  assert.notEqual(after1[1], after1[0], 'the unmerged contact has left the cluster');
  const [rep] = await db.pool.query<RowDataPacket[]>('SELECT representative_id FROM golden_records WHERE id = ?', [before]);
  assert.equal(after1[robert.indexOf(Number(rep[0]!.representative_id))] ?? before, before, 'the part holding the representative keeps the id');
  await pass('full');
  assert.deepEqual(await goldenOf(robert), after1, 'a later pass does not re-merge them');
});

test('a person\'s merge and unmerge run as DedupeDecisionWorkflow, carry the actor into the audit, and survive later passes', { timeout: 300_000 }, async () => {
  const decide = async (decision: 'merge' | 'unmerge', contactIds: number[]) => {
    const handle = await temporal.client.workflow.start<typeof dedupeDecisionWorkflow>(WORKFLOW_TYPES.dedupeDecision, {
      taskQueue, workflowId: WORKFLOW_IDS.dedupeDecision(decision, contactIds, uniqueName('t')), args: [{ decision, contactIds, actor: 'reviewer:ann', reason: 'test' }],
    });
    return within(`decision ${handle.workflowId}`, 180_000, handle.result());
  };
  // The household (two different people) merged by a person: one golden record, logged with the actor.
  const merged = await decide('merge', household);
  assert.equal(merged.recorded.pairs, 1);
  const [g1, g2] = await goldenOf(household);
  assert.equal(g1, g2);
  const [log] = await db.pool.query<RowDataPacket[]>("SELECT actor, rule FROM dedupe_log WHERE action = 'merge' AND contact_id IN (?)", [household]);
  assert.ok(log.some((l) => l.actor === 'reviewer:ann' && l.rule === 'decision'));
  await pass('full');
  assert.equal(new Set(await goldenOf(household)).size, 1, 'a later pass keeps a person\'s merge');
  // Unmerged again: apart, and kept apart.
  await decide('unmerge', [household[1]!]);
  assert.equal(new Set(await goldenOf(household)).size, 2);
  await pass('full');
  assert.equal(new Set(await goldenOf(household)).size, 2, 'a later pass never re-merges an unmerged pair');
  const [decisions] = await db.pool.query<RowDataPacket[]>('SELECT decision, origin, actor FROM review_decisions WHERE contact_a = ? AND contact_b = ? ORDER BY id', [household[0], household[1]]);
  assert.deepEqual(decisions.map((d) => [d.decision, d.origin, d.actor]), [['merge', 'merge', 'reviewer:ann'], ['keep-apart', 'unmerge', 'reviewer:ann']]);
  await assert.rejects(decide('unmerge', [lonely[0]!]), (err: unknown) => {
    let e: unknown = err;
    const messages: string[] = [];
    while (e instanceof Error) {
      messages.push(e.message);
      e = e.cause;
    }
    return messages.some((m) => /is not merged with any other contact/.test(m));
  });
});
