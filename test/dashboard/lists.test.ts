// The priority list on the real stack: ranked by score, filtered, keyset pages forward and back, page jumps by rank
// and by deferred join agreeing with walking the pages, the calling window and frequency caps applied at the
// request's time with the compliance engine's rules, 400s naming the parameter, roles, and the streamed CSV.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seedComplianceTags, seedContacts } from '../../bench/dashboard-seed';
import { refreshDashboardTables } from '../../activities/dashboard/refresh-activities';
import { blockedFor, type ListClass } from '../../domain/compliance/list-classes';
import { shippedRules } from '../../domain/compliance/rules';
import { createTestDatabase, type TestDatabase } from '../support/services';
import { Client, startDashboard, type Harness } from './dashboard-harness';

/** 13:00 in New York, 10:00 in Los Angeles: every seeded area code is inside its calling window. */
const MIDDAY = Date.parse('2026-12-02T18:00:00Z');
/** 20:30 in New York and Miami, 17:30 in Los Angeles: Florida's window ends at 20:00, the federal one at 21:00. */
const EVENING = Date.parse('2026-12-03T01:30:00Z');
const ROWS = 3000;

interface Page { rows: Array<{ goldenId: number; score: number; state: string; phone: string; source: string; tag: string; updatedAt: string }>; next: string | null; prev: string | null; plan: string; total: number | null }

