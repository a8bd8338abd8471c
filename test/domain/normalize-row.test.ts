// normalizeRow: what is kept (with warnings), what is rejected (and why), and what passes through untouched.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyRawRow, FIELD_LIMITS, type CanonicalField } from '../../domain/fields';
import { UnsupportedRegionError } from '../../domain/normalize/phone';
import { contactValue, contactValues, InvalidRowNumberError, normalizeRow, type NormalizeRowResult, type RowAccepted, type RowRejected } from '../../domain/normalize-row';
import { NOW, rawRow } from './raw-row-fixture';

const options = { defaultRegion: 'US', now: NOW };

function ok(result: NormalizeRowResult): RowAccepted {
  assert.equal(result.kind, 'ok', result.kind === 'rejected' ? `${result.reasonCode}: ${result.detail}` : '');
  return result as RowAccepted;
}
function rejected(result: NormalizeRowResult): RowRejected {
  assert.equal(result.kind, 'rejected');
  return result as RowRejected;
}

describe('normalizeRow: kept rows', () => {
  test('a typical row is fully normalized', () => {
    const { contact, warnings } = ok(normalizeRow(rawRow(), options));
    assert.deepEqual(warnings, []);
    assert.deepEqual({ ...contact, values: contactValues(contact) }, {
      rowNo: 7, recordId: 'CUST-0007', updatedAtMs: Date.UTC(2023, 4, 1, 12, 34, 56), updatedAt: '2023-05-01 12:34:56.000', hasContactKey: true,
      values: {
        email: 'jane.doe@example.com', phone_e164: '+14155550132', phone_ext: null, first_name: 'Jane', last_name: 'Doe', name_key: 'jane|doe',
        address_line: '1 Market St', city: 'San Francisco', state: 'CA', postal_code: '94105', country: 'US', dob: '1985-03-07',
      },
    });
  });

  test('invalid fields are emptied and reported with their raw value; the row is kept', () => {
    const { contact, warnings } = ok(normalizeRow(rawRow({
      email: 'jane(at)example.com', phone: ' 555-01 ', country: 'Narnia', dob: '1985-02-30', updated_at: 'last tuesday',
    }), options));
    assert.deepEqual(warnings, [
      { field: 'email', code: 'INVALID_EMAIL', raw: 'jane(at)example.com' },
      { field: 'phone', code: 'INVALID_PHONE', raw: ' 555-01 ' },
      { field: 'country', code: 'INVALID_COUNTRY', raw: 'Narnia' },
      { field: 'dob', code: 'INVALID_DATE', raw: '1985-02-30' },
      { field: 'updated_at', code: 'INVALID_TIMESTAMP', raw: 'last tuesday' },
    ]);
    assert.equal(contactValue(contact, 'email'), null);
    assert.equal(contactValue(contact, 'phone_e164'), null);
    assert.equal(contactValue(contact, 'country'), null);
    assert.equal(contactValue(contact, 'dob'), null);
    assert.equal(contact.updatedAtMs, null);
    assert.equal(contact.updatedAt, null);
    assert.equal(contactValue(contact, 'first_name'), 'Jane');
    assert.equal(contact.hasContactKey, false);
  });

  test('an empty timestamp is a MISSING_TIMESTAMP warning; other empty fields are silent', () => {
    const { contact, warnings } = ok(normalizeRow(rawRow({ updated_at: '', email: '', dob: '', country: '' }), options));
    assert.deepEqual(warnings, [{ field: 'updated_at', code: 'MISSING_TIMESTAMP', raw: '' }]);
    assert.equal(contactValue(contact, 'email'), null);
    assert.equal(contact.hasContactKey, true, 'the phone is still a key');
  });

  test('a row with neither email nor phone is kept without a contact key', () => {
    const { contact } = ok(normalizeRow(rawRow({ email: '', phone: '' }), options));
    assert.equal(contact.hasContactKey, false);
    assert.equal(contactValue(contact, 'name_key'), 'jane|doe');
  });

  test('phone extension, day-first dates and the region option reach the contact', () => {
    const { contact } = ok(normalizeRow(rawRow({ phone: '020 7946 0958 ext. 42', dob: '07/03/1985' }), { defaultRegion: 'GB', dayFirst: true, now: NOW }));
    assert.equal(contactValue(contact, 'phone_e164'), '+442079460958');
    assert.equal(contactValue(contact, 'phone_ext'), '42');
    assert.equal(contactValue(contact, 'dob'), '1985-03-07');
  });

  test('SQL-injection-looking strings, emoji, right-to-left names and tabs are data and pass through (modulo trim/NFC)', () => {
    const { contact, warnings } = ok(normalizeRow(rawRow({
      first_name: "Robert'); DROP TABLE contacts;--",
      last_name: ' محمد\u200f العربي ',
      address_line: "1' OR '1'='1 \u{1F3E0}",
      city: 'Zu\u0308rich',
      record_id: "x'; --",
      state: 'Québec\t',
    }), options));
    assert.deepEqual(warnings, []);
    assert.equal(contactValue(contact, 'first_name'), "Robert'); DROP TABLE contacts;--");
    assert.equal(contactValue(contact, 'last_name'), 'محمد\u200f العربي');
    assert.equal(contactValue(contact, 'address_line'), "1' OR '1'='1 \u{1F3E0}");
    assert.equal(contactValue(contact, 'city'), 'Zürich');
    assert.equal(contact.recordId, "x'; --");
    assert.equal(contactValue(contact, 'state'), 'Québec');
    assert.equal(contactValue(contact, 'name_key'), 'robert drop table contacts|محمد\u200f العربي');
  });

  test('limits count characters (code points), not UTF-16 units: 100 emoji fit in first_name', () => {
    const { contact } = ok(normalizeRow(rawRow({ first_name: '\u{1F600}'.repeat(100) }), options));
    assert.equal(contactValue(contact, 'first_name'), '\u{1F600}'.repeat(100));
  });

  test('a very long invalid value is kept in the warning only in part', () => {
    const { warnings } = ok(normalizeRow(rawRow({ dob: '9'.repeat(10_000) }), options));
    assert.equal(warnings[0]?.code, 'INVALID_DATE');
    assert.ok((warnings[0]?.raw.length ?? 0) <= 257);
  });
});

