// The NANP fast path must give exactly libphonenumber's answer: proven per prefix by analysis, checked here over random inputs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nanpFastPathStatus, resetNanpFastPath, tryNanpFastPath } from '../../domain/normalize/nanp-fast-path';
import { undeterminedNanpPrefixes } from '../../domain/normalize/nanp-prefix-analysis';
import { parsePhoneExact } from '../../domain/normalize/phone';
import { seededRandom } from './raw-row-fixture';

/** Area codes mixing US, Canada, the Caribbean, toll-free, premium, personal and unassigned/invalid ones. */
const AREA_CODES = [
  '201', '212', '213', '246', '264', '268', '284', '305', '310', '340', '345', '415', '416', '441', '473', '500', '521', '522', '523', '524',
  '533', '555', '600', '604', '649', '658', '664', '670', '671', '684', '721', '758', '767', '784', '787', '800', '809', '829', '833', '844',
  '849', '868', '869', '876', '888', '900', '939', '950', '958', '999', '211', '311', '911', '370', '928', '983', '622',
];
const SEPARATORS = ['', ' ', '-', '.'];
const LEADS = ['', '', '', '1', '1 ', '1-', '1.', '+1', '+1 ', '+1-', '+1.'];
const EXT_LABELS = ['x', ' x', ' x ', 'X', 'ext', ' ext', ' ext ', ' ext.', ' ext. ', 'ext.', ' EXT ', ' Ext.', ' extension ', ' Extension ', '#', ' #', ' # '];

function pick<T>(random: () => number, xs: readonly T[]): T {
  return xs[Math.floor(random() * xs.length)] as T;
}
function digits(random: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(random() * 10);
  return s;
}

/** NANP-shaped inputs whose prefixes repeat (so most answers come from the memo), plus some fully random ones. */
function nanpInput(random: () => number, exchanges: readonly string[]): string {
  const roll = random();
  const line = random() < 0.05 ? pick(random, ['0000', '9999', '0100', '1212']) : digits(random, 4);
  const ext = random() < 0.2 ? pick(random, EXT_LABELS) + digits(random, 1 + Math.floor(random() * 6)) : '';
  if (roll < 0.1) {
    const nxx = random() < 0.3 ? '800' : pick(random, exchanges).replace(/^[01]/, '5');
    return `${nxx}${pick(random, SEPARATORS)}${line}${ext}`;
  }
  const npa = roll < 0.2 ? `${2 + Math.floor(random() * 8)}${digits(random, 2)}` : pick(random, AREA_CODES);
  const nxx = roll < 0.2 ? digits(random, 3) : pick(random, exchanges);
  const area = random() < 0.3 ? `(${npa})` : npa;
  const sep1 = area.startsWith('(') && random() < 0.5 ? pick(random, [' ', '']) : pick(random, SEPARATORS);
  const sep2 = pick(random, SEPARATORS);
  return `${pick(random, LEADS)}${area}${sep1}${nxx}${sep2}${line}${ext}`;
}

function compare(region: string, inputs: readonly string[]): { fast: number; delegated: number } {
  let fast = 0;
  let delegated = 0;
  for (const text of inputs) {
    const expected = parsePhoneExact(text, region);
    const got = tryNanpFastPath(text, region, parsePhoneExact);
    if (got === undefined) {
      delegated++;
      continue;
    }
    fast++;
    assert.deepEqual(got, expected, `${region} ${JSON.stringify(text)}`);
  }
  return { fast, delegated };
}

