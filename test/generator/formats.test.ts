// Unit checks of the pieces that must be exactly right: escaping, quoting, phone spellings, row splits, the PRNG.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoWithOffset, utcOffsetMinutes } from '../../generator/dates';
import { typo } from '../../generator/mess';
import { formatPhone } from '../../generator/phones';
import { STATES } from '../../generator/places';
import { duplicateRowsFor, RowPlanner, splitRows } from '../../generator/plan';
import { Prng } from '../../generator/prng';
import { csvField } from '../../generator/sinks/csv-sink';
import { tsvField } from '../../generator/sinks/mysql-sink';
import { parseCsv } from './generated-data';
import { editDistance } from './similarity';

test('tsvField escapes backslash, tab, newline, CR and NUL, and writes NULL as \\N', () => {
  assert.equal(tsvField(null), '\\N');
  assert.equal(tsvField('\\N'), '\\\\N');
  assert.equal(tsvField("O\\'Brien"), "O\\\\'Brien");
  assert.equal(tsvField('12 Main St\nApt 4\tB\r\0'), '12 Main St\\nApt 4\\tB\\r\\0');
  assert.equal(tsvField('José'), 'José');
});

test('csvField values round-trip through fast-csv: commas, quotes, line breaks, edge spaces, Unicode', async () => {
  const tricky = ['Smith, Jr.', 'Robert "Bob"', '12 Main St\nApt 4', ' padded@x.com ', 'Ñúñez', '王', '', 'plain', '"', 'a,"b",c'];
  const line = tricky.map(csvField).join(',');
  const [parsed] = await parseCsv(`${line}\n`);
  assert.deepEqual(parsed, tricky);
});

test('formatPhone writes every legacy style', () => {
  const d = '4155550132';
  assert.equal(formatPhone(d, 'paren'), '(415) 555-0132');
  assert.equal(formatPhone(d, 'dot'), '415.555.0132');
  assert.equal(formatPhone(d, 'intl-spaced'), '+1 415 555 0132');
  assert.equal(formatPhone(d, 'plain'), '4155550132');
  assert.equal(formatPhone(d, 'one-dash'), '1-415-555-0132');
  assert.equal(formatPhone(d, 'e164'), '+14155550132');
});

test('ISO timestamps carry the state offset, with daylight saving time', () => {
  const winter = Date.UTC(2023, 0, 15, 15, 20, 30) / 1000;
  const summer = Date.UTC(2023, 6, 15, 15, 20, 30) / 1000;
  assert.equal(isoWithOffset(winter, utcOffsetMinutes(winter, STATES['NY']!)), '2023-01-15T10:20:30-05:00');
  assert.equal(isoWithOffset(summer, utcOffsetMinutes(summer, STATES['NY']!)), '2023-07-15T11:20:30-04:00');
  assert.equal(isoWithOffset(summer, utcOffsetMinutes(summer, STATES['AZ']!)), '2023-07-15T08:20:30-07:00');
  assert.equal(isoWithOffset(summer, null), '2023-07-15T15:20:30Z');
});

test('splitRows honours the percentages and always adds up', () => {
  assert.deepEqual(splitRows(1_000, { mysql: 50, sqlite: 30, csv: 20 }), { mysql: 500, sqlite: 300, csv: 200 });
  for (const rows of [1, 2, 7, 999, 1001]) {
    const s = splitRows(rows, { mysql: 33.4, sqlite: 33.3, csv: 33.3 });
    assert.equal(s.mysql + s.sqlite + s.csv, rows);
  }
});

test('RowPlanner hits the per-source counts and the duplicate count exactly; the first row is a new person', () => {
  const counts = { mysql: 517, sqlite: 301, csv: 182 };
  const dups = duplicateRowsFor(1_000, 0.37);
  const planner = new RowPlanner(new Prng(3), counts, dups);
  const seen = { mysql: 0, sqlite: 0, csv: 0 };
  let duplicates = 0;
  for (let i = 0; i < 1_000; i++) {
    const plan = planner.next();
    if (i === 0) assert.equal(plan.duplicate, false);
    seen[plan.source]++;
    if (plan.duplicate) duplicates++;
  }
  assert.deepEqual(seen, counts);
  assert.equal(duplicates, 370);
  assert.equal(duplicateRowsFor(10, 1), 9);
});

test('Prng is deterministic per seed and stream, and roughly uniform', () => {
  const a = new Prng(42);
  const b = new Prng(42);
  const seq = Array.from({ length: 5 }, () => a.u32());
  assert.deepEqual(Array.from({ length: 5 }, () => b.u32()), seq);
  assert.notDeepEqual(Array.from({ length: 5 }, () => new Prng(42, 1).u32()), seq);
  const r = new Prng(7);
  const buckets = new Array<number>(10).fill(0);
  for (let i = 0; i < 100_000; i++) buckets[r.int(10)]!++;
  for (const n of buckets) assert.ok(n > 9_500 && n < 10_500, `bucket count ${n}`);
});

test('typo makes exactly one slip (transposition, drop or double) and leaves short names alone', () => {
  const rng = new Prng(9);
  for (let i = 0; i < 200; i++) {
    const out = typo(rng, 'Katherine');
    assert.equal(out[0], 'K');
    assert.equal(editDistance(out.toLowerCase(), 'katherine'), 1);
  }
  assert.equal(typo(rng, 'Bob'), 'Bob');
});
