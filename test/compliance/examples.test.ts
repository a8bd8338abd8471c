// Every example of COMPLIANCE.md ("Examples that must hold"), evaluated by domain/compliance with the shipped rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../domain/compliance/evaluate';
import { shippedRules } from '../../domain/compliance/rules';
import { VOICE, facts, optOut } from './fixtures';

const rules = shippedRules();
const FL = { phone: '+13052345678', email: null, state: null };
const NY = { phone: '+12122345678', email: null, state: null };
// 2026-03-03: Eastern Standard Time, UTC-5 (local 09:00 = 14:00Z).
const copyDay = '2026-03-01T00:00:00Z';

test('Florida (305): a fourth attempt at 17:00 after 09:00, 12:00 and 15:00 is FREQ_CAPPED, eligible again at 09:00 the next day', () => {
  const attempts = ['2026-03-03T14:00:00Z', '2026-03-03T17:00:00Z', '2026-03-03T20:00:00Z'].map(Date.parse);
  const v = evaluate(FL, VOICE, Date.parse('2026-03-03T22:00:00Z'), facts(copyDay, { attempts }), rules);
  assert.equal(v.reported, 'FREQ_CAPPED');
  assert.deepEqual(v.tags.filter((t) => t.blocks).map((t) => t.tag), ['FREQ_CAPPED']);
  assert.match(v.tags[0]!.reason, /3 attempts in the last 24 h, cap 3 \(FL\)/);
  assert.equal(v.nextEligibleAt, '2026-03-04T14:00:00.000Z', '09:00 EST the next day');
  // Two attempts only: callable.
  assert.equal(evaluate(FL, VOICE, Date.parse('2026-03-03T22:00:00Z'), facts(copyDay, { attempts: attempts.slice(1) }), rules).reported, 'CALLABLE');
});

test('Florida at 20:30 local is OUTSIDE_CALLING_WINDOW; New York (212) at 20:30 local is not', () => {
  const at = Date.parse('2026-03-04T01:30:00Z'); // 20:30 EST on 2026-03-03
  const fl = evaluate(FL, VOICE, at, facts(copyDay), rules);
  assert.equal(fl.reported, 'OUTSIDE_CALLING_WINDOW');
  assert.match(fl.tags[0]!.reason, /2026-03-03 20:30 America\/New_York is outside 08:00-20:00 \(federal, FL\)/);
  assert.equal(fl.nextEligibleAt, '2026-03-04T13:00:00.000Z', '08:00 EST the next morning');
  const ny = evaluate(NY, VOICE, at, facts(copyDay), rules);
  assert.equal(ny.reported, 'CALLABLE');
  assert.deepEqual(ny.jurisdiction?.window, { start: '08:00', end: '21:00' });
});

test('a federal copy downloaded on day 0 and a check on day 32 is REGISTRY_STALE (day 31 is not)', () => {
  const day0 = '2026-03-01T00:00:00Z';
  const noon = (day: number) => Date.parse('2026-03-01T17:00:00Z') + day * 86_400_000;
  const stale = evaluate(NY, VOICE, noon(32), facts(day0), rules);
  assert.equal(stale.reported, 'REGISTRY_STALE');
  assert.match(stale.tags[0]!.reason, /area code 212 is as of 2026-03-01T00:00:00Z, older than 31 days/);
  assert.equal(stale.nextEligibleAt, null, 'a stale registry is not cured by waiting');
  assert.equal(evaluate(NY, VOICE, Date.parse('2026-04-01T00:00:00Z'), facts(day0), rules).tags.some((t) => t.tag === 'REGISTRY_STALE'), false);
});

test('an SMS "STOP" at T suppresses a voice check at T+1h; an explicitly SMS-scoped opt-out does not', () => {
  const T = '2026-03-03T15:00:00Z';
  const atT1h = Date.parse(T) + 3_600_000;
  const stop = optOut(NY.phone, T, { method: 'SMS_STOP' });
  const v = evaluate(NY, VOICE, atT1h, facts(copyDay, { suppressions: [stop] }), rules);
  assert.equal(v.reported, 'OPTED_OUT');
  assert.deepEqual(v.tags[0]!.basis, stop);
  const smsOnly = optOut(NY.phone, T, { method: 'SMS_STOP', channel: 'SMS' });
  assert.equal(evaluate(NY, VOICE, atT1h, facts(copyDay, { suppressions: [smsOnly] }), rules).reported, 'CALLABLE');
  assert.equal(evaluate(NY, { ...VOICE, channel: 'SMS' }, atT1h, facts(copyDay, { suppressions: [smsOnly] }), rules).reported, 'OPTED_OUT');
  // Before it was received it does not apply.
  assert.equal(evaluate(NY, VOICE, Date.parse(T) - 1, facts(copyDay, { suppressions: [stop] }), rules).reported, 'CALLABLE');
});

test('a number on the federal list whose owner bought something 17 months ago is EBR_ACTIVE; 19 months ago DNC_FEDERAL', () => {
  const at = Date.parse('2026-03-03T17:00:00Z');
  const bought = (iso: string) => facts(copyDay, { evidence: [{ id: 1, kind: 'transaction', occurredAt: Date.parse(iso), brand: null, reference: 'order-1' }] }, true);
  const m17 = evaluate(NY, VOICE, at, bought('2024-10-03T12:00:00Z'), rules);
  assert.equal(m17.reported, 'CALLABLE');
  assert.deepEqual(m17.tags.map((t) => t.tag), ['EBR_ACTIVE']);
  assert.match(m17.tags[0]!.reason, /active until 2026-04-03/);
  const m19 = evaluate(NY, VOICE, at, bought('2024-08-03T12:00:00Z'), rules);
  assert.equal(m19.reported, 'DNC_FEDERAL');
  assert.deepEqual(m19.tags.map((t) => t.tag), ['DNC_FEDERAL']);
});
