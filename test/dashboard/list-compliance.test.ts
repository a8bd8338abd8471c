// The priority list holds only records callable for the request's campaign (COMPLIANCE.md's rules, issue #16), on the
// real stack: stored statuses written by the compliance engine's own storedRow from facts (an opt-out, a DNC listing
// without and with an EBR, a wireless number, a record never scrubbed), REGISTRY_STALE evaluated at the request's time
// per area code, an EBR lapsing after the refresh; and keyset pages, page jumps and the CSV export agreeing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seedComplianceTags, seedContacts, seedFederalCopy } from '../../bench/dashboard-seed';
import { refreshDashboardTables } from '../../activities/dashboard/refresh-activities';
import { addMonths } from '../../domain/compliance/exemptions';
import { NO_REGISTRY, type ComplianceFacts, type RegistryFacts, type SuppressionFact } from '../../domain/compliance/facts';
import { shippedRules } from '../../domain/compliance/rules';
import { storedRow, type StoredRow } from '../../domain/compliance/stored-status';
import { PendingOptOutsError, readTimeExclusions } from '../../dashboard/read/read-time-rules';
import { createTestDatabase, type TestDatabase } from '../support/services';
import { Client, startDashboard, type Harness } from './dashboard-harness';

const ROWS = 600;
const HOUR = 3_600_000;
/** The next 18:00 UTC (13:00 in New York, 10:00 in Los Angeles: every seeded area code inside its calling window). */
const T0 = (() => {
  const d = new Date();
  const at = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 18);
  return at > Date.now() + HOUR ? at : at + 24 * HOUR;
})();

interface Page { rows: Array<{ goldenId: number; tag: string; phone: string | null; email: string | null }>; next: string | null; prev: string | null; plan: string; total: number | null; evaluated: Record<string, unknown> }

