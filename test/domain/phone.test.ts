// Phone normalization: the accepted spellings, extensions, international numbers, regions and INVALID_PHONE.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePhone, parsePhoneExact, UnsupportedRegionError, type PhoneValue } from '../../domain/normalize/phone';
import { contactValue, normalizeRow } from '../../domain/normalize-row';
import { NOW, rawRow, seededRandom } from './raw-row-fixture';

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

describe('normalizePhone: numbers libphonenumber accepts but the project does not', () => {
  test('a 7-digit number without its area code is INVALID_PHONE, not a bogus 8-digit E.164', () => {
    for (const s of ['310-1234', '3101234', '310 1234', '+1 310 1234', '310-1234 x12']) {
      assert.ok(invalidPhone(s), s);
      assert.ok(invalidPhone(s, 'CA'), `${s} (CA)`);
    }
    assert.equal(parsePhoneExact('310-1234', 'US'), null);
  });

  test('a 7-digit local number is kept as an INVALID_PHONE warning on its row', () => {
    const r = normalizeRow(rawRow({ phone: '310-1234' }), { defaultRegion: 'US', now: NOW });
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.warnings, [{ field: 'phone', code: 'INVALID_PHONE', raw: '310-1234' }]);
    assert.equal(contactValue(r.contact, 'phone_e164'), null);
  });
});

describe('normalizePhone: RFC 3966 phone-context', () => {
  const cases: Array<[string, string | null]> = [
    ['tel:310-1234;phone-context=+1-415', '+14153101234'],
    ['310-1234;phone-context=+1-415', '+14153101234'],
    ['TEL:310-1234;PHONE-CONTEXT=+1-415', '+14153101234'],
    ['tel:7946 0958;phone-context=+44-20', '+442079460958'],
    ['tel:415-555-0132;phone-context=example.com', '+14155550132'],
    ['tel:415-555-0132;phone-context=', null],
    ['tel:415-555-0132;phone-context=not a context', null],
    [';phone-context=+44', null],
  ];

  test('a global context prefixes the local number, a domain context is ignored, a malformed one is invalid', () => {
    for (const [input, e164] of cases) {
      const r = normalizePhone(input);
      assert.deepEqual(r.ok ? r.value?.e164 : null, e164, input);
    }
  });

  test('the verdict never depends on the previous call: the same input repeated, and inputs interleaved', () => {
    const verdict = (s: string) => {
      const r = normalizePhone(s);
      return r.ok ? r.value?.e164 ?? '' : 'INVALID';
    };
    const first = new Map(cases.map(([s]) => [s, verdict(s)]));
    for (const [s] of cases) for (let i = 0; i < 5; i++) assert.equal(verdict(s), first.get(s), `${s}, call ${i + 2}`);
    const rnd = seededRandom(3966);
    for (let i = 0; i < 500; i++) {
      const [s] = cases[Math.floor(rnd() * cases.length)]!;
      assert.equal(verdict(s), first.get(s), `${s}, interleaved call ${i}`);
      assert.equal(verdict('(415) 555-0132'), '+14155550132');
    }
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
