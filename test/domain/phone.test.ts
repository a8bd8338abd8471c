// Phone normalization: the accepted spellings, extensions, international numbers, regions and INVALID_PHONE.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePhone, parsePhoneExact, UnsupportedRegionError, type PhoneValue } from '../../domain/normalize/phone';

const phone = (raw: string, region?: string): PhoneValue | null => {
  const r = normalizePhone(raw, region);
  assert.ok(r.ok, `expected ${JSON.stringify(raw)} to be a valid phone`);
  return r.value;
};
const invalidPhone = (raw: string, region?: string): boolean => {
  const r = normalizePhone(raw, region);
  return !r.ok && r.code === 'INVALID_PHONE';
};

describe('normalizePhone (default region US)', () => {
  test('every common US spelling gives the same E.164', () => {
    for (const s of [
      '(415) 555-0132', '415.555.0132', '+1 415 555 0132', '4155550132', '1-415-555-0132', '415-555-0132', '1 (415) 555-0132',
      '+1-415-555-0132', '+14155550132', '14155550132', '(415)555-0132', ' 415 555 0132 ', '415 - 555 - 0132', '+1 (415) 555.0132',
    ]) {
      assert.deepEqual(phone(s), { e164: '+14155550132', ext: null }, s);
    }
  });

  test('extensions are split off and returned apart', () => {
    for (const s of ['415-555-0132 x123', '415-555-0132 ext. 123', '415-555-0132 #123', '(415) 555-0132 ext 123', '415.555.0132x123', '+1 415 555 0132 extension 123', '415-555-0132 X123']) {
      assert.deepEqual(phone(s), { e164: '+14155550132', ext: '123' }, s);
    }
  });

  test('international numbers with +', () => {
    assert.deepEqual(phone('+44 20 7946 0958'), { e164: '+442079460958', ext: null });
    assert.deepEqual(phone('+33 1 23 45 67 89'), { e164: '+33123456789', ext: null });
    assert.deepEqual(phone('+49 30 901820'), { e164: '+4930901820', ext: null });
    assert.deepEqual(phone('+61 2 9876 5432'), { e164: '+61298765432', ext: null });
    assert.deepEqual(phone('011 44 20 7946 0958'), { e164: '+442079460958', ext: null }, 'US international dialling prefix');
  });

  test('other NANP countries are valid under the US default', () => {
    assert.equal(phone('(416) 555-0132')?.e164, '+14165550132');
    assert.equal(phone('876-927-1234')?.e164, '+18769271234');
    assert.equal(phone('1-800-555-1212')?.e164, '+18005551212');
  });

  test('unparseable, too short or not valid for the region → INVALID_PHONE', () => {
    for (const s of ['abc', '12', '555', '415-555-013', '999-555-0132', '+1 999 555 0132', '(415) 555-01321', '0000000000', '1111111111', '+999 123', 'n/a', "'; DROP TABLE contacts; --", '📞 415']) {
      assert.ok(invalidPhone(s), s);
    }
  });

  test('empty input is no value and no warning', () => {
    assert.deepEqual(normalizePhone(''), { ok: true, value: null });
    assert.deepEqual(normalizePhone('  '), { ok: true, value: null });
  });
});

describe('normalizePhone with another default region', () => {
  test('national numbers are read in the given region', () => {
    assert.deepEqual(phone('020 7946 0958', 'GB'), { e164: '+442079460958', ext: null });
    assert.deepEqual(phone('01 23 45 67 89', 'FR'), { e164: '+33123456789', ext: null });
    assert.equal(phone('(416) 555-0132', 'CA')?.e164, '+14165550132');
    assert.ok(invalidPhone('415 555 0132', 'GB'));
  });

  test('an unknown region is a configuration error naming the region', () => {
    assert.throws(() => normalizePhone('020 7946 0958', 'XX'), (err: unknown) => {
      assert.ok(err instanceof UnsupportedRegionError);
      assert.equal(err.name, 'UnsupportedRegionError');
      assert.equal(err.region, 'XX');
      assert.match(err.message, /defaultRegion: "XX" is not an ISO 3166 alpha-2 region/);
      return true;
    });
  });
});

describe('parsePhoneExact', () => {
  test('is libphonenumber (max metadata): validates per number type, not just length', () => {
    assert.equal(parsePhoneExact('246 521 0123', 'US')?.e164, '+12465210123', 'Barbados fixed line 246-521-0xxx');
    assert.equal(parsePhoneExact('246 521 2123', 'US'), null, '246-521-2xxx is neither a fixed line nor a mobile in the metadata');
  });
});