describe('NANP prefix analysis', () => {
  test('runs on the installed metadata and keeps the fast path on for US and CA', () => {
    for (const region of ['US', 'CA']) {
      const status = nanpFastPathStatus(region);
      assert.equal(status.enabled, true, status.reason);
      assert.ok(status.undeterminedPrefixes < 100, `${status.undeterminedPrefixes} undetermined prefixes`);
    }
    assert.equal(nanpFastPathStatus('GB').enabled, false);
  });

  test('finds the prefixes whose validity really depends on the line number', () => {
    const { tenDigit, sevenDigit } = undeterminedNanpPrefixes('US');
    assert.ok(tenDigit.has(246521), 'Barbados 246-521-0xxx/3xxx… are fixed lines, other 246-521 lines are not');
    for (const prefix of tenDigit) {
      const npaNxx = String(prefix).padStart(6, '0');
      const verdicts = new Set<boolean>();
      for (let line = 0; line < 10_000; line += 1) verdicts.add(parsePhoneExact(`${npaNxx}${String(line).padStart(4, '0')}`, 'US') !== null);
      assert.equal(verdicts.size, 2, `${npaNxx}: both valid and invalid line numbers exist`);
    }
    assert.ok(sevenDigit.size < 10);
  });

  test('a determined prefix really is: all 10,000 line numbers share the verdict (sampled prefixes)', () => {
    const random = seededRandom(5);
    const { tenDigit } = undeterminedNanpPrefixes('US');
    for (const npaNxx of ['415555', '246520', '876605', '800555', '999555', `${pick(random, AREA_CODES)}${digits(random, 3)}`]) {
      if (tenDigit.has(Number(npaNxx))) continue;
      const verdicts = new Set<boolean>();
      for (let line = 0; line < 10_000; line += 7) verdicts.add(parsePhoneExact(`${npaNxx}${String(line).padStart(4, '0')}`, 'US') !== null);
      assert.equal(verdicts.size, 1, npaNxx);
    }
  });
});

describe('NANP fast path equals libphonenumber', () => {
  test('over 150,000 random NANP-shaped inputs (US), starting from a cold memo', () => {
    resetNanpFastPath();
    const random = seededRandom(2024);
    const exchanges = Array.from({ length: 40 }, () => digits(random, 3)).concat(['555', '521', '522', '606', '000', '100', '911', '976']);
    const inputs = Array.from({ length: 150_000 }, () => nanpInput(random, exchanges));
    const { fast, delegated } = compare('US', inputs);
    assert.ok(fast > 0.8 * inputs.length, `fast path answered ${fast} of ${inputs.length}`);
    assert.ok(delegated > 0, 'undetermined prefixes must be delegated');
    assert.ok(nanpFastPathStatus('US').memoized > 1000);
  });

  test('over 20,000 random NANP-shaped inputs with CA as default region', () => {
    resetNanpFastPath();
    const random = seededRandom(77);
    const exchanges = Array.from({ length: 30 }, () => digits(random, 3));
    const inputs = Array.from({ length: 20_000 }, () => nanpInput(random, exchanges));
    assert.ok(compare('CA', inputs).fast > 15_000);
  });

  test('answers from the memo do not depend on which spelling came first', () => {
    resetNanpFastPath();
    const spellings = ['4155550132', '(415) 555-0199', '415.555.0100', '415 555 9999'];
    for (const s of spellings) assert.deepEqual(tryNanpFastPath(s, 'US', parsePhoneExact), parsePhoneExact(s, 'US'));
    const never = (): never => assert.fail('must answer from the memo');
    assert.deepEqual(tryNanpFastPath('415-555-7777', 'US', never), { e164: '+14155557777', ext: null });
    assert.equal(tryNanpFastPath('(999) 555-0132', 'US', parsePhoneExact), null);
    assert.equal(tryNanpFastPath('999.555.1234', 'US', never), null);
  });

  test('inputs outside the NANP shapes are left to libphonenumber', () => {
    for (const s of ['+44 20 7946 0958', '415 555 0132 x1234567', '415  555 0132', '(415 555-0132', '0115551234', '1 555 0132', '+1 1415 555 0132', '4155550132 ext 12 34', '４１５５５５０１３２']) {
      assert.equal(tryNanpFastPath(s, 'US', parsePhoneExact), undefined, s);
    }
    assert.equal(tryNanpFastPath('4155550132', 'GB', parsePhoneExact), undefined);
  });
});