describe('normalizeRow: rejected rows', () => {
  test("an exporter reject_code is passed through with its detail, whatever the other fields", () => {
    const r = rejected(normalizeRow(rawRow({ reject_code: 'CSV_COLUMN_COUNT', reject_detail: 'expected 12 fields, got 9', email: '' }), options));
    assert.deepEqual(r, { kind: 'rejected', rowNo: 7, recordId: 'CUST-0007', reasonCode: 'CSV_COLUMN_COUNT', detail: 'expected 12 fields, got 9' });
  });

  test('a completely empty row (whitespace counts as empty) is EMPTY_ROW', () => {
    const blank = rawRow({ record_id: '', email: ' ', phone: '', first_name: '\t', last_name: '', address_line: '', city: '', state: '', postal_code: '', country: '', dob: '', updated_at: '  ' });
    const r = rejected(normalizeRow(blank, options));
    assert.equal(r.reasonCode, 'EMPTY_ROW');
    assert.equal(r.rowNo, 7);
    assert.match(r.detail, /every field is empty/);
  });

  test('an exported all-empty row (CSV `,,` or `"",""`: no record id either) is EMPTY_ROW with an empty record id', () => {
    const r = rejected(normalizeRow(emptyRawRow(208), options));
    assert.deepEqual([r.reasonCode, r.rowNo, r.recordId], ['EMPTY_ROW', 208, '']);
  });

  test('a kept row without a record id is identified by its row number', () => {
    const { contact } = ok(normalizeRow(rawRow({ record_id: '' }), options));
    assert.equal(contact.recordId, '7');
  });

  test('a rejected row keeps its record id; an undecodable id itself is not echoed', () => {
    assert.equal(rejected(normalizeRow(rawRow({ record_id: '1008', city: 'San\u0000Francisco' }), options)).recordId, '1008');
    assert.equal(rejected(normalizeRow(rawRow({ record_id: '10\u000108' }), options)).recordId, '');
  });

  const encodingCases: Array<[string, CanonicalField, string, RegExp]> = [
    ['U+FFFD replacement character', 'last_name', 'M\uFFFDller', /U\+FFFD \(replacement character/],
    ['NUL', 'email', 'jane\u0000@example.com', /U\+0000 \(NUL\)/],
    ['a C0 control character', 'city', 'San\u0001Francisco', /U\+0001 \(control character\)/],
    ['a vertical tab', 'address_line', '1 Market St\u000bApt 2', /U\+000B \(control character\)/],
    ['DEL', 'phone', '415\u007f5550132', /U\+007F/],
    ['a C1 control character (mis-decoded cp1252)', 'first_name', 'Ren\u0082e', /U\+0082/],
    ['an unpaired surrogate', 'record_id', 'ab\uD800c', /U\+D800 \(unpaired surrogate\)/],
  ];
  test('line breaks inside a field (a quoted multi-line CSV address) are kept and collapsed to a space', () => {
    const r = normalizeRow(rawRow({ email: 'a@example.com', address_line: '1 Market St\r\nApt 2' }), options);
    assert.equal(r.kind, 'ok');
    if (r.kind === 'ok') assert.equal(contactValue(r.contact, 'address_line'), '1 Market St Apt 2');
  });

  for (const [what, field, value, detail] of encodingCases) {
    test(`${what} in ${field} is ENCODING naming the field`, () => {
      const r = rejected(normalizeRow(rawRow({ [field]: value }), options));
      assert.equal(r.reasonCode, 'ENCODING');
      assert.equal(r.field, field);
      assert.match(r.detail, new RegExp(`^${field}: contains `));
      assert.match(r.detail, detail);
    });
  }

  test('tab and well-formed astral characters are not encoding problems', () => {
    ok(normalizeRow(rawRow({ first_name: 'Jane\tMarie', last_name: '\u{1F600}\u{10348}' }), options));
  });

  const limited: Array<[CanonicalField, number]> = [
    ['record_id', FIELD_LIMITS.record_id], ['email', FIELD_LIMITS.email], ['phone', FIELD_LIMITS.phone], ['first_name', FIELD_LIMITS.first_name],
    ['last_name', FIELD_LIMITS.last_name], ['address_line', FIELD_LIMITS.address_line], ['city', FIELD_LIMITS.city], ['state', FIELD_LIMITS.state],
    ['postal_code', FIELD_LIMITS.postal_code],
  ];
  for (const [field, limit] of limited) {
    test(`${field} over ${limit} characters is FIELD_TOO_LONG naming the field, length and limit; at the limit is fine`, () => {
      const r = rejected(normalizeRow(rawRow({ [field]: 'A'.repeat(limit + 1) }), options));
      assert.equal(r.reasonCode, 'FIELD_TOO_LONG');
      assert.equal(r.field, field);
      assert.match(r.detail, new RegExp(`^${field}: ${limit + 1} characters, over the schema limit of ${limit}`));
      const atLimit = normalizeRow(rawRow({ [field]: 'A'.repeat(limit) }), options);
      assert.notEqual(atLimit.kind === 'rejected' ? atLimit.reasonCode : 'ok', 'FIELD_TOO_LONG');
    });
  }

  test('a 10 MB value is never echoed: the detail carries at most ~64 characters of it', () => {
    const huge = `${'x'.repeat(10 * 1024 * 1024)}`;
    const r = rejected(normalizeRow(rawRow({ address_line: huge }), options));
    assert.equal(r.reasonCode, 'FIELD_TOO_LONG');
    assert.match(r.detail, /address_line: 10485760 characters, over the schema limit of 200/);
    assert.ok(r.detail.length < 200, `detail is ${r.detail.length} characters`);
  });

  test('whitespace that normalization removes does not count against the limit', () => {
    ok(normalizeRow(rawRow({ city: `  ${'a'.repeat(50)}${' '.repeat(80)}${'b'.repeat(49)}  ` }), options));
  });
});

describe('normalizeRow: contract errors', () => {
  test('a row_no that is not a positive integer is an exporter bug: InvalidRowNumberError', () => {
    for (const rowNo of ['', '0', '-3', '1.5', 'abc']) {
      assert.throws(() => normalizeRow(rawRow({ row_no: rowNo }), options), (err: unknown) => {
        assert.ok(err instanceof InvalidRowNumberError);
        assert.equal(err.name, 'InvalidRowNumberError');
        assert.equal(err.rowNo, rowNo);
        assert.match(err.message, /^row_no: ".*" is not a positive integer/);
        return true;
      });
    }
  });

  test('an unknown default region throws UnsupportedRegionError', () => {
    assert.throws(() => normalizeRow(rawRow(), { defaultRegion: 'ZZ', now: NOW }), UnsupportedRegionError);
  });
});
