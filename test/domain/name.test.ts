// Names: stored form keeps accents and scripts (NFC, trimmed, collapsed); the comparison key folds them away.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nameKey, nameKeyPart, normalizeName } from '../../domain/normalize/name';

describe('normalizeName', () => {
  test('trims, collapses internal whitespace of any kind, empty → null', () => {
    assert.equal(normalizeName('  Mary   Ann\t\u00a0 Smith \n'), 'Mary Ann Smith');
    assert.equal(normalizeName(' \t '), null);
    assert.equal(normalizeName(''), null);
  });

  test('composes to NFC and keeps accents', () => {
    const decomposed = 'Jose\u0301 Garci\u0301a';
    assert.equal(normalizeName(decomposed), 'José García');
    assert.equal(normalizeName(decomposed)?.length, 11);
  });

  test('keeps non-Latin scripts, right-to-left text and emoji unchanged', () => {
    for (const s of ['محمد', 'שָׁלוֹם', '王小明', '김민준', 'Ірина', 'ไทย', 'Zoë 🌸', 'Ana\u200f']) {
      assert.equal(normalizeName(s), s.normalize('NFC'));
    }
  });

  test('SQL-looking text is just data', () => {
    assert.equal(normalizeName("Robert'); DROP TABLE contacts;--"), "Robert'); DROP TABLE contacts;--");
  });
});

describe('nameKey', () => {
  test('strips accents, case, punctuation; joins first|last', () => {
    assert.equal(nameKey('José', 'García-Pérez'), 'jose|garcia perez');
    assert.equal(nameKey('JOSE', 'garcia perez'), 'jose|garcia perez');
    assert.equal(nameKey("D'Angelo", "O'Brien"), 'dangelo|obrien');
    assert.equal(nameKey('J.R.', 'Smith, Jr.'), 'jr|smith jr');
    assert.equal(nameKey('Jean-Luc', 'Picard'), 'jean luc|picard');
  });

  test('folds Latin letters whose accent is part of the letter', () => {
    assert.equal(nameKeyPart('Łukasz'), 'lukasz');
    assert.equal(nameKeyPart('Søren Ærø'), 'soren aero');
    assert.equal(nameKeyPart('Straße'), 'strasse');
  });

  test('compatibility forms fold (NFKD): ligatures, full-width letters', () => {
    assert.equal(nameKeyPart('ﬁona'), 'fiona');
    assert.equal(nameKeyPart('ＡＮＮＡ'), 'anna');
  });

  test('non-Latin scripts survive in the key (never emptied)', () => {
    assert.equal(nameKeyPart('王小明'), '王小明');
    assert.equal(nameKeyPart('김민준'), '김민준');
    assert.equal(nameKeyPart('Ірина'), 'ірина');
    assert.equal(nameKeyPart('مُحَمَّد'), 'محمد');
    assert.equal(nameKeyPart('שָׁלוֹם'), 'שלום');
    assert.ok(nameKeyPart('अनिल').length > 0);
  });

  test('one part empty keeps the separator; both empty → null', () => {
    assert.equal(nameKey(null, 'Smith'), '|smith');
    assert.equal(nameKey('Cher', null), 'cher|');
    assert.equal(nameKey(null, null), null);
    assert.equal(nameKey('---', '...'), null);
  });

  test('the separator cannot be forged from inside a part', () => {
    assert.notEqual(nameKey('a|b', 'c'), nameKey('a', 'b|c'));
  });

  test('repeated spellings give the same key (memoized path)', () => {
    for (let i = 0; i < 3; i++) assert.equal(nameKeyPart('María José'), 'maria jose');
  });
});