describe('the list holds only records callable for the campaign', { timeout: 240_000 }, () => {
  let db: TestDatabase;
  let dash: Harness;
  let ops: Client;
  let clock = T0;
  const ids: Record<string, number> = {};
  const q = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params) as unknown as [Array<Record<string, unknown>>])[0];

  before(async () => {
    db = await createTestDatabase('dash_list_compl');
    await seedContacts(db.pool, { rows: ROWS, migrationName: 'list-compliance-seed' });
    await seedComplianceTags(db.pool);
    // New York records with a phone and an e-mail, callable as seeded: each gets the facts of one case below.
    const picked = await q("SELECT c.id, c.phone_e164, c.email, c.state FROM contacts c JOIN contact_compliance cc ON cc.contact_id = c.id WHERE cc.status = 'CALLABLE' AND c.email IS NOT NULL AND c.phone_e164 LIKE '+1212%' ORDER BY c.id LIMIT 7");
    assert.equal(picked.length, 7);
    const [scrub] = await q('SELECT MAX(scrub_id) AS id FROM contact_compliance');
    const now = Date.now();
    const copy = (list: string) => ({ list, copyId: 1, versionId: 1, asOf: new Date(now).toISOString() });
    const federal: RegistryFacts = { ...NO_REGISTRY, federal: { copy: copy('federal'), listed: true } };
    const optOut = (phone: string, channel: SuppressionFact['channel']): SuppressionFact => ({
      id: 1, kind: 'opt-out', phone, email: null, channel, scope: 'global', scopeValue: null, method: 'SMS_STOP', receivedAt: now - HOUR, source: 'test', evidence: null, actor: 'test',
    });
    const transaction = (occurredAt: number) => ({ id: 1, kind: 'transaction' as const, occurredAt, brand: null, reference: 'order-1' });
    const cases: Array<[string, (phone: string) => Partial<ComplianceFacts>]> = [
      ['optedOut', (phone) => ({ suppressions: [optOut(phone, 'ALL')] })],
      ['smsOptOut', (phone) => ({ suppressions: [optOut(phone, 'SMS')] })],
      ['dncNoEbr', () => ({ registry: federal })],
      // COMPLIANCE.md: a purchase 17 months ago is an EBR; the federal listing does not block.
      ['dncEbr', () => ({ registry: federal, evidence: [transaction(addMonths(now, -17))] })],
      // An EBR that lapses two hours after T0: on the list at T0, off it at T0 + 3 h without a refresh in between.
      ['dncEbrLapsing', () => ({ registry: federal, evidence: [transaction(addMonths(T0 + 2 * HOUR, -18))] })],
      ['wireless', () => ({ registry: { ...NO_REGISTRY, federal: { copy: copy('federal'), listed: false }, wireless: { copy: copy('wireless'), listed: true } } })],
    ];
    const rows: StoredRow[] = cases.map(([name, facts], i) => {
      const c = picked[i]!;
      ids[name] = Number(c.id);
      return storedRow(Number(c.id), { phone: String(c.phone_e164), email: String(c.email), state: String(c.state) },
        { suppressions: [], registry: NO_REGISTRY, evidence: [], consents: [], attempts: [], ...facts(String(c.phone_e164)) }, now, shippedRules());
    });
    assert.deepEqual(rows.map((r) => r.status), ['OPTED_OUT', 'CALLABLE', 'DNC_FEDERAL', 'CALLABLE', 'CALLABLE', 'WIRELESS_RESTRICTED'], 'the engine\'s stored statuses');
    await db.pool.query(`REPLACE INTO contact_compliance (contact_id, npa, status, blocked, invalid_phone, opted_out, scoped_opt_outs, litigator, dnc_federal, dnc_states, wireless, ebr_until, consent_brands, scrub_id)
      VALUES ?`, [rows.map((r) => [r.contactId, r.npa, r.status, r.status !== 'CALLABLE', r.invalidPhone, r.optedOut, r.scopedOptOuts, r.litigator, r.dncFederal, r.dncStates,
      r.wireless, r.ebrUntil === null ? null : new Date(r.ebrUntil), r.consentBrands, scrub!.id])]);
    ids.unscrubbed = Number(picked[6]!.id);
    await db.pool.query('DELETE FROM contact_compliance WHERE contact_id = ?', [ids.unscrubbed]);
    await refreshDashboardTables({ pool: db.pool }, { workflowId: 'list-compliance-refresh', reason: 'manual' });
    dash = await startDashboard(db, { now: () => clock });
    ops = new Client(dash.app);
    assert.equal((await ops.signIn('ops')).statusCode, 200);
  });
  after(async () => {
    await dash?.close();
    await db?.drop();
  });

  const get = async (url: string): Promise<Page> => {
    const res = await ops.request('GET', url);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Page;
  };
  const exported = async (query: string) => {
    const res = await ops.request('GET', `/api/lists/export.csv?${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.body.trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
  };
  const CAMPAIGNS = {
    voiceManual: 'channel=VOICE&dialMode=manual', voiceAutomated: 'channel=VOICE&dialMode=automated', smsManual: 'channel=SMS&dialMode=manual',
    smsAutomated: 'channel=SMS&dialMode=automated', email: 'channel=EMAIL',
  } as const;
  const membership = async () => {
    const lists = Object.fromEntries(await Promise.all(Object.entries(CAMPAIGNS).map(async ([k, v]) => [k, new Set(await exported(v))] as const)));
    return (name: string) => Object.keys(CAMPAIGNS).filter((k) => lists[k]!.has(ids[name]!));
  };

  test('each record is on exactly the lists its stored facts allow', async () => {
    const on = await membership();
    assert.deepEqual(on('optedOut'), [], 'opted out on every channel: on no list');
    assert.deepEqual(on('smsOptOut'), ['voiceManual', 'voiceAutomated', 'email'], 'an SMS-only opt-out leaves the voice and e-mail lists');
    assert.deepEqual(on('dncNoEbr'), ['email'], 'on the federal registry without an exemption: on no phone list');
    assert.deepEqual(on('dncEbr'), ['voiceManual', 'voiceAutomated', 'smsManual', 'smsAutomated', 'email'], 'an active EBR exempts the federal listing');
    assert.deepEqual(on('dncEbrLapsing'), ['voiceManual', 'voiceAutomated', 'smsManual', 'smsAutomated', 'email'], 'its EBR is active until T0 + 2 h');
    assert.deepEqual(on('wireless'), ['voiceManual', 'smsManual', 'email'], 'a wireless number: dialled by hand, not by the autodialler');
    assert.deepEqual(on('unscrubbed'), [], 'never scrubbed: on no list');
    // The default campaign (VOICE, manual) is what a request without one gets.
    assert.deepEqual(await exported(''), await exported(CAMPAIGNS.voiceManual));
  });

  /** Walks every keyset page (checking back-paging on the way), jumps to each page, and exports: all must agree. */
  const agree = async (query: string, size: number, plan: string) => {
    const walked: number[][] = [];
    let p = await get(`/api/lists?${query}&size=${size}`);
    for (;;) {
      walked.push(p.rows.map((r) => r.goldenId));
      if (walked.length > 1) assert.deepEqual((await get(`/api/lists?${query}&size=${size}&before=${p.prev}`)).rows.map((r) => r.goldenId), walked.at(-2), 'back one page');
      if (!p.next) break;
      p = await get(`/api/lists?${query}&size=${size}&after=${p.next}`);
    }
    assert.ok(walked.length >= 5, `several pages (${walked.length})`);
    for (let n = 2; n <= walked.length; n++) {
      const jump = await get(`/api/lists?${query}&size=${size}&page=${n}`);
      assert.equal(jump.plan, plan, `page ${n} of ${query}`);
      assert.deepEqual(jump.rows.map((r) => r.goldenId), walked[n - 1], `page ${n} of ${query}: the jump lands where walking lands`);
    }
    assert.deepEqual(await exported(query), walked.flat(), `${query}: the export is the walk`);
    return walked.flat();
  };

  test('keyset pages, page jumps (by rank for the default campaign, by deferred join for another) and the export agree', async () => {
    const first = await get('/api/lists?size=20');
    const all = await agree('', 20, 'rank');
    assert.equal(first.total, all.length, 'the total counts the listable records');
    assert.ok(!all.includes(ids.optedOut!) && all.includes(ids.wireless!));
    const automated = await agree(CAMPAIGNS.voiceAutomated, 20, 'deferred-join');
    assert.ok(!automated.includes(ids.wireless!) && automated.every((id) => all.includes(id)), 'the automated list is the manual one without the wireless records');
    await agree('state=NY', 5, 'rank');
  });

  test('an EBR that lapses after the refresh takes the record off the phone lists at the request\'s time', async () => {
    clock = T0 + 3 * HOUR;
    const on = await membership();
    assert.deepEqual(on('dncEbrLapsing'), ['email']);
    assert.deepEqual(on('dncEbr'), ['voiceManual', 'voiceAutomated', 'smsManual', 'smsAutomated', 'email']);
    const p = await get('/api/lists?size=5');
    assert.equal(p.evaluated.exemptionsLapsed, 1);
    assert.equal(p.total, null, 'an excluded record: no total from the summary');
    await agree('', 20, 'deferred-join');
    clock = T0;
  });

  test('an area code whose newest federal copy is older than 31 days is left out of the phone lists (REGISTRY_STALE)', async () => {
    const miami = (await q("SELECT golden_id AS id, email FROM dash_priority WHERE npa = '305'")).map((r) => ({ id: Number(r.id), email: r.email }));
    assert.ok(miami.length > 10);
    const before = new Set(await exported(''));
    assert.ok(miami.some((r) => before.has(r.id)), 'on the list while its copy is fresh');
    // A later federal copy for 305 downloaded 40 days before T0 is now the newest: its date is what counts.
    await seedFederalCopy(db.pool, ['305'], new Date(T0 - 40 * 24 * HOUR));
    clock = T0 + 60_000;
    const p = await get('/api/lists?size=5');
    assert.deepEqual(p.evaluated.registryStaleAreaCodes, ['305']);
    assert.equal(p.evaluated.registryStaleJurisdictions, 1);
    const voice = new Set(await exported(''));
    assert.deepEqual([...before].filter((id) => !voice.has(id)).sort((a, b) => a - b), miami.map((r) => r.id).filter((id) => before.has(id)).sort((a, b) => a - b),
      'the 305 records, and only they, left the voice list');
    const email = new Set(await exported(CAMPAIGNS.email));
    assert.ok(miami.some((r) => r.email !== null && email.has(r.id)), 'the registry does not apply to e-mail');
    // Florida's other area code (813) is fresh: the state's list holds it alone, and the summary's total says so.
    const fl = await get('/api/lists?state=FL&size=200');
    assert.ok(fl.rows.length > 0 && fl.rows.every((r) => r.phone?.startsWith('+1813')));
    assert.equal(fl.total, (await exported('state=FL')).length);
    await agree('', 20, 'deferred-join');
    // Exactly 31 days old is still fresh (older than 31 days is stale): the engine's rule.
    clock = T0 - 9 * 24 * HOUR;
    assert.deepEqual((await get('/api/lists?size=5')).evaluated.registryStaleAreaCodes, []);
    clock = T0;
  });

  test('an opt-out recorded after the refresh takes the record off every list at once, until a refresh has its new status', async () => {
    clock = T0 + 2 * 60_000;
    const [c] = await q('SELECT phone_e164 FROM contacts WHERE id = ?', [ids.dncEbr]);
    assert.deepEqual((await membership())('dncEbr'), ['voiceManual', 'voiceAutomated', 'smsManual', 'smsAutomated', 'email']);
    // As OptOutWorkflow writes it; its re-scrub of the stored status is not run here, so only the read-time rule acts.
    await db.pool.query(`INSERT INTO suppression_log (kind, phone_e164, channel, scope, method, received_at, source, actor, request_key)
      VALUES ('opt-out', ?, 'ALL', 'global', 'AGENT', NOW(3), 'test', 'test', SHA2(UUID(), 256))`, [c!.phone_e164]);
    clock = T0 + 3 * 60_000;
    assert.deepEqual((await membership())('dncEbr'), []);
    const p = await get('/api/lists?size=5');
    assert.equal(p.evaluated.optedOutSinceRefresh, 1);
    assert.equal(p.total, null);
    // More pending opt-outs than a request leaves out one by one: no list until a refresh (the limit is 10,000).
    await assert.rejects(readTimeExclusions(db.pool, { channel: 'EMAIL', brand: 'default', dialMode: 'manual' }, clock, undefined, shippedRules(), 0),
      (err: Error) => err instanceof PendingOptOutsError && /more than 0 opt-outs since the last dashboard refresh/.test(err.message));
    // A refresh now still leaves it out: its mark stays 10 minutes behind (the opt-out's re-scrub may not be in it).
    await refreshDashboardTables({ pool: db.pool }, { workflowId: 'list-compliance-refresh-2', reason: 'manual' });
    clock = T0 + 4 * 60_000;
    assert.deepEqual((await membership())('dncEbr'), []);
    // A bulk load of more than 10,000 opt-outs since the refresh: the list answers 503 and says why (it cannot leave
    // them out one by one), until a refresh reads their statuses. (suppression_log is append-only: this test is last.)
    const digits = '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
    await db.pool.query(`INSERT INTO suppression_log (kind, phone_e164, channel, scope, method, received_at, source, actor, request_key)
      SELECT 'opt-out', CONCAT('+1917', LPAD(2000000 + n, 7, '0')), 'ALL', 'global', 'FILE', NOW(3), 'test bulk', 'test', SHA2(CONCAT('bulk-', n), 256)
        FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e, ${digits} f) g WHERE n <= 10000`);
    clock = T0 + 5 * 60_000;
    const refused = await ops.request('GET', '/api/lists');
    assert.equal(refused.statusCode, 503);
    assert.deepEqual(refused.json(), { error: 'unavailable', message: 'more than 10000 opt-outs since the last dashboard refresh: the lists wait for the next refresh' });
    clock = T0;
  });
});
