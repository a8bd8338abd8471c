// Area-code sets: bitmap bit order (Redis's), counting, the smaller of bitmap and lines by exchange, building them from a
// file's lines, the line parser and the checksum thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { bitmapOfLines, countLines, decodeLineSet, encodeLineSet, hasLine, LineSetBuilder, newBitmap, setLine, xlinesBytes } from '../../domain/compliance/bitmap';
import { RegistryLineParser } from '../../domain/compliance/registry-lines';
import { HashThread } from '../../activities/compliance/hash-thread';
import { Prng } from '../../generator/prng';

test('bits: set, count, encode by exchange (xlines) when smaller, decode, back to a bitmap; sets stored as 4-byte lines still read', () => {
  const b = newBitmap();
  for (const l of [0, 7, 8, 2_345_678, 9_999_999, 2_345_678]) setLine(b, l);
  assert.equal(b[0], 0x81, 'line 0 is the most significant bit of byte 0, as Redis SETBIT');
  assert.equal(countLines(b), 5);
  const { format, bytes } = encodeLineSet(b, 5);
  assert.equal(format, 'xlines');
  assert.equal(bytes.length, xlinesBytes(5));
  assert.equal(xlinesBytes(5), 4004 + 10, 'a 1001-offset index and 2 bytes a line');
  const probes = [0, 7, 8, 2_345_678, 9_999_999, 1, 9, 2_345_677, 2_345_679, 9_999_998, 10_000_000, 10_007];
  const want = [true, true, true, true, true, false, false, false, false, false, false, false];
  const set = decodeLineSet(format, bytes);
  assert.equal(set.size, 5);
  assert.deepEqual(probes.map((l) => set.has(l)), want);
  assert.equal(countLines(bitmapOfLines(format, bytes)), 5);
  // A view at an odd offset (as a network buffer may be) reads the same.
  const odd = new Uint8Array(bytes.length + 1);
  odd.set(bytes, 1);
  assert.deepEqual(probes.map((l) => decodeLineSet('xlines', odd.subarray(1)).has(l)), want);
  const old = new Uint8Array(new Uint32Array([0, 7, 8, 2_345_678, 9_999_999]).buffer);
  assert.deepEqual(probes.map((l) => decodeLineSet('lines', old).has(l)), want, 'the former 4-byte format');
  assert.equal(countLines(bitmapOfLines('lines', old)), 5);
  assert.equal(encodeLineSet(b, 700_000).format, 'bitmap', 'dense sets stay bitmaps');
  assert.ok(hasLine(decodeLineSet('bitmap', b) && b, 9_999_999));
  assert.throws(() => decodeLineSet('xlines', bytes.subarray(0, bytes.length - 2)), /index ends at 5/);
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

test('a set built from a file\'s lines is stored exactly as encodeLineSet stores the same bitmap, sorted or not', () => {
  const rng = new Prng(4, 2);
  const cases: Array<[name: string, lines: number[]]> = [
    ['empty', []],
    ['sorted with duplicates', Array.from({ length: 50_000 }, (_, i) => 2_000_000 + i * 97 - (i % 5 === 0 && i > 0 ? 97 : 0))],
    ['unsorted', Array.from({ length: 100_000 }, () => Math.floor(rng.float() * 10_000_000))],
    ['a full list, sorted', Array.from({ length: 312_500 }, (_, i) => i * 32)],
    ['one below a bitmap\'s size in xlines', Array.from({ length: 622_997 }, (_, i) => i * 16)],
    ['a bitmap\'s size in xlines', Array.from({ length: 622_998 }, (_, i) => i * 16)],
    ['dense and unsorted', Array.from({ length: 700_000 }, () => Math.floor(rng.float() * 10_000_000))],
  ];
  const spare: Uint32Array[] = [];
  for (const [name, lines] of cases) {
    const built = new LineSetBuilder(undefined, spare);
    const bits = newBitmap();
    for (const l of lines) {
      built.add(l);
      setLine(bits, l);
    }
    const got = built.encode();
    const want = encodeLineSet(bits, countLines(bits));
    assert.equal(got.count, countLines(bits), `${name}: count`);
    assert.equal(got.format, want.format, `${name}: format`);
    assert.ok(Buffer.from(got.bytes).equals(Buffer.from(want.bytes)), `${name}: the same bytes`);
    built.release();
  }
  assert.ok(spare.length > 0, 'lists hand their buffers back');
  const fromStored = new LineSetBuilder(bitmapOfLines('lines', new Uint8Array(new Uint32Array([5, 9]).buffer)));
  fromStored.add(7);
  fromStored.remove(9);
  const e = fromStored.encode();
  assert.deepEqual([e.format, e.count], ['xlines', 2], 'a change applied to a stored set');
  const set = decodeLineSet(e.format, e.bytes);
  assert.deepEqual([5, 7, 9].map((l) => set.has(l)), [true, true, false]);
});

test('the parser gives the same numbers and malformed lines however the file is cut into chunks', () => {
  const text = ['2125551234', '212,5551235\r', '', '\r', 'x'.repeat(70), '2125551', '9125550123', '212555123456', '2,125551234', '3052345678\r', '212-5551234', '2129999999'].join('\n');
  const runs = [1, 2, 5, 11, 12, 13, 64, 1 << 16].map((size) => {
    const got: string[] = [];
    const p = new RegistryLineParser({ number: (npa, l) => got.push(`${npa}-${l}`), malformed: (n, r, t) => got.push(`${n}: ${r}: ${t}`) });
    for (let i = 0; i < text.length; i += size) p.push(Buffer.from(text.slice(i, i + size), 'latin1'));
    p.end();
    return { got, lines: p.lineNo, start: p.lineStart };
  });
  for (const r of runs) assert.deepEqual(r, runs[0]);
  assert.deepEqual(runs[0]!.got.filter((g) => !g.includes(':')), ['212-5551234', '212-5551235', '305-2345678', '212-9999999']);
  const bad = runs[0]!.got.filter((g) => g.includes(':'));
  assert.deepEqual(bad.map((g) => Number(g.split(':')[0])), [5, 6, 7, 8, 9, 11], 'malformed lines by number');
  assert.match(bad[0]!, /longer than 64 bytes: x{20}$/);
  assert.match(bad[1]!, /7 digits, expected 10: 2125551$/);
  assert.match(bad[2]!, /fiction/);
  assert.match(bad[3]!, /12 digits/);
  assert.equal(runs[0]!.lines, 12);
});

test('the checksum thread gives the digest of everything it was given, and leaves the caller\'s buffers intact', async () => {
  const data = Buffer.from('2125551234\n'.repeat(200_000));
  const h = new HashThread();
  for (let i = 0; i < data.length; i += 65_536) await h.update(data.subarray(i, i + 65_536));
  assert.equal(await h.digest(), createHash('sha256').update(data).digest('hex'));
  assert.equal(data.length, 2_200_000);
});
