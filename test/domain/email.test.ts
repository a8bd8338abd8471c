// Email normalization: trim + lower-case, and the practical syntax rules that decide INVALID_EMAIL.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeEmail } from '../../domain/normalize/email';

const value = (raw: string): string | null => {
  const r = normalizeEmail(raw);
  assert.ok(r.ok, `expected ${JSON.stringify(raw)} to be valid`);
  return r.value;
};
const isInvalid = (raw: string): boolean => {
  const r = normalizeEmail(raw);
  return !r.ok && r.code === 'INVALID_EMAIL';
};

describe('normalizeEmail', () => {
  test('trims and lower-cases', () => {
    assert.equal(value('  Jane.Doe@Example.COM \t'), 'jane.doe@example.com');
  });

  test('empty or blank input is empty without a warning', () => {
    assert.deepEqual(normalizeEmail(''), { ok: true, value: null });
    assert.deepEqual(normalizeEmail('   '), { ok: true, value: null });
  });

  test('accepts common valid forms', () => {
    for (const e of ['a@b.co', 'first.last+tag@sub.example.org', "o'brien@example.ie", 'x_y-z@ex-ample.com', 'user%host@example.travel', '1234@163.com', 'a{b}|c~d@example.museum']) {
      assert.equal(value(e), e.toLowerCase(), e);
    }
  });

  test('accepts punycode (IDNA A-label) domains and TLDs', () => {
    assert.equal(value('info@xn--bcher-kva.de'), 'info@xn--bcher-kva.de');
    assert.equal(value('info@example.xn--p1ai'), 'info@example.xn--p1ai');
    assert.equal(value(`info@example.xn--${'a'.repeat(59)}`), `info@example.xn--${'a'.repeat(59)}`, 'a 63-character A-label TLD');
  });

  test('refuses a punycode TLD that ends in a hyphen or runs past 63 characters, like any other label', () => {
    for (const e of ['user@example.xn--abc-', 'user@example.xn--', 'user@example.xn---', 'user@xn--abc-.com', `user@example.xn--${'a'.repeat(60)}`]) {
      assert.ok(isInvalid(e), e);
    }
  });

  test('refuses Unicode domains and local parts (documented: ASCII + punycode only)', () => {
    assert.ok(isInvalid('info@bücher.de'));
    assert.ok(isInvalid('josé@example.com'));
    assert.ok(isInvalid('\u212Aate@example.com'), 'KELVIN SIGN must not be lower-cased into ASCII');
  });

  test('refuses malformed addresses', () => {
    for (const e of [
      'plainaddress', '@example.com', 'jane@', 'jane@@example.com', 'a@b@example.com', 'jane@example', 'jane@example.c',
      'jane@example.c0m', '.jane@example.com', 'jane.@example.com', 'ja..ne@example.com', 'jane@-example.com', 'jane@example-.com',
      'jane@exa_mple.com', 'jane doe@example.com', '"jane"@example.com', 'jane@[127.0.0.1]', 'jane@example..com', 'jane@.example.com',
      "x'; DROP TABLE contacts;--@example.com", 'jane@example.com.', 'mailto:jane@example.com',
    ]) {
      assert.ok(isInvalid(e), e);
    }
  });

  test('local part at most 64 characters, labels at most 63, whole address at most 254', () => {
    assert.equal(value(`${'a'.repeat(64)}@example.com`), `${'a'.repeat(64)}@example.com`);
    assert.ok(isInvalid(`${'a'.repeat(65)}@example.com`));
    assert.ok(value(`a@${'b'.repeat(63)}.com`));
    assert.ok(isInvalid(`a@${'b'.repeat(64)}.com`));
    const domain = `${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.${'g'.repeat(57)}.com`;
    const local = 'a'.repeat(253 - domain.length);
    assert.equal(`${local}@${domain}`.length, 254);
    assert.ok(value(`${local}@${domain}`));
    assert.ok(isInvalid(`${local}a@${domain}`), '255 characters');
  });

  test('a pathological input is answered quickly (no catastrophic backtracking)', () => {
    const started = Date.now();
    assert.ok(isInvalid(`${'a.'.repeat(100)}@${'a-'.repeat(60)}`));
    assert.ok(isInvalid(`a@${'a'.repeat(61)}-.`.repeat(4)));
    assert.ok(Date.now() - started < 200);
  });
});
