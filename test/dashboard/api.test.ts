// The dashboard API on the real stack: sign-in with CSRF, roles, 400s naming the parameter, the overview from the
// summary tables after a refresh, cache hits until the next refresh lands, /health degraded with Redis down, /metrics.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seedContacts } from '../../bench/dashboard-seed';
import { refreshDashboardTables } from '../../activities/dashboard/refresh-activities';
import { createDbPool } from '../../workers/clients';
import { createTestDatabase, type TestDatabase } from '../support/services';
import { Client, startDashboard, type Harness } from './dashboard-harness';

describe('dashboard API', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let dash: Harness;

  before(async () => {
    db = await createTestDatabase('dash_api');
    dash = await startDashboard(db);
  });
  after(async () => {
    await dash?.close();
    await db?.drop();
  });

  test('nothing but the public routes without signing in; sign-in needs the CSRF token and the right password', async () => {
    const anon = new Client(dash.app);
    assert.equal((await anon.request('GET', '/api/overview')).statusCode, 401);
    assert.equal((await anon.request('GET', '/health')).statusCode, 200);
    const noToken = await anon.request('POST', '/api/session', { username: 'ops', password: 'correct horse battery' });
    assert.equal(noToken.statusCode, 403);
    assert.match(noToken.json().message, /csrf/i);
    assert.equal((await anon.signIn('ops', 'wrong password')).statusCode, 401);
    assert.equal((await anon.signIn('nobody')).statusCode, 401);
    const ok = await anon.signIn('ops');
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json().user.capabilities, ['overview', 'lists']);
    const session = ok.cookies.find((c) => c.name === 'dash_session')!;
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.equal((await anon.request('GET', '/api/overview')).statusCode, 200);
    const tampered = new Client(dash.app);
    assert.equal((await tampered.request('GET', '/api/overview', undefined, { cookie: `dash_session=${session.value.replace(/.$/, 'x')}` })).statusCode, 401);
    assert.equal((await anon.request('DELETE', '/api/session', undefined, { 'x-csrf-token': anon.csrf })).statusCode, 204);
    assert.equal((await anon.request('GET', '/api/overview')).statusCode, 401);
  });

  test('a bad or unknown parameter is a 400 naming it', async () => {
    const c = new Client(dash.app);
    await c.signIn('rev');
    const bad = await c.request('GET', '/api/batches?limit=many');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().parameter, 'limit');
    const big = await c.request('GET', '/api/migrations?limit=100000');
    assert.deepEqual([big.statusCode, big.json().parameter], [400, 'limit']);
    const unknown = await c.request('GET', '/api/batches?limt=3');
    assert.deepEqual([unknown.statusCode, unknown.json().parameter], [400, 'limt']);
    const missing = await c.request('POST', '/api/session', { username: 'x' }, { 'x-csrf-token': c.csrf });
    assert.deepEqual([missing.statusCode, missing.json().parameter], [400, 'password']);
  });

  test('the overview reads the summary tables a refresh swapped in; cached until the next refresh lands', async () => {
    const c = new Client(dash.app);
    await c.signIn('boss');
    const empty = await c.request('GET', '/api/overview');
    assert.deepEqual(empty.json().counts, {});
    assert.equal(empty.json().refresh.generation, 0);

    await seedContacts(db.pool, { rows: 3000, migrationName: 'seed-a' });
    const r1 = await refreshDashboardTables({ pool: db.pool }, { workflowId: 'test-refresh-1', reason: 'manual' });
    assert.equal(r1.newBatches, 1);
    const first = await c.request('GET', '/api/overview');
    assert.equal(first.headers['x-cache'], 'miss');
    assert.equal(first.json().counts.contacts, 3000);
    assert.equal(first.json().counts.contacts_with_email, 2100);
    assert.equal(first.json().refresh.generation, r1.refreshId);
    assert.equal(first.json().states.reduce((s: number, x: { contacts: number }) => s + x.contacts, 0), 3000);
    const second = await c.request('GET', '/api/overview');
    assert.equal(second.headers['x-cache'], 'hit');
    assert.deepEqual(second.json(), first.json());

    const migrations = (await c.request('GET', '/api/migrations')).json().migrations;
    assert.equal(migrations[0].name, 'seed-a');
    assert.equal(migrations[0].sources[0].rowsRead, 3000);
    assert.deepEqual(migrations[0].sources[0].problems, []);
    const batches = (await c.request('GET', '/api/batches?limit=5')).json().batches;
    assert.equal(batches[0].rowsRead, 3000);

    // New contacts are invisible until the next refresh lands; then the generation moves and the cache misses.
    await db.pool.query("UPDATE contacts SET state = 'ZZ' WHERE id % 10 = 0");
    assert.equal((await c.request('GET', '/api/overview')).json().states.some((s: { state: string }) => s.state === 'ZZ'), false);
    const r2 = await refreshDashboardTables({ pool: db.pool }, { workflowId: 'test-refresh-2', reason: 'manual' });
    assert.equal(r2.newBatches, 0);
    const third = await c.request('GET', '/api/overview');
    assert.equal(third.headers['x-cache'], 'miss');
    assert.equal(third.json().refresh.generation, r2.refreshId);
    assert.equal(third.json().states.find((s: { state: string }) => s.state === 'ZZ').contacts, 300);
  });

  test('a reader during a refresh sees the old summaries or the new ones, never a mix or a missing table', async () => {
    const read = async () => {
      const [[o], [s]] = await Promise.all([
        db.pool.query("SELECT value FROM dash_overview WHERE metric = 'contacts'") as Promise<[Array<{ value: number }>, unknown]>,
        db.pool.query('SELECT SUM(contacts) AS n FROM dash_state_counts') as Promise<[Array<{ n: number }>, unknown]>,
      ]);
      return [Number(o[0]?.value), Number(s[0]?.n)];
    };
    const before = await read();
    await seedContacts(db.pool, { rows: 0, migrationName: 'seed-empty' });
    await db.pool.query("UPDATE contacts SET has_contact_key = 0 WHERE id % 3 = 0");
    let done = false;
    const seen: number[][] = [];
    const reader = (async () => {
      while (!done) seen.push(await read());
    })();
    await refreshDashboardTables({ pool: db.pool }, { workflowId: 'test-refresh-3', reason: 'manual' });
    done = true;
    await reader;
    assert.ok(seen.length > 0);
    for (const [contacts] of seen) assert.equal(contacts, before[0], 'the contact count is 3000 before and after');
    const overview = (await db.pool.query("SELECT value FROM dash_overview WHERE metric = 'contacts_without_key'"))[0] as Array<{ value: number }>;
    assert.equal(Number(overview[0]!.value), 1000);
  });

  test('once dedupe has written golden records, the overview counts them and the list holds one row per golden record', async () => {
    // The shape #11's engine stores: every contact in one golden record; here contact 2 merged into contact 1's.
    await db.pool.query(`INSERT INTO golden_records (id, status, representative_id, member_count, email, phone_e164, first_name, last_name, name_key, state, source_updated_at)
      SELECT id, 'active', id, 1, email, phone_e164, first_name, last_name, name_key, state, source_updated_at FROM contacts`);
    await db.pool.query("UPDATE golden_records SET status = 'retired', retired_into_id = 1 WHERE id = 2");
    await db.pool.query('UPDATE golden_records SET member_count = 2 WHERE id = 1');
    await db.pool.query('UPDATE contacts SET golden_id = IF(id = 2, 1, id), is_duplicate = (id = 2), is_original = (id <> 2), merged_into_id = IF(id = 2, 1, NULL)');
    await refreshDashboardTables({ pool: db.pool }, { workflowId: 'test-refresh-golden', reason: 'dedupe' });
    const c = new Client(dash.app);
    await c.signIn('boss');
    const counts = (await c.request('GET', '/api/overview')).json().counts;
    assert.deepEqual([counts.contacts, counts.golden_records, counts.duplicates_merged], [3000, 2999, 1]);
    const [[n]] = await db.pool.query('SELECT COUNT(*) AS n, SUM(member_count) AS m FROM dash_priority') as unknown as [[{ n: number; m: number }]];
    assert.deepEqual([Number(n.n), Number(n.m)], [2999, 3000]);
  });

  test('exact search by e-mail or phone finds the record; the detail explains it; a malformed value is a 400', async () => {
    const c = new Client(dash.app);
    await c.signIn('comp');
    const [[row]] = await db.pool.query('SELECT id, email, phone_e164 FROM contacts WHERE email IS NOT NULL ORDER BY id LIMIT 1') as unknown as [[{ id: number; email: string; phone_e164: string }]];
    const byEmail = (await c.request('GET', `/api/search?email=${encodeURIComponent(row.email.toUpperCase())}`)).json().results;
    assert.deepEqual(byEmail.map((r: { contact_id: number }) => r.contact_id), [row.id]);
    const byPhone = (await c.request('GET', `/api/search?phone=${encodeURIComponent(row.phone_e164)}`)).json().results;
    assert.ok(byPhone.some((r: { contact_id: number }) => r.contact_id === row.id));
    const bad = await c.request('GET', '/api/search?phone=555-0100');
    assert.deepEqual([bad.statusCode, bad.json().parameter], [400, 'phone']);
    const detail = await c.request('GET', `/api/records/${row.id}`);
    assert.equal(detail.statusCode, 200);
    assert.ok(detail.json().members.some((m: { id: number }) => m.id === row.id));
    assert.ok(Array.isArray(detail.json().compliance.tags));
    assert.equal((await c.request('GET', '/api/records/999999999')).statusCode, 404);
  });

  test('/metrics has per-route latency histograms; /api/openapi.json describes the routes', async () => {
    const text = (await new Client(dash.app).request('GET', '/metrics')).body;
    assert.match(text, /contacts_dashboard_request_duration_seconds_bucket\{le="1.5",component="dashboard",route="GET \/api\/overview"\} [1-9]/);
    assert.match(text, /contacts_dashboard_cache_lookups_total\{endpoint="overview",outcome="hit",component="dashboard"\} [1-9]/);
    const spec = (await new Client(dash.app).request('GET', '/api/openapi.json')).json();
    assert.equal(spec.openapi, '3.1.0');
    for (const p of ['/api/overview', '/api/migrations', '/api/batches', '/api/session', '/health']) assert.ok(spec.paths[p], `${p} is described`);
    assert.equal(spec.paths['/api/batches'].get.parameters[0].name, 'limit');
  });
});

