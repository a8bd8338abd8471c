// Address parts and countries: cleaning, state/postal upper-casing, ISO alpha-2 from codes and names.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeAddressText, normalizePostalCode, normalizeState } from '../../domain/normalize/address';
import { isoCountryCodes, normalizeCountry } from '../../domain/normalize/country';

describe('address text', () => {
  test('trims, collapses, NFC; empty → null', () => {
    assert.equal(normalizeAddressText('  12   Rue de la Paix\tApt 3 '), '12 Rue de la Paix Apt 3');
    assert.equal(normalizeAddressText('Sa\u0303o Paulo'), 'São Paulo');
    assert.equal(normalizeAddressText('   '), null);
  });

  test('state: two letters upper-cased, names kept as written', () => {
    assert.equal(normalizeState(' ca '), 'CA');
    assert.equal(normalizeState('Ny'), 'NY');
    assert.equal(normalizeState('New South Wales'), 'New South Wales');
    assert.equal(normalizeState('québec'), 'québec');
    assert.equal(normalizeState('N1'), 'N1');
    assert.equal(normalizeState(''), null);
  });

  test('postal code: trimmed, collapsed, upper-cased, leading zeros kept', () => {
    assert.equal(normalizePostalCode(' sw1a   1aa '), 'SW1A 1AA');
    assert.equal(normalizePostalCode('02134'), '02134');
    assert.equal(normalizePostalCode('94105-1234'), '94105-1234');
    assert.equal(normalizePostalCode(''), null);
  });
});

describe('normalizeCountry', () => {
  const code = (raw: string): string | null => {
    const r = normalizeCountry(raw);
    assert.ok(r.ok, `expected ${JSON.stringify(raw)} to be a country`);
    return r.value;
  };

  test('US spellings', () => {
    for (const s of ['US', 'us', 'USA', 'U.S.A.', 'U.S.', 'United States', 'united states of america', ' United  States ', 'America']) {
      assert.equal(code(s), 'US', s);
    }
  });

  test('alpha-2, alpha-3 and names, in several languages', () => {
    assert.equal(code('gb'), 'GB');
    assert.equal(code('GBR'), 'GB');
    assert.equal(code('UK'), 'GB');
    assert.equal(code('United Kingdom'), 'GB');
    assert.equal(code('Deutschland'), 'DE');
    assert.equal(code('España'), 'ES');
    assert.equal(code('Espana'), 'ES');
    assert.equal(code('México'), 'MX');
    assert.equal(code('the Netherlands'), 'NL');
    assert.equal(code('Côte d’Ivoire'), 'CI');
    assert.equal(code('Korea, Republic of'), 'KR');
    assert.equal(code('CAN'), 'CA');
    assert.equal(code('Türkiye'), 'TR');
    assert.equal(code('Turkey'), 'TR');
  });

  test('unknown → INVALID_COUNTRY; empty → no value, no warning', () => {
    for (const s of ['XX', 'Narnia', 'U', 'EU', '12', "'; DROP TABLE--"]) assert.deepEqual(normalizeCountry(s), { ok: false, code: 'INVALID_COUNTRY' }, s);
    assert.deepEqual(normalizeCountry('  '), { ok: true, value: null });
  });

  test('the code list is the 249 ISO 3166-1 codes plus XK, each with a display name', () => {
    const codes = isoCountryCodes();
    assert.equal(codes.length, 250);
    assert.equal(new Set(codes).size, 250);
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    assert.deepEqual(codes.filter((c) => !names.of(c)), []);
    for (const c of codes) assert.equal(code(c), c);
  });
});
