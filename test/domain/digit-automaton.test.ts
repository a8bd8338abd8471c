// The digit-pattern automaton behind the NANP fast path: same matches as RegExp, exact prefix analysis, loud on unknown syntax.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DigitAutomaton } from '../../domain/normalize/digit-automaton';
import { UnsupportedPatternError } from '../../domain/normalize/digit-pattern';
import { compileAnalysed, nanpValidityPatterns } from '../../domain/normalize/nanp-prefix-analysis';
import { seededRandom } from './raw-row-fixture';

function allStrings(length: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 10 ** length; i++) out.push(String(i).padStart(length, '0'));
  return out;
}

describe('DigitAutomaton', () => {
  test('matches exactly what ^(?:p)$ matches, exhaustively on short strings', () => {
    const patterns = ['12[3-5]\\d|1299', '(?:2(?:0[1-35-9]|1[02-9])|3[0-24679])[2-9]\\d', '\\d{2,3}', '1?2?3?\\d', '(?:12|3)+4', '[13-5\\d]{4}', '(\\d)(\\d)\\d?', '9{0,2}8*'];
    for (const pattern of patterns) {
      const automaton = new DigitAutomaton(pattern);
      const re = new RegExp(`^(?:${pattern})$`);
      for (let length = 0; length <= 5; length++) {
        for (const s of allStrings(length)) assert.equal(automaton.matches(s), re.test(s), `${pattern} on "${s}"`);
      }
    }
  });

  test('agrees with RegExp on every NANP metadata pattern (random and near-matching strings)', () => {
    const random = seededRandom(3);
    const patterns = [...nanpValidityPatterns('US'), ...nanpValidityPatterns('CA')];
    assert.ok(patterns.length > 150);
    for (const p of patterns) {
      const automaton = compileAnalysed(p);
      const re = new RegExp(p.mode === 'entire' ? `^(?:${p.pattern})$` : `^(?:${p.pattern})`);
      for (let i = 0; i < 400; i++) {
        const length = [7, 10, 11][i % 3] ?? 10;
        let s = '';
        let state = automaton.start;
        for (let k = 0; k < length; k++) {
          // Half the strings follow live automaton edges, so they mostly (nearly) match; the rest are random.
          let d = Math.floor(random() * 10);
          if (i % 2 === 0) {
            for (let tries = 0; tries < 10 && automaton.suffixVerdict(automaton.step(state, d), length - k - 1) === 'none'; tries++) d = (d + 1) % 10;
          }
          s += d;
          state = automaton.step(state, d);
        }
        assert.equal(automaton.matches(s), re.test(s), `${p.origin} /${p.pattern}/ on "${s}"`);
      }
    }
  });

  test('undeterminedPrefixes is exact (checked exhaustively)', () => {
    const patterns = ['12[3-5]\\d\\d|1299\\d|13\\d{3}', '(?:2[0-4]|5)\\d{3,4}', '1\\d[2-9]0\\d|7\\d{4}', '\\d{5}'];
    for (const pattern of patterns) {
      const automaton = new DigitAutomaton(pattern);
      const re = new RegExp(`^(?:${pattern})$`);
      const expected: string[] = [];
      for (const prefix of allStrings(3)) {
        const verdicts = new Set(allStrings(2).map((suffix) => re.test(prefix + suffix)));
        if (verdicts.size === 2) expected.push(prefix);
      }
      assert.deepEqual(automaton.undeterminedPrefixes('', 3, 2).sort(), expected, pattern);
    }
    assert.deepEqual(new DigitAutomaton('12[3-5]\\d|1299').undeterminedPrefixes('', 3, 1), ['129']);
    assert.deepEqual(new DigitAutomaton('1(?:23|45)\\d\\d').undeterminedPrefixes('1', 2, 2), []);
  });

  test('syntax outside the digit subset throws UnsupportedPatternError with the pattern and position', () => {
    for (const pattern of ['([457]\\d{6})$|1', '\\s', '[^1]', '(?=1)', 'a', '\\d+?', '[1-', '(12']) {
      assert.throws(() => new DigitAutomaton(pattern), (err: unknown) => {
        assert.ok(err instanceof UnsupportedPatternError, pattern);
        assert.equal(err.name, 'UnsupportedPatternError');
        assert.equal(err.pattern, pattern);
        assert.match(err.message, /digit pattern ".*" at \d+: /);
        return true;
      });
    }
  });
});
