// The contact schema (domain/contact-schema.ts) and the SQL migrations describe the same contacts table: a
// column added to one and not the other, or a limit changed in one, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2';
import { CONTACT_META, FIELD_GROUPS, RECORD_ID_LIMIT, sqlType, VALUE_COLUMNS } from '../../domain/contact-schema';
import { createTestDatabase } from '../support/services';

test('every contact-schema column exists in contacts with the declared type', async () => {
  const db = await createTestDatabase('schema');
  try {
    const [rows] = await db.pool.query<RowDataPacket[]>(
      'SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      ['contacts'],
    );
    const types = new Map(rows.map((r) => [String(r.name), String(r.type).toLowerCase()]));
    const expected: Array<[string, string]> = [
      ...VALUE_COLUMNS.map((c): [string, string] => [c, sqlType(c).toLowerCase()]),
      ...FIELD_GROUPS.map((g): [string, string] => [g.tsColumn, 'datetime(3)']),
      [CONTACT_META.sourceUpdatedAt, 'datetime(3)'],
      [CONTACT_META.sourceRecordId, `varchar(${RECORD_ID_LIMIT})`],
      [CONTACT_META.hasContactKey, 'tinyint(1)'],
    ];
    assert.deepEqual(expected.map(([c]) => [c, types.get(c)]), expected);
  } finally {
    await db.drop();
  }
});