describe('priority list', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let dash: Harness;
  let evening: Harness;
  let ops: Client;
  let now = MIDDAY;

  before(async () => {
    db = await createTestDatabase('dash_lists');
    await seedContacts(db.pool, { rows: ROWS, migrationName: 'lists-seed' });
    // Stored statuses as a full scrub leaves them (every stored tag, and contacts without a result).
    await seedComplianceTags(db.pool);
    // A Miami number called three times in the last 24 h (Florida's cap is 3): frequency-capped at MIDDAY.
    const [capped] = await db.pool.query("SELECT phone_e164 FROM contacts WHERE phone_e164 LIKE '+1305%' ORDER BY id LIMIT 1") as unknown as [Array<{ phone_e164: string }>];
    for (const hoursAgo of [20, 10, 2]) {
      await db.pool.query("INSERT INTO contact_attempts (phone_e164, attempted_at, channel, actor, source) VALUES (?, ?, 'VOICE', 'test', 'test')",
        [capped[0]!.phone_e164, new Date(MIDDAY - hoursAgo * 3_600_000)]);
    }
    await refreshDashboardTables({ pool: db.pool }, { workflowId: 'lists-refresh', reason: 'manual' });
    dash = await startDashboard(db, { now: () => now });
    evening = await startDashboard(db, { now: () => EVENING });
    ops = new Client(dash.app);
    assert.equal((await ops.signIn('ops')).statusCode, 200);
  });
  after(async () => {
    await dash?.close();
    await evening?.close();
    await db?.drop();
  });

  const q = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params) as unknown as [Array<Record<string, unknown>>])[0];
  /** Contacts the stored facts (contact_compliance, not the summary) leave on a class's list, with something to reach on it. */
  const listableIds = async (cls: ListClass) => {
    const rows = await q(`SELECT c.id, c.email, c.phone_e164, cc.contact_id, cc.invalid_phone, cc.opted_out, cc.scoped_opt_outs, cc.litigator, cc.dnc_federal,
      cc.dnc_states, cc.wireless, CAST(UNIX_TIMESTAMP(cc.ebr_until) * 1000 AS UNSIGNED) AS ebr FROM contacts c LEFT JOIN contact_compliance cc ON cc.contact_id = c.id`);
    return rows.filter((f) => (cls === 'EMAIL' ? f.email !== null : f.phone_e164 !== null) && !blockedFor({
      scrubbed: f.contact_id !== null, invalidPhone: !!f.invalid_phone, optedOut: String(f.opted_out ?? ''), scopedOptOuts: !!f.scoped_opt_outs, litigator: !!f.litigator,
      dncFederal: !!f.dnc_federal, dncStates: String(f.dnc_states ?? ''), wireless: !!f.wireless, ebrUntil: f.ebr === null ? null : Number(f.ebr), emailCovered: true,
    }, cls, Date.now(), shippedRules().rules)).map((f) => Number(f.id)).sort((a, b) => a - b);
  };

  const get = async (url: string, client = ops): Promise<Page> => {
    const res = await client.request('GET', url);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Page;
  };

  test('ranked by score, the capped number left out, the total from the summary', async () => {
    const p = await get('/api/lists?size=20');
    assert.equal(p.rows.length, 20);
    for (let i = 1; i < p.rows.length; i++) assert.ok(p.rows[i - 1]!.score >= p.rows[i]!.score, 'descending score');
    const res = (await ops.request('GET', '/api/lists?size=20')).json();
    assert.equal(res.evaluated.frequencyCapped, 1);
    assert.equal(res.evaluated.outsideWindowJurisdictions, 0);
    assert.deepEqual(res.evaluated.registryStaleAreaCodes, []);
    assert.equal(res.campaign.channel, 'VOICE', 'the configured default campaign');
    assert.equal(res.evaluated.class, 'VOICE_MANUAL');
    const all: Page['rows'] = [];
    for await (const line of (await ops.request('GET', '/api/lists/export.csv')).body.trim().split('\n').slice(1)) all.push({ goldenId: Number(line.split(',')[0]) } as Page['rows'][number]);
    // The records a manual VOICE list may hold by their stored facts (the seed's CALLABLE and WIRELESS_RESTRICTED),
    // but the capped one.
    const capped = (await q('SELECT c.id FROM contacts c JOIN contact_attempts a ON a.phone_e164 = c.phone_e164')).map((r) => Number(r.id));
    const listable = (await listableIds('VOICE_MANUAL')).filter((id) => !capped.includes(id));
    assert.ok(listable.length > ROWS / 2 && listable.length < ROWS - 100, `most records but not all (${listable.length})`);
    assert.deepEqual(all.map((r) => r.goldenId).sort((a, b) => a - b), listable, 'the export holds every callable record once');
  });

  test('a filter narrows the list; forward and back by keyset return the same pages', async () => {
    const first = await get('/api/lists?state=CA&size=25');
    assert.ok(first.rows.length === 25 && first.rows.every((r) => r.state === 'CA'));
    assert.equal(first.prev, null);
    const second = await get(`/api/lists?state=CA&size=25&after=${first.next}`);
    assert.ok(second.rows.every((r) => r.state === 'CA'));
    assert.ok(second.rows[0]!.score <= first.rows.at(-1)!.score);
    assert.equal(new Set([...first.rows, ...second.rows].map((r) => r.goldenId)).size, 50, 'no row on two pages');
    const back = await get(`/api/lists?state=CA&size=25&before=${second.prev}`);
    assert.deepEqual(back.rows.map((r) => r.goldenId), first.rows.map((r) => r.goldenId));
    const narrow = await get('/api/lists?state=CA&source=csv&scoreMin=500&updatedSince=2025-01-01&sort=updated');
    assert.ok(narrow.rows.every((r) => r.state === 'CA' && r.score >= 500 && r.updatedAt >= '2025-01-01'));
    for (let i = 1; i < narrow.rows.length; i++) assert.ok(narrow.rows[i - 1]!.updatedAt >= narrow.rows[i]!.updatedAt);
  });

  test('the compliance tag filter: the listable records whose stored status is one of the tags, in score order, paged', async () => {
    // At MIDDAY the number attempted three times is frequency-capped: off every phone list, whatever its tag.
    const capped = new Set((await q('SELECT DISTINCT c.id FROM contacts c JOIN contact_attempts a ON a.phone_e164 = c.phone_e164')).map((r) => Number(r.id)));
    assert.equal(capped.size, 1);
    // What the scrub stored, read from the results table (not from the summary the list reads), among the records the
    // class's list may hold.
    const storedAs = async (tags: string[], cls: ListClass) => {
      const known = tags.filter((t) => t !== 'UNSCRUBBED');
      const tagged = new Set((known.length ? await q('SELECT contact_id AS id FROM contact_compliance WHERE status IN (?)', [known]) : []).map((r) => Number(r.id)));
      return (await listableIds(cls)).filter((id) => tagged.has(id) && (cls === 'EMAIL' || !capped.has(id)));
    };
    const exported = async (query: string) => {
      const res = await ops.request('GET', `/api/lists/export.csv?${query}`);
      assert.equal(res.statusCode, 200, res.body);
      const [header, ...lines] = res.body.trim().split('\n');
      const tagAt = header!.split(',').indexOf('compliance_tag');
      return lines.map((l) => ({ id: Number(l.split(',')[0]), tag: l.split(',')[tagAt]! }));
    };
    for (const [tags, cls, query] of [[['WIRELESS_RESTRICTED'], 'VOICE_MANUAL', ''], [['CALLABLE'], 'VOICE_MANUAL', ''], [['CALLABLE', 'WIRELESS_RESTRICTED'], 'VOICE_MANUAL', ''],
      [['CALLABLE'], 'VOICE_AUTOMATED', '&dialMode=automated'], [['LITIGATOR', 'DNC_FEDERAL'], 'EMAIL', '&channel=EMAIL']] as const) {
      const expected = await storedAs([...tags], cls);
      assert.ok(expected.length > 0 && expected.length < ROWS - 1, `${tags} on ${cls}: the seed holds some listable records with these tags (${expected.length}), not all`);
      const rows = await exported(`tag=${tags.join(',')}${query}`);
      assert.deepEqual(rows.map((r) => r.id).sort((a, b) => a - b), expected, `${tags} on ${cls}: the list is the listable records stored with these tags`);
      assert.ok(rows.every((r) => (tags as readonly string[]).includes(r.tag)), `${tags}: each row says its tag`);
    }
    // Keyset pages forward and back, and a jump (a deferred join: ranks do not know tags), agree with the walk.
    const first = await get('/api/lists?tag=WIRELESS_RESTRICTED&size=20');
    assert.equal(first.rows.length, 20);
    assert.ok(first.rows.every((r) => r.tag === 'WIRELESS_RESTRICTED'));
    for (let i = 1; i < first.rows.length; i++) assert.ok(first.rows[i - 1]!.score >= first.rows[i]!.score, 'descending score');
    assert.equal(first.total, null, 'no total without a summary to read it from');
    const second = await get(`/api/lists?tag=WIRELESS_RESTRICTED&size=20&after=${first.next}`);
    const third = await get(`/api/lists?tag=WIRELESS_RESTRICTED&size=20&after=${second.next}`);
    assert.deepEqual((await get(`/api/lists?tag=WIRELESS_RESTRICTED&size=20&before=${second.prev}`)).rows, first.rows);
    const jump = await get('/api/lists?tag=WIRELESS_RESTRICTED&size=20&page=3');
    assert.equal(jump.plan, 'deferred-join');
    assert.deepEqual(jump.rows, third.rows);
    // With a state and a score range: the intersection.
    const narrow = await exported('tag=WIRELESS_RESTRICTED&state=TX,FL&scoreMin=400');
    const wireless = new Set(await storedAs(['WIRELESS_RESTRICTED'], 'VOICE_MANUAL'));
    const inStates = await q("SELECT golden_id AS id FROM dash_priority WHERE state IN ('TX', 'FL') AND score >= 400");
    assert.deepEqual(narrow.map((r) => r.id).sort((a, b) => a - b), inStates.map((r) => Number(r.id)).filter((id) => wireless.has(id)).sort((a, b) => a - b));
    // A tag no record on the campaign's list can carry is a 400 naming tag, saying why (not an empty list).
    for (const [query, blocked] of [['tag=OPTED_OUT', 'OPTED_OUT'], ['tag=CALLABLE,DNC_STATE', 'DNC_STATE'], ['tag=WIRELESS_RESTRICTED&dialMode=automated', 'WIRELESS_RESTRICTED'],
      ['tag=UNSCRUBBED&channel=EMAIL', 'UNSCRUBBED']] as const) {
      for (const path of ['/api/lists', '/api/lists/export.csv']) {
        const res = await ops.request('GET', `${path}?${query}`);
        assert.equal(res.statusCode, 400, `${path}?${query}`);
        assert.equal(res.json().parameter, 'tag');
        assert.match(res.json().message, new RegExp(`records tagged ${blocked} are blocked for .* lists and never on one; this list's tags: CALLABLE`));
      }
    }
  });

  test('page jumps land where walking the pages lands: by rank, and by deferred join', async () => {
    const walk = async (query: string, pages: number) => {
      let p = await get(`/api/lists?${query}&size=10`);
      for (let i = 1; i < pages; i++) p = await get(`/api/lists?${query}&size=10&after=${p.next}`);
      return p.rows.map((r) => r.goldenId);
    };
    now = Date.parse('2026-12-02T18:00:30Z');
    // At MIDDAY one record is capped, so ranks (computed without it) do not apply: deferred join.
    const jump = await get('/api/lists?state=TX&size=10&page=7');
    assert.equal(jump.plan, 'deferred-join');
    assert.deepEqual(jump.rows.map((r) => r.goldenId), await walk('state=TX', 7));
    const filtered = await get('/api/lists?source=csv&scoreMax=900&sort=name&size=10&page=4');
    assert.equal(filtered.plan, 'deferred-join');
    assert.deepEqual(filtered.rows.map((r) => r.goldenId), await walk('source=csv&scoreMax=900&sort=name', 4));
    // Without the capped number (three days later its attempts have left the window): precomputed ranks.
    now = MIDDAY + 3 * 86_400_000;
    const byRank = await get('/api/lists?state=TX&size=10&page=7');
    assert.equal(byRank.plan, 'rank');
    assert.deepEqual(byRank.rows.map((r) => r.goldenId), await walk('state=TX', 7));
    // A score range (with or without a state) is a range of ranks: each page is the export's slice, to the last page
    // and past it, and a range holding nothing is an empty page.
    for (const query of ['state=TX&scoreMin=450', 'state=CA&scoreMin=300&scoreMax=600', 'scoreMax=500', 'scoreMin=400&scoreMax=700', 'scoreMin=1000']) {
      const csv = (await ops.request('GET', `/api/lists/export.csv?${query}`)).body.trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
      const lastPage = Math.max(1, Math.ceil(csv.length / 10));
      for (const page of [...new Set([2, 3, lastPage, lastPage + 1])]) {
        const jump = await get(`/api/lists?${query}&size=10&page=${page}`);
        assert.equal(jump.plan, page > 1 ? 'rank' : 'keyset', `${query} page ${page}`);
        assert.deepEqual(jump.rows.map((r) => r.goldenId), csv.slice((page - 1) * 10, page * 10), `${query} page ${page}`);
      }
    }
  });

  test('at 20:30 local a Florida number is outside its calling window, a New York one is not (COMPLIANCE.md)', async () => {
    const c = new Client(evening.app);
    await c.signIn('ops');
    const fl = await get('/api/lists?state=FL', c);
    assert.equal(fl.rows.length, 0);
    assert.equal(fl.total, 0);
    const ny = await get('/api/lists?state=NY&size=10', c);
    assert.equal(ny.rows.length, 10);
    assert.ok(ny.rows.every((r) => r.state === 'NY'));
    const email = await get('/api/lists?state=FL&channel=EMAIL&size=50', c);
    assert.equal(email.rows.length, 50, 'the calling window does not apply to e-mail');
    assert.ok(email.rows.every((r) => (r as unknown as { email: string | null }).email !== null), 'an e-mail list holds records with an e-mail');
  });

  test('bad parameters are 400s naming them; the list needs the operations role', async () => {
    for (const [q, param] of [['state=California', 'state'], ['scoreMin=2000', 'scoreMin'], ['sort=random', 'sort'], ['after=notacursor', 'after'], ['channel=FAX', 'channel'], ['colour=red', 'colour'], ['page=2&after=abc', 'page'], ['scoreMin=600&scoreMax=500', 'scoreMin'],
      ['tag=NOT_A_TAG', 'tag'], ['tag=callable', 'tag'], ['tag=REGISTRY_STALE', 'tag'], ['tag=CALLABLE,', 'tag'], ['tag=CALLABLE&tag=LITIGATOR', 'tag']] as const) {
      const res = await ops.request('GET', `/api/lists?${q}`);
      assert.equal(res.statusCode, 400, q);
      assert.equal(res.json().parameter, param, q);
    }
    const csv = await ops.request('GET', '/api/lists/export.csv?tag=FREQ_CAPPED');
    assert.equal(csv.statusCode, 400, 'the export checks the tag too (a clock tag is never stored)');
    assert.equal(csv.json().parameter, 'tag');
    assert.match(csv.json().message, /FREQ_CAPPED is not one of CALLABLE/);
    const rev = new Client(dash.app);
    await rev.signIn('rev');
    assert.equal((await rev.request('GET', '/api/lists')).statusCode, 403);
  });
});
