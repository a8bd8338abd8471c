// Unit tests of the byte-level CSV record reader: RFC 4180 quoting, recovery from broken records, bounded
// records, and exact resumption from any record boundary whatever the stream's chunking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvRecordReader, type ByteStreamOpener } from '../../activities/export/csv-record-reader';

type Simple = { start: number; end: number; fields?: string[]; code?: string; detail?: string };

function opener(bytes: Buffer, chunk: number, opened: number[] = []): ByteStreamOpener {
  return async function* (offset) {
    opened.push(offset);
    for (let i = offset; i < bytes.length; i += chunk) yield bytes.subarray(i, Math.min(bytes.length, i + chunk));
  };
}

async function collect(bytes: Buffer, opts: { start?: number; expected: number; chunk?: number; max?: number; opened?: number[] }): Promise<Simple[]> {
  const reader = new CsvRecordReader(opener(bytes, opts.chunk ?? 1 << 20, opts.opened), opts.start ?? 0, opts.expected, opts.max);
  const out: Simple[] = [];
  for (let rec = await reader.next(); rec; rec = await reader.next()) {
    if (rec.kind === 'reject') {
      out.push({ start: rec.start, end: reader.offset, code: rec.code, detail: rec.detail });
      continue;
    }
    const fields: string[] = [];
    for (let i = 0; i < rec.fieldCount; i++) {
      const text = rec.buf.toString('utf8', rec.spans[3 * i]! - rec.base, rec.spans[3 * i + 1]! - rec.base);
      fields.push(rec.spans[3 * i + 2] === 1 ? text.replaceAll('""', '"') : text);
    }
    out.push({ start: rec.start, end: reader.offset, fields });
  }
  await reader.close();
  return out;
}

const tricky = Buffer.from(
  'id,name,note\r\n'
  + '1,"Smith, Jane","said ""hi"""\r\n'
  + '2,"multi\r\nline",x\r\n'
  + '\r\n'
  + '3,plain,ab"c\r\n'
  + '4,,\r\n'
  + '5,"",""\r\n'
  + '6,last,no-newline',
);

test('RFC 4180: quoted commas, doubled quotes, quoted CRLF, blank lines skipped, no final newline', async () => {
  const recs = await collect(tricky, { expected: -1 });
  assert.deepEqual(recs.map((r) => r.fields), [
    ['id', 'name', 'note'],
    ['1', 'Smith, Jane', 'said "hi"'],
    ['2', 'multi\r\nline', 'x'],
    ['3', 'plain', 'ab"c'],
    ['4', '', ''],
    ['5', '', ''],
    ['6', 'last', 'no-newline'],
  ]);
});

test('any chunking gives the same records, and resuming at any record boundary gives the same tail', async () => {
  const whole = await collect(tricky, { expected: 3 });
  for (const chunk of [1, 2, 3, 5, 7, 64]) assert.deepEqual(await collect(tricky, { expected: 3, chunk }), whole, `chunk ${chunk}`);
  for (let i = 0; i < whole.length; i++) {
    assert.deepEqual(await collect(tricky, { expected: 3, start: whole[i]!.start, chunk: 4 }), whole.slice(i));
    assert.deepEqual(await collect(tricky, { expected: 3, start: whole[i]!.end, chunk: 4 }), whole.slice(i + 1));
  }
});

test('an unclosed quote rejects only its own line; wrong column counts and stray quotes are rejected records', async () => {
  const csv = Buffer.from('a,b,c\n1,"open,x\n2,y,z\n3,"q"r,z\n4,only-two\n5,a,b,c\n6,ok,"fine"\n7,"never closed');
  const recs = await collect(csv, { expected: 3, chunk: 3 });
  assert.equal(recs[1]!.detail, `unclosed quote in field 2 (line at byte ${csv.indexOf('1,"open')})`);
  assert.deepEqual(recs.map((r) => r.fields ?? [r.code, r.detail!.replace(/ \(line at byte \d+\)$/, '')]), [
    ['a', 'b', 'c'],
    ['UNCLOSED_QUOTE', 'unclosed quote in field 2'],
    ['2', 'y', 'z'],
    ['MALFORMED_QUOTE', 'text after the closing quote of field 2'],
    ['COLUMN_COUNT', 'expected 3 fields, got 2'],
    ['COLUMN_COUNT', 'expected 3 fields, got 4'],
    ['6', 'ok', 'fine'],
    ['UNCLOSED_QUOTE', 'unclosed quote in field 2'],
  ]);
});

test('records over the size cap are scanned through without being held, then rejected; recovery re-opens the stream', async () => {
  const big = 'x'.repeat(300);
  const csv = Buffer.from(`a,b\n1,${big}\n2,"${big}\n${big}"\n3,ok\n4,"runaway\n5,${big}\n6,end\n`);
  const opened: number[] = [];
  const recs = await collect(csv, { expected: 2, chunk: 16, max: 100, opened });
  const tooLarge = (bytes: number) => ['RECORD_TOO_LARGE', `record of ${bytes} bytes exceeds the 100-byte limit`];
  assert.deepEqual(recs.map((r) => r.fields ?? [r.code, r.detail!.replace(/ \(line at byte \d+\)$| at byte \d+/, '')]), [
    ['a', 'b'],
    tooLarge(`1,${big}\n`.length),
    tooLarge(`2,"${big}\n${big}"\n`.length),
    ['3', 'ok'],
    ['UNCLOSED_QUOTE', 'unclosed quote in field 2'],
    tooLarge(`5,${big}\n`.length),
    ['6', 'end'],
  ]);
  // The runaway quote ran to EOF past the cap, so the reader had to re-open at the line after it.
  assert.ok(opened.length >= 2, `stream opened at ${opened.join(', ')}`);
});
