// Match keys are stored forever: these pinned values must never change.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { valueIndex, VALUE_COLUMNS } from '../../domain/contact-schema';
import { matchKey, matchKeyMaterial } from '../../domain/match-key';

const contact = (email: string | null, phoneE164: string | null, recordId = 'CUST-0007', rowNo = 12) => {
  const values: Array<string | null> = VALUE_COLUMNS.map(() => null);
  values[valueIndex('email')] = email;
  values[valueIndex('phone_e164')] = phoneE164;
  return { values, recordId, rowNo };
};

describe('matchKey', () => {
  test('pinned values', () => {
    assert.equal(matchKey(contact('jane.doe@example.com', '+14155550132'), 'crm-eu'), '65098c39ff222db5b0f4d718a7c78af6560ec094');
    assert.equal(matchKey(contact('jane.doe@example.com', null), 'crm-eu'), '8c7e6f21ca6cb17bbbf26fca0d6ed7ecf4ac1a13');
    assert.equal(matchKey(contact(null, '+14155550132'), 'crm-eu'), 'aa783f8fe06b1b90d0f8b65d9ef20591b68a0513');
    assert.equal(matchKey(contact(null, null), 'crm-eu'), '0293e57ef646d36a697c3a50fc9353bdf3d94391');
    assert.equal(matchKey(contact(null, null, ''), 'crm-eu'), 'b3f5c6fda9289edcc03be07783bc76bb657a1a1d');
  });

  test('material encodings', () => {
    assert.equal(matchKeyMaterial(contact('a@b.co', '+14155550132'), 's'), 'k:a@b.co\u0000+14155550132');
    assert.equal(matchKeyMaterial(contact(null, '+14155550132'), 's'), 'k:\u0000+14155550132');
    assert.equal(matchKeyMaterial(contact(null, null, 'R1'), 'legacy-db'), 's:legacy-db\u0000R1');
    assert.equal(matchKeyMaterial(contact(null, null, '', 9), 'legacy-db'), 'r:legacy-db\u00009');
  });

  test('the identity is the (email, phone) pair, independent of source and record when a key exists', () => {
    assert.equal(matchKey(contact('a@b.co', null, 'X'), 'one'), matchKey(contact('a@b.co', null, 'Y', 99), 'two'));
    assert.notEqual(matchKey(contact('a@b.co', null), 's'), matchKey(contact('a@b.co', '+14155550132'), 's'));
    assert.notEqual(matchKey(contact('a@b.co', null), 's'), matchKey(contact(null, null, 'a@b.co'), 's'));
  });

  test('source identities are unambiguous across source/record splits and never collide with contact keys', () => {
    assert.notEqual(matchKey(contact(null, null, 'b:c'), 'a'), matchKey(contact(null, null, 'c'), 'a:b'));
    assert.notEqual(matchKey(contact(null, null, '1'), 'src'), matchKey(contact(null, null, '', 1), 'src'));
    assert.match(matchKey(contact(null, null), 'src'), /^[0-9a-f]{40}$/);
  });
});
