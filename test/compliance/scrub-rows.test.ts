// A scrub's fast path: the stored row of a contact without suppression, evidence or consent rows, built from its phone
// and the registry sets alone (storedRowFromLists), is the row the general evaluation (`check`'s) gives, for every kind
// of phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLineSet, encodeXlines } from '../../domain/compliance/bitmap';
import { shippedRules } from '../../domain/compliance/rules';
import { resultLine, scrubOne } from '../../activities/compliance/scrub-rows';
import type { AreaCodeSets, RowsByKey, ScrubMarks } from '../../activities/compliance/scrub-facts';
import type { VersionRow } from '../../activities/compliance/registry-store';
import { Prng } from '../../generator/prng';

function setOf(lines: number[]) {
  const sorted = Uint32Array.from(new Set(lines)).sort();
  return decodeLineSet('xlines', encodeXlines(sorted, sorted.length));
}

test('the registry-only row equals the general evaluation\'s for valid, invalid, missing and foreign phones on every list', () => {
  const version = (list: string, id: number): VersionRow => ({ id, list, npa: '305', copyId: id, asOf: '2026-03-01T00:00:00.000Z', numbers: 1, objectKey: `k${id}` });
  const sets = new Map<string, AreaCodeSets>([
    ['305', {
      versions: [version('federal', 1), version('litigator', 2), version('wireless', 3), version('state:FL', 4), version('state:TX', 5)],
      sets: new Map([
        ['federal', setOf([2_345_678, 2_345_679, 5_550_100])],
        ['litigator', setOf([2_345_679])],
        ['wireless', setOf([3_000_000, 2_345_678])],
        ['state:TX', setOf([4_000_000, 2_345_678])],
        ['state:FL', setOf([4_000_000])],
      ]),
    }],
    ['212', { versions: [version('federal', 6)], sets: new Map([['federal', null]]) }],
  ]);
  const rows: RowsByKey = { suppressions: new Map(), evidence: new Map(), consents: new Map() };
  const marks: ScrubMarks = { scrubId: 42, atMs: Date.parse('2026-03-03T17:00:00Z'), registryHwm: 6, suppressionHwm: 0, evidenceHwm: 0, consentHwm: 0 };
  const rng = new Prng(8, 1);
  const phones: Array<string | null> = [
    null, '', '+13052345678', '+13052345679', '+13053000000', '+13054000000', '+13055550100', '+13055550199', '+13059999999',
    '+12125551234', '+14155551234', '+11235551234', '+13111234567', '+13051112345', '+13050234567', '+1305234567', '+130523456789',
    '+443052345678', '3052345678', '+1305234567x', '+1305２345678',
    ...Array.from({ length: 2000 }, () => `+1${['305', '212', '415'][Math.floor(rng.float() * 3)]}${String(Math.floor(rng.float() * 10_000_000)).padStart(7, '0')}`),
  ];
  // An inquiry from 2010 on the phone: no effect on the status (its EBR lapsed long ago), but it sends the contact
  // through the general evaluation.
  const withEvidence = (phone: string | null): RowsByKey => ({
    suppressions: new Map(), consents: new Map(),
    evidence: new Map(phone ? [[`p:${phone}`, [{ id: 1, kind: 'inquiry' as const, occurredAt: Date.parse('2010-01-01T00:00:00Z'), brand: null, reference: 'old' }]]] : []),
  });
  const fast: Record<string, number> = {};
  const general: Record<string, number> = {};
  for (const [i, phone] of phones.entries()) {
    const c = { id: i + 1, phone, email: null };
    const r = scrubOne(c, sets, rows, marks, shippedRules());
    const g = scrubOne(c, sets, withEvidence(phone), marks, shippedRules());
    fast[r.status] = (fast[r.status] ?? 0) + 1;
    general[g.status] = (general[g.status] ?? 0) + 1;
    assert.equal(resultLine(r, marks.scrubId), resultLine(g, marks.scrubId), `phone ${JSON.stringify(phone)}`);
  }
  assert.deepEqual(fast, general);
  for (const tag of ['INVALID_PHONE', 'LITIGATOR', 'DNC_FEDERAL', 'DNC_STATE', 'WIRELESS_RESTRICTED', 'CALLABLE']) assert.ok(fast[tag]! > 0, `${tag} covered`);
});
