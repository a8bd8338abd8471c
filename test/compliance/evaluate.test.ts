// The named cases beyond COMPLIANCE.md's examples: DST start and end, an area code spanning two zones, a
// number on the federal and a state list, invalid numbers, state exemptions, wireless, re-opt-in, the tag order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../domain/compliance/evaluate';
import { nanpVerdict } from '../../domain/compliance/nanp';
import { ruleSetOf, RulesFileError, shippedRules } from '../../domain/compliance/rules';
import { areaCodeInfo } from '../../domain/compliance/area-codes';
import { VOICE, copy, facts, optOut } from './fixtures';

const rules = shippedRules();
const NY = { phone: '+12122345678', email: null, state: null };
const asOf = '2026-02-20T00:00:00Z';

test('the day daylight saving time begins (2026-03-08): 12:30Z is 08:30 EDT, inside; the day before it was 07:30 EST, outside', () => {
  assert.equal(evaluate(NY, VOICE, Date.parse('2026-03-08T12:30:00Z'), facts(asOf), rules).reported, 'CALLABLE');
  const before = evaluate(NY, VOICE, Date.parse('2026-03-07T12:30:00Z'), facts(asOf), rules);
  assert.equal(before.reported, 'OUTSIDE_CALLING_WINDOW');
  assert.equal(before.nextEligibleAt, '2026-03-07T13:00:00.000Z', '08:00 EST');
  // 21:30 EST on the evening before the change: the window opens again at 08:00 EDT, which is 12:00Z, not 13:00Z.
  const evening = evaluate(NY, VOICE, Date.parse('2026-03-08T02:30:00Z'), facts(asOf), rules);
  assert.equal(evening.reported, 'OUTSIDE_CALLING_WINDOW');
  assert.equal(evening.nextEligibleAt, '2026-03-08T12:00:00.000Z');
  assert.equal(evaluate(NY, VOICE, Date.parse('2026-03-08T01:30:00Z'), facts(asOf), rules).reported, 'CALLABLE', '20:30 EST');
});

test('the day daylight saving time ends (2026-11-01): 12:30Z is 07:30 EST, outside; the day before 08:30 EDT, inside', () => {
  const late = '2026-10-20T00:00:00Z';
  const after = evaluate(NY, VOICE, Date.parse('2026-11-01T12:30:00Z'), facts(late), rules);
  assert.equal(after.reported, 'OUTSIDE_CALLING_WINDOW');
  assert.equal(after.nextEligibleAt, '2026-11-01T13:00:00.000Z', '08:00 EST');
  assert.equal(evaluate(NY, VOICE, Date.parse('2026-10-31T12:30:00Z'), facts(late), rules).reported, 'CALLABLE');
});

test('a frequency cap across the DST change: 24 hours after 09:00 EST is 10:00 EDT', () => {
  const fl = { phone: '+13052345678', email: null, state: null };
  const attempts = ['2026-03-07T14:00:00Z', '2026-03-07T15:00:00Z', '2026-03-07T16:00:00Z'].map(Date.parse);
  const v = evaluate(fl, VOICE, Date.parse('2026-03-07T18:00:00Z'), facts(asOf, { attempts }), rules);
  assert.equal(v.reported, 'FREQ_CAPPED');
  assert.equal(v.nextEligibleAt, '2026-03-08T14:00:00.000Z', '10:00 EDT on 2026-03-08');
});

test('an area code spanning two zones (850: Central and Eastern) must be inside the window in both', () => {
  const panhandle = { phone: '+18502345678', email: null, state: null };
  assert.deepEqual(areaCodeInfo('850')?.zones, ['America/Chicago', 'America/New_York']);
  // 08:30 EST = 07:30 CST: outside in Chicago.
  const early = evaluate(panhandle, VOICE, Date.parse('2026-03-03T13:30:00Z'), facts(asOf), rules);
  assert.equal(early.reported, 'OUTSIDE_CALLING_WINDOW');
  assert.match(early.tags[0]!.reason, /07:30 America\/Chicago/);
  assert.doesNotMatch(early.tags[0]!.reason, /New_York/);
  assert.equal(early.nextEligibleAt, '2026-03-03T14:00:00.000Z', '08:00 CST, when both zones are open');
  // 19:30 CST = 20:30 EST: outside FL's 20:00 end in New York's zone.
  assert.equal(evaluate(panhandle, VOICE, Date.parse('2026-03-04T01:30:00Z'), facts(asOf), rules).reported, 'OUTSIDE_CALLING_WINDOW');
  assert.equal(evaluate(panhandle, VOICE, Date.parse('2026-03-03T18:00:00Z'), facts(asOf), rules).reported, 'CALLABLE');
});

