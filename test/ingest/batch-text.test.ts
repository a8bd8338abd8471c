import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TsvChunks, tsvLine } from '../../activities/ingest/load-data';
import { forEachRecord } from '../../activities/ingest/prepare-batch';
import { CANONICAL_COLUMNS } from '../../domain/fields';

test('TsvChunks keeps every line whole and in order across 1 MB buffers, multi-byte text and an over-size line included', () => {
  const lines: string[] = [];
  for (let i = 0; i < 100_000; i++) lines.push(tsvLine([i, `Zoë ${'ü'.repeat(i % 17)} 名前 🙂`, i % 3 === 0 ? null : 'tab\there', 'back\\slash\nnewline']));
  lines.splice(50_000, 0, tsvLine(['big', 'x'.repeat(3 << 20)]));
  const out = new TsvChunks();
  for (const l of lines) out.push(l);
  const chunks = out.finish();
  assert.ok(chunks.length > 3, `expected several buffers, got ${chunks.length}`);
  assert.equal(out.lines, lines.length);
  assert.equal(Buffer.concat(chunks).toString('utf8'), lines.join(''));
  for (const c of chunks) assert.equal(c.at(-1), 0x0a, 'a buffer ends at a line end');
});

test('a batch text yields every record with each field from its own column, in canonical column order', async () => {
  // A distinct value per column, so a field read from a wrong or swapped index cannot pass.
  const valueOf = (column: string, record: number) => `${column}-${record}`;
  const text = [CANONICAL_COLUMNS.join(','), ...[1, 2].map((n) => CANONICAL_COLUMNS.map((c) => valueOf(c, n)).join(','))].join('\n') + '\n';
  const records: string[][] = [];
  const count = await forEachRecord(text, 'test/batch.csv', (record) => records.push([...record]));
  assert.equal(count, 2);
  assert.deepEqual(records, [1, 2].map((n) => CANONICAL_COLUMNS.map((c) => valueOf(c, n))));
});