describe('dashboard with Redis down', { timeout: 60_000 }, () => {
  let db: TestDatabase;
  let dash: Harness;
  before(async () => {
    db = await createTestDatabase('dash_noredis');
    // Nothing listens on port 1: every cache command fails at once.
    dash = await startDashboard(db, { redisUrl: 'redis://127.0.0.1:1/0' });
  });
  after(async () => {
    await dash?.close();
    await db?.drop();
  });

  test('answers from the database and /health says degraded', async () => {
    const health = await new Client(dash.app).request('GET', '/health');
    assert.equal(health.statusCode, 200);
    assert.deepEqual([health.json().status, health.json().database, health.json().cache], ['degraded', 'up', 'down']);
    const c = new Client(dash.app);
    assert.equal((await c.signIn('ops')).statusCode, 200, 'sign-in does not need Redis');
    const overview = await c.request('GET', '/api/overview');
    assert.equal(overview.statusCode, 200);
    assert.equal(overview.headers['x-cache'], 'miss');
  });
});

describe('dashboard with its database busy or failing', { timeout: 60_000 }, () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('dash_dbhealth');
  });
  after(async () => {
    await db?.drop();
  });

  test('/health says degraded (200) while every pool connection is taken, down (503) when the database refuses', async () => {
    // A pool of one connection, held by a 4 s query: the check waits behind it, as behind slow list pages.
    const onePool = createDbPool(db.config, { connectionLimit: 1 });
    const busy = await startDashboard({ ...db, pool: onePool });
    try {
      const holding = onePool.query('SELECT SLEEP(4)');
      const health = await new Client(busy.app).request('GET', '/health');
      assert.equal(health.statusCode, 200, health.body);
      assert.equal(health.json().status, 'degraded');
      assert.match(health.json().database, /^busy: database did not answer within 2000 ms/);
      await holding;
      const after = await new Client(busy.app).request('GET', '/health');
      assert.equal(after.json().database, 'up', 'up again once the connection is free');
    } finally {
      await busy.close();
      await onePool.end();
    }
    const refused = createDbPool({ ...db.config, DATABASE_URL: 'mysql://root@127.0.0.1:1/none' }, { connectionLimit: 1 });
    const down = await startDashboard({ ...db, pool: refused });
    try {
      const health = await new Client(down.app).request('GET', '/health');
      assert.equal(health.statusCode, 503);
      assert.equal(health.json().status, 'down');
      assert.match(health.json().database, /^down: /);
    } finally {
      await down.close();
      await refused.end();
    }
  });
});
