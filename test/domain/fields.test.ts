// Pins the canonical column order (the batch CSV layout) and the schema limits other parts depend on.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CANONICAL_COLUMNS, emptyRawRow, FIELD_LIMITS, MAPPABLE_FIELDS } from '../../domain/fields';

describe('canonical fields', () => {
  test('columns are in the exact batch CSV order', () => {
    assert.deepEqual(
      [...CANONICAL_COLUMNS],
      ['row_no', 'record_id', 'email', 'phone', 'first_name', 'last_name', 'address_line', 'city', 'state', 'postal_code', 'country', 'dob', 'updated_at', 'reject_code', 'reject_detail'],
    );
  });

  test('mappable fields are the source columns: all but row_no and the reject columns', () => {
    assert.deepEqual([...MAPPABLE_FIELDS], CANONICAL_COLUMNS.filter((c) => c !== 'row_no' && !c.startsWith('reject_')));
  });

  test('schema limits match the contacts table', () => {
    assert.deepEqual(FIELD_LIMITS, {
      record_id: 128, email: 254, phone: 64, e164: 16, first_name: 100, last_name: 100,
      address_line: 200, city: 100, state: 64, postal_code: 20, country: 2,
    });
  });

  test('emptyRawRow has every column, all empty except row_no', () => {
    const row = emptyRawRow(42);
    assert.deepEqual(Object.keys(row), [...CANONICAL_COLUMNS]);
    assert.equal(row.row_no, '42');
    assert.ok(CANONICAL_COLUMNS.filter((c) => c !== 'row_no').every((c) => row[c] === ''));
  });
});
