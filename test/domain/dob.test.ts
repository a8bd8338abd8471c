// Dates of birth: every accepted written form, day-first option, calendar validity and the 1900..today range.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeDob } from '../../domain/normalize/dob';
import { NOW, seededRandom } from './raw-row-fixture';

const dob = (raw: string, dayFirst = false): string | null => {
  const r = normalizeDob(raw, { now: NOW, dayFirst });
  assert.ok(r.ok, `expected ${JSON.stringify(raw)} to be a date`);
  return r.value;
};
const invalidDate = (raw: string, dayFirst = false): boolean => {
  const r = normalizeDob(raw, { now: NOW, dayFirst });
  return !r.ok && r.code === 'INVALID_DATE';
};

describe('normalizeDob', () => {
  test('year-first forms', () => {
    assert.equal(dob('1985-03-07'), '1985-03-07');
    assert.equal(dob('1985/03/07'), '1985-03-07');
    assert.equal(dob('1985-3-7'), '1985-03-07');
    assert.equal(dob('19850307'), '1985-03-07');
    assert.equal(dob(' 1985-03-07 '), '1985-03-07');
  });

  test('US month-first by default; day-first as an option', () => {
    assert.equal(dob('03/07/1985'), '1985-03-07');
    assert.equal(dob('3/7/1985'), '1985-03-07');
    assert.equal(dob('03-07-1985'), '1985-03-07');
    assert.equal(dob('03/07/1985', true), '1985-07-03');
    assert.equal(dob('25/12/1990', true), '1990-12-25');
    assert.ok(invalidDate('25/12/1990'), 'month 25 in US order');
  });

  test('DD.MM.YYYY is always day first', () => {
    assert.equal(dob('07.03.1985'), '1985-03-07');
    assert.equal(dob('7.3.1985'), '1985-03-07');
  });

  test('timestamps: the date as written, whatever the time or offset', () => {
    assert.equal(dob('1985-03-07T00:00:00Z'), '1985-03-07');
    assert.equal(dob('1985-03-07T23:30:00-05:00'), '1985-03-07');
    assert.equal(dob('1985-03-07T00:00:00.000+02:00'), '1985-03-07');
    assert.equal(dob('1985-03-07 00:00:00'), '1985-03-07');
    assert.equal(dob('3/7/1985 0:00'), '1985-03-07');
  });

  test('real calendar dates only', () => {
    assert.ok(invalidDate('1985-02-30'));
    assert.ok(invalidDate('1985-13-01'));
    assert.ok(invalidDate('1985-00-10'));
    assert.ok(invalidDate('1985-04-31'));
    assert.ok(invalidDate('1900-02-29'), '1900 is not a leap year');
    assert.equal(dob('2000-02-29'), '2000-02-29');
    assert.equal(dob('1996-02-29'), '1996-02-29');
    assert.ok(invalidDate('0000-00-00'));
  });

  test('between 1900-01-01 and today (plus a day of time-zone slack)', () => {
    assert.equal(dob('1900-01-01'), '1900-01-01');
    assert.ok(invalidDate('1899-12-31'));
    assert.equal(dob('2025-01-01'), '2025-01-01');
    assert.equal(dob('2025-01-02'), '2025-01-02');
    assert.ok(invalidDate('2025-01-03'));
    assert.ok(invalidDate('2099-01-01'));
  });

  test('unreadable forms are INVALID_DATE; empty is no value and no warning', () => {
    for (const s of ['03/07/85', '1985', 'March 7, 1985', '1985-03', 'yesterday', '1985-03-07T', '19850307000000', "1985-03-07'; --"]) assert.ok(invalidDate(s), s);
    assert.deepEqual(normalizeDob('', { now: NOW }), { ok: true, value: null });
  });

  test('the regex-free YYYY-MM-DD reading agrees with the general YYYY/MM/DD parser', () => {
    const random = seededRandom(8);
    const digit = (): string => String(Math.floor(random() * 10));
    for (let i = 0; i < 20_000; i++) {
      const year = String(1890 + Math.floor(random() * 140));
      const month = random() < 0.9 ? String(1 + Math.floor(random() * 12)).padStart(2, '0') : digit() + digit();
      const day = random() < 0.9 ? String(1 + Math.floor(random() * 31)).padStart(2, '0') : digit() + digit();
      const expected = normalizeDob(`${year}/${month}/${day}`, { now: NOW });
      assert.deepEqual(normalizeDob(`${year}-${month}-${day}`, { now: NOW }), expected, `${year}-${month}-${day}`);
    }
  });
});