test("the contact's state adds its zones and its rules: a 212 number of a Florida resident follows FL's window", () => {
  const v = evaluate({ ...NY, state: 'FL' }, VOICE, Date.parse('2026-03-04T01:30:00Z'), facts(asOf), rules);
  assert.equal(v.reported, 'OUTSIDE_CALLING_WINDOW');
  assert.deepEqual(v.jurisdiction?.states, ['NY', 'FL']);
  assert.deepEqual(v.jurisdiction?.zones, ['America/Chicago', 'America/New_York']);
});

test('a number on both the federal and a state list carries both tags and reports DNC_FEDERAL', () => {
  const tx = { phone: '+12142345678', email: null, state: null };
  const f = facts(asOf, {}, true);
  f.registry.states = [{ state: 'TX', listed: true, copy: copy('state:TX', asOf, 7) }];
  const v = evaluate(tx, VOICE, Date.parse('2026-03-03T18:00:00Z'), f, rules);
  assert.equal(v.reported, 'DNC_FEDERAL');
  assert.deepEqual(v.tags.map((t) => t.tag), ['DNC_FEDERAL', 'DNC_STATE']);
  assert.match(v.tags[1]!.reason, /on the TX list \(copy 7/);
});

test("a state that accepts no EBR exemption (Indiana) keeps DNC_STATE while the EBR lifts the federal tag", () => {
  const ind = { phone: '+13172345678', email: null, state: null };
  const f = facts(asOf, { evidence: [{ id: 1, kind: 'inquiry', occurredAt: Date.parse('2026-02-01T00:00:00Z'), brand: null, reference: 'web-form' }] }, true);
  f.registry.states = [{ state: 'IN', listed: true, copy: copy('state:IN', asOf, 8) }];
  const v = evaluate(ind, VOICE, Date.parse('2026-03-03T18:00:00Z'), f, rules);
  assert.deepEqual(v.tags.map((t) => t.tag), ['DNC_STATE', 'EBR_ACTIVE']);
  // An inquiry lasts 3 months.
  const later = evaluate(ind, VOICE, Date.parse('2026-05-03T18:00:00Z'), { ...f, registry: { ...f.registry, federal: { copy: copy('federal', '2026-05-01T00:00:00Z'), listed: true } } }, rules);
  assert.deepEqual(later.tags.map((t) => t.tag), ['DNC_FEDERAL', 'DNC_STATE']);
});

test('an opt-out beats EBR and consent; a re-opt-in with evidence lifts it for what it covers', () => {
  const at = Date.parse('2026-03-03T18:00:00Z');
  const evidence = [{ id: 1, kind: 'transaction' as const, occurredAt: Date.parse('2026-01-01T00:00:00Z'), brand: null, reference: 'order' }];
  const consents = [{ id: 1, brand: 'acme', grantedAt: Date.parse('2026-01-01T00:00:00Z'), revokedAt: null, evidence: 'form-1' }];
  const stop = optOut(NY.phone, '2026-02-01T00:00:00Z', { channel: 'VOICE', method: 'AGENT' });
  const v = evaluate(NY, VOICE, at, facts(asOf, { suppressions: [stop], evidence, consents }, true), rules);
  assert.deepEqual(v.tags.map((t) => t.tag), ['OPTED_OUT', 'DNC_FEDERAL']);
  const back = { ...optOut(NY.phone, '2026-02-15T00:00:00Z', { channel: 'ALL', method: 'WEB' }), kind: 're-opt-in' as const };
  const lifted = evaluate(NY, VOICE, at, facts(asOf, { suppressions: [stop, back], evidence, consents }, true), rules);
  assert.equal(lifted.reported, 'CALLABLE');
  assert.deepEqual(lifted.tags.map((t) => t.tag), ['EBR_ACTIVE', 'CONSENT_ACTIVE'], 'a lifted opt-out no longer ends the EBR');
  // A brand-scoped re-opt-in lifts the opt-out for that brand only.
  const brandBack = { ...back, scope: 'brand' as const, scopeValue: 'other' };
  assert.equal(evaluate(NY, VOICE, at, facts(asOf, { suppressions: [stop, brandBack] }), rules).reported, 'OPTED_OUT');
  assert.equal(evaluate(NY, { ...VOICE, brand: 'other' }, at, facts(asOf, { suppressions: [stop, brandBack] }), rules).reported, 'CALLABLE');
});

test('an opt-out by e-mail suppresses the e-mail channel; an e-mail campaign without an address is INVALID_EMAIL', () => {
  const at = Date.parse('2026-03-03T18:00:00Z');
  const c = { phone: NY.phone, email: 'ann@example.com', state: null };
  const unsub = optOut(null, '2026-03-01T00:00:00Z', { email: 'ann@example.com', channel: 'EMAIL', method: 'UNSUBSCRIBE' });
  assert.equal(evaluate(c, { ...VOICE, channel: 'EMAIL' }, at, facts(asOf, { suppressions: [unsub] }), rules).reported, 'OPTED_OUT');
  assert.equal(evaluate(c, VOICE, at, facts(asOf, { suppressions: [unsub] }), rules).reported, 'CALLABLE');
  assert.equal(evaluate(NY, { ...VOICE, channel: 'EMAIL' }, at, facts(asOf), rules).reported, 'INVALID_EMAIL');
});

test('wireless numbers need written consent for automated dialling', () => {
  const at = Date.parse('2026-03-03T18:00:00Z');
  const f = facts(asOf);
  f.registry.wireless = { listed: true, copy: copy('wireless', asOf, 9) };
  const auto = { ...VOICE, dialMode: 'automated' as const };
  assert.equal(evaluate(NY, auto, at, f, rules).reported, 'WIRELESS_RESTRICTED');
  assert.equal(evaluate(NY, VOICE, at, f, rules).reported, 'CALLABLE', 'manual dialling');
  const consented = { ...f, consents: [{ id: 2, brand: 'acme', grantedAt: Date.parse('2026-01-01T00:00:00Z'), revokedAt: null, evidence: 'sig' }] };
  assert.equal(evaluate(NY, auto, at, consented, rules).reported, 'CALLABLE');
});

test('INVALID_PHONE: N11 and 0/1 leading area codes or exchanges, 555-01xx, non-NANP, none', () => {
  for (const [phone, reason] of [['+19112345678', /N11/], ['+12124115678', /N11/], ['+12121234567', /exchange 123 starts with 0 or 1/],
    ['+12125550123', /fiction/], ['+442071234567', /not a NANP/], [null, /no phone/]] as const) {
    const v = nanpVerdict(phone);
    assert.equal(v.ok, false, String(phone));
    if (!v.ok) assert.match(v.reason, reason);
  }
  assert.equal(nanpVerdict('+12125550199').ok, false);
  assert.equal(nanpVerdict('+12125550200').ok, true);
  const v = evaluate({ phone: '+12125550123', email: null, state: null }, VOICE, Date.parse('2026-03-03T18:00:00Z'), facts(asOf, { suppressions: [optOut('+12125550123', '2026-03-01T00:00:00Z')] }), rules);
  assert.deepEqual(v.tags.map((t) => t.tag), ['INVALID_PHONE', 'OPTED_OUT'], 'reported in COMPLIANCE.md order');
});

test('every blocking tag at once is reported in COMPLIANCE.md order', () => {
  const tx = { phone: '+13052345678', email: null, state: null };
  const f = facts('2025-01-01T00:00:00Z', { suppressions: [optOut(tx.phone, '2026-01-01T00:00:00Z')], attempts: [1, 2, 3].map((h) => Date.parse('2026-03-03T22:00:00Z') - h * 3_600_000) }, true);
  f.registry.states = [{ state: 'FL', listed: true, copy: copy('state:FL', asOf, 3) }];
  f.registry.litigator = { listed: true, copy: copy('litigator', asOf, 4) };
  f.registry.wireless = { listed: true, copy: copy('wireless', asOf, 5) };
  const v = evaluate(tx, { ...VOICE, dialMode: 'automated' }, Date.parse('2026-03-04T02:00:00Z'), f, rules);
  assert.deepEqual(v.tags.map((t) => t.tag), ['OPTED_OUT', 'LITIGATOR', 'REGISTRY_STALE', 'DNC_FEDERAL', 'DNC_STATE', 'WIRELESS_RESTRICTED', 'OUTSIDE_CALLING_WINDOW', 'FREQ_CAPPED']);
  assert.equal(v.reported, 'OPTED_OUT');
  assert.equal(v.nextEligibleAt, null);
});

test('a rules file that does not validate names the field', () => {
  const bad = JSON.parse(shippedRules().text) as { states: Record<string, { callingWindow?: { start: string } }> };
  bad.states.FL!.callingWindow!.start = '8am';
  assert.throws(() => ruleSetOf(bad), (e: unknown) => e instanceof RulesFileError && /states\.FL\.callingWindow\.start must be HH:MM/.test(e.message));
  assert.match(shippedRules().sha256, /^[0-9a-f]{64}$/);
});
