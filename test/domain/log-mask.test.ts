// Values that reach a log line: e-mails and phones masked, free text hidden, ids and machine names kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskEmail, maskPhone, maskValue } from '../../domain/log-mask';

test('e-mail addresses keep only their first character and domain', () => {
  assert.equal(maskEmail('ann.lee@example.com'), 'a***@example.com');
  assert.equal(maskValue('Bob@Example.org'), 'B***@Example.org');
});

test('phone numbers keep the plus and their last two digits', () => {
  assert.equal(maskPhone('+14155550132'), '+*********32');
  assert.equal(maskValue('(415) 555-0132'), '********32');
  assert.equal(maskValue('+442071838750'), '+**********50');
});

test('free text is hidden; ids, numbers, keys and codes are kept', () => {
  assert.equal(maskValue('Zoë Smith'), '<text, 9 chars>');
  assert.equal(maskValue('1 Main St, Apt 2'), '<text, 16 chars>');
  assert.equal(maskValue(42), 42);
  assert.equal(maskValue('12345'), '12345');
  assert.equal(maskValue('migrations/crm/source-1/batch-000001.csv'), 'migrations/crm/source-1/batch-000001.csv');
  assert.equal(maskValue('INVALID_PHONE'), 'INVALID_PHONE');
  assert.equal(maskValue(Buffer.from('abc')), '<3 bytes>');
  assert.deepEqual(maskValue(['a@b.co', 7, null]), ['a***@b.co', 7, null]);
});
