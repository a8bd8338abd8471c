// Area-code sets: bitmap bit order (Redis's), counting, the smaller of bitmap and sorted lines, and the line parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bitmapOfLines, countLines, decodeLineSet, encodeLineSet, hasLine, newBitmap, setLine } from '../../domain/compliance/bitmap';
import { RegistryLineParser } from '../../domain/compliance/registry-lines';

test('bits: set, count, encode as sorted lines when smaller, decode, back to a bitmap', () => {
  const b = newBitmap();
  for (const l of [0, 7, 8, 2_345_678, 9_999_999, 2_345_678]) setLine(b, l);
  assert.equal(b[0], 0x81, 'line 0 is the most significant bit of byte 0, as Redis SETBIT');
  assert.equal(countLines(b), 5);
  const { format, bytes } = encodeLineSet(b, 5);
  assert.equal(format, 'lines');
  assert.equal(bytes.length, 20);
  const set = decodeLineSet(format, bytes);
  assert.deepEqual([0, 7, 8, 2_345_678, 9_999_999, 1, 2_345_677].map((l) => set.has(l)), [true, true, true, true, true, false, false]);
  assert.equal(countLines(bitmapOfLines(format, bytes)), 5);
  assert.equal(encodeLineSet(b, 400_000).format, 'bitmap', 'dense sets stay bitmaps');
  assert.ok(hasLine(decodeLineSet('bitmap', b) && b, 9_999_999));
});

test('the line parser takes both forms across chunk boundaries and names malformed lines', () => {
  const got: string[] = [];
  const bad: Array<[number, string]> = [];
  const p = new RegistryLineParser({ number: (npa, l) => got.push(`${npa}-${l}`), malformed: (n, r) => bad.push([n, r]) });
  const text = '2125551234\r\n212,5551235\n\n21255\n2124112345\n2125550123\nabc\n3052345678';
  for (let i = 0; i < text.length; i += 3) p.push(Buffer.from(text.slice(i, i + 3)));
  p.end();
  assert.deepEqual(got, ['212-5551234', '212-5551235', '305-2345678']);
  assert.deepEqual(bad.map(([n]) => n), [4, 5, 6, 7]);
  assert.match(bad[1]![1], /N11/);
  assert.match(bad[2]![1], /fiction/);
});
