// Source timestamps: ISO 8601, SQL datetimes and epoch forms to UTC epoch ms + DATETIME(3).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeTimestamp, toDatetime3, type TimestampValue } from '../../domain/normalize/timestamp';
import { NOW, seededRandom } from './raw-row-fixture';

const ts = (raw: string): TimestampValue | null => {
  const r = normalizeTimestamp(raw, { now: NOW });
  assert.ok(r.ok, `expected ${JSON.stringify(raw)} to be a timestamp`);
  return r.value;
};
const code = (raw: string): string | null => {
  const r = normalizeTimestamp(raw, { now: NOW });
  return r.ok ? null : r.code;
};

describe('normalizeTimestamp', () => {
  const instant = Date.UTC(2023, 4, 1, 12, 34, 56, 789);

  test('ISO 8601 with Z, with offsets, and without offset (= UTC)', () => {
    assert.deepEqual(ts('2023-05-01T12:34:56.789Z'), { ms: instant, datetime: '2023-05-01 12:34:56.789' });
    assert.equal(ts('2023-05-01T14:34:56.789+02:00')?.ms, instant);
    assert.equal(ts('2023-05-01T07:34:56.789-0500')?.ms, instant);
    assert.equal(ts('2023-05-01T14:34:56.789+02')?.ms, instant);
    assert.equal(ts('2023-05-01T12:34:56.789')?.ms, instant);
    assert.equal(ts('2023-05-01T12:34Z')?.ms, Date.UTC(2023, 4, 1, 12, 34));
    assert.equal(ts('2023-05-01')?.ms, Date.UTC(2023, 4, 1));
  });

  test('an offset moves the DATETIME(3) to UTC, across a day boundary', () => {
    assert.equal(ts('2023-05-01T01:00:00+05:30')?.datetime, '2023-04-30 19:30:00.000');
  });

  test('SQL datetime, with and without fraction; fractions beyond ms are truncated', () => {
    assert.deepEqual(ts('2023-05-01 12:34:56'), { ms: Date.UTC(2023, 4, 1, 12, 34, 56), datetime: '2023-05-01 12:34:56.000' });
    assert.equal(ts('2023-05-01 12:34:56.7')?.datetime, '2023-05-01 12:34:56.700');
    assert.equal(ts('2023-05-01 12:34:56.789999')?.datetime, '2023-05-01 12:34:56.789');
    assert.equal(ts('2023-05-01 12:34:56 +02:00')?.datetime, '2023-05-01 10:34:56.000');
  });

  test('epoch seconds (9-10 digits) and milliseconds (12-13 digits)', () => {
    assert.equal(ts('1682944496')?.ms, 1682944496000);
    assert.equal(ts('1682944496.789')?.ms, 1682944496789);
    assert.equal(ts('999999999')?.datetime, '2001-09-09 01:46:39.000');
    assert.equal(ts('1682944496789')?.ms, 1682944496789);
    assert.equal(ts('999999999999')?.datetime, '2001-09-09 01:46:39.999');
    assert.equal(code('16829444967'), 'INVALID_TIMESTAMP', '11 digits is ambiguous');
    assert.equal(code('12345678'), 'INVALID_TIMESTAMP');
    assert.equal(code('-1682944496'), 'INVALID_TIMESTAMP');
  });

  test('empty is MISSING_TIMESTAMP', () => {
    assert.equal(code(''), 'MISSING_TIMESTAMP');
    assert.equal(code('   '), 'MISSING_TIMESTAMP');
  });

  test('impossible or unreadable values are INVALID_TIMESTAMP', () => {
    for (const s of [
      '2023-02-29 00:00:00', '2023-13-01T00:00:00Z', '2023-05-01T24:00:00Z', '2023-05-01T12:60:00Z', '2023-05-01T12:00:60Z',
      '2023-05-01T12:00:00+24:00', '2023-05-01Z', '0000-00-00 00:00:00', 'Mon May 01 2023', 'now', '2023-05-01T12:00:00 garbage',
    ]) {
      assert.equal(code(s), 'INVALID_TIMESTAMP', s);
    }
  });

  test('at/before the epoch (placeholders) or more than a day after now is INVALID_TIMESTAMP (a future timestamp would win forever)', () => {
    assert.equal(code('1900-01-01T00:00:00Z'), 'INVALID_TIMESTAMP');
    assert.equal(code('1969-12-31T23:59:59Z'), 'INVALID_TIMESTAMP');
    assert.equal(code('1970-01-01 00:00:00'), 'INVALID_TIMESTAMP');
    assert.equal(code('0099-05-01T00:00:00Z'), 'INVALID_TIMESTAMP', 'not read as 1999');
    assert.equal(ts('1970-01-01 00:00:00.001')?.datetime, '1970-01-01 00:00:00.001');
    assert.equal(ts('2025-01-01T23:59:59Z')?.ms, Date.UTC(2025, 0, 1, 23, 59, 59));
    assert.equal(code('2025-01-02T00:00:01Z'), 'INVALID_TIMESTAMP');
    assert.equal(code('2099-01-01T00:00:00Z'), 'INVALID_TIMESTAMP');
  });
});

describe('regex-free parsing of the common UTC forms', () => {
  test('gives exactly what the general parser gives for the same instant written with +00:00', () => {
    const random = seededRandom(21);
    const noise = '0123456789: T.x'; // no '-', 'Z' or '+': they could turn the tail into an offset
    for (let i = 0; i < 30_000; i++) {
      const ms = Date.UTC(1969, 11, 30) + Math.floor(random() * (NOW + 3 * 86_400_000 - Date.UTC(1969, 11, 30)));
      const iso = new Date(ms).toISOString();
      let body = `${iso.slice(0, 10)}${random() < 0.5 ? ' ' : 'T'}${iso.slice(11, i % 2 ? 19 : 23)}`;
      if (random() < 0.5) {
        const at = Math.floor(random() * body.length);
        const char = random() < 0.7 ? String(Math.floor(random() * 10)) : noise[Math.floor(random() * noise.length)];
        body = body.slice(0, at) + char + body.slice(at + 1);
      }
      const fast = normalizeTimestamp(random() < 0.5 ? `${body}Z` : body, { now: NOW });
      const general = normalizeTimestamp(`${body}+00:00`, { now: NOW });
      assert.deepEqual(fast, general, body);
    }
  });
});

describe('toDatetime3', () => {
  test('UTC inputs formatted from their own fields agree with formatting the epoch ms', () => {
    const random = seededRandom(12);
    for (let i = 0; i < 20_000; i++) {
      const ms = Date.UTC(1971, 0, 1) + Math.floor(random() * (NOW - Date.UTC(1971, 0, 1)));
      const iso = new Date(ms).toISOString();
      const fraction = iso.slice(20, 20 + (i % 4));
      for (const text of [`${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}`, `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`]) {
        const got = ts(text);
        assert.equal(got?.datetime, toDatetime3(got?.ms ?? Number.NaN), text);
      }
    }
  });

  test('matches Date#toISOString for random instants 1900..2100', () => {
    const random = seededRandom(11);
    const from = Date.UTC(1900, 0, 1);
    const span = Date.UTC(2100, 0, 1) - from;
    for (let i = 0; i < 50_000; i++) {
      const ms = from + Math.floor(random() * span);
      const iso = new Date(ms).toISOString();
      assert.equal(toDatetime3(ms), `${iso.slice(0, 10)} ${iso.slice(11, 23)}`);
    }
  });
});
