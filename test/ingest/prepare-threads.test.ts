// Batch preparation on worker threads gives exactly what it gives on the calling thread, and fails the same way.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { prepareBatch, type PrepareRequest } from '../../activities/ingest/prepare-batch';
import { createThreadPreparer } from '../../activities/ingest/prepare-threads';
import type { RawRow } from '../../domain/fields';
import { canonicalCsv } from '../support/batch-objects';

const pool = createThreadPreparer(2);
after(() => pool.close());

function rows(n: number, seed: number): Array<Partial<RawRow>> {
  const out: Array<Partial<RawRow>> = [];
  for (let i = 0; i < n; i++) {
    const k = (i * 7 + seed) % Math.ceil(n * 0.8); // about 20% share a key with an earlier row
    out.push({
      record_id: `r${seed}-${i}`,
      email: i % 11 === 0 ? 'not-an-email' : `Person.${k}@Example.com`,
      phone: i % 13 === 0 ? '' : `(415) 55${String(k % 10)}-${String(1000 + (k % 9000)).padStart(4, '0')}`,
      first_name: i % 17 === 0 ? 'Zoë\tTab' : i % 19 === 0 ? 'محمد' : `First${k}`,
      last_name: i % 23 === 0 ? 'O\'Brien "Bob"' : `Last ${k} 🙂`,
      address_line: `${k} Main St\nApt ${i % 5}`,
      city: 'Springfield', state: 'ca', postal_code: '94105', country: 'US',
      dob: i % 3 === 0 ? '1980-02-30' : '1980-02-03',
      updated_at: `2024-01-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
      reject_code: i % 29 === 0 ? 'WRONG_COLUMN_COUNT' : '', reject_detail: i % 29 === 0 ? 'line 3: 4 fields, expected 12' : '',
    });
  }
  out.push({}); // nothing in it: EMPTY_ROW
  return out;
}

function request(text: string, key = 'test/batch.csv'): PrepareRequest {
  return { bytes: new Uint8Array(Buffer.from(text, 'utf8')), objectKey: key, defaultRegion: 'US', now: Date.parse('2026-01-01T00:00:00Z'), sourceName: 'csv:/t.csv' };
}

test('a thread prepares a batch byte for byte as the calling thread does, problems and counts included', async () => {
  for (const seed of [1, 2]) {
    const text = canonicalCsv(rows(5000, seed));
    const inline = await prepareBatch(request(text));
    const threaded = await pool.prepare(request(text));
    assert.equal(threaded.rowsRead, 5001);
    assert.equal(threaded.rowsRead, inline.rowsRead);
    assert.equal(threaded.stage.lines, inline.stage.lines);
    assert.ok(threaded.stage.lines < 5000, 'rows sharing a key were folded');
    assert.ok(Buffer.concat(threaded.stage.chunks).equals(Buffer.concat(inline.stage.chunks)));
    assert.deepEqual(threaded.problems, inline.problems);
    assert.ok(threaded.problems.some((p) => p.severity === 'reject' && p.code === 'WRONG_COLUMN_COUNT'));
    assert.ok(threaded.problems.some((p) => p.severity === 'reject' && p.code === 'EMPTY_ROW'));
    assert.ok(threaded.problems.some((p) => p.severity === 'warning' && p.field === 'email'));
  }
});

test('several batches at once share the threads and each gets its own result', async () => {
  const texts = [3, 4, 5, 6, 7].map((seed) => canonicalCsv(rows(2000, seed)));
  const results = await Promise.all(texts.map((t) => pool.prepare(request(t))));
  assert.ok(pool.threads <= 2, `at most 2 threads, saw ${pool.threads}`);
  for (const [i, r] of results.entries()) {
    const inline = await prepareBatch(request(texts[i]!));
    assert.ok(Buffer.concat(r.stage.chunks).equals(Buffer.concat(inline.stage.chunks)), `batch ${i} matches`);
  }
});

test('a malformed batch object fails on a thread as a non-retryable BatchFormatError naming the object', async () => {
  const bad = [
    ['test/no-header.csv', 'email,phone\nx@y.com,1\n'],
    ['test/bad-row-no.csv', canonicalCsv([{ row_no: 'abc', email: 'a@b.com' }])],
    ['test/short-record.csv', canonicalCsv([{ email: 'a@b.com' }]) + '1,2,3\n'],
  ] as const;
  for (const [key, text] of bad) {
    await assert.rejects(pool.prepare(request(text, key)), (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure, `${key}: ${String(err)}`);
      assert.equal(err.type, 'BatchFormatError');
      assert.equal(err.nonRetryable, true);
      assert.match(err.message, new RegExp(key.replace(/[.]/g, '\\.')));
      return true;
    });
  }
  // The pool still works after failures.
  const ok = await pool.prepare(request(canonicalCsv(rows(10, 9))));
  assert.equal(ok.rowsRead, 11);
});

test('a CanonicalCsvError on a thread comes back as a non-retryable failure of that type, as on the calling thread', async () => {
  const text = canonicalCsv([{ email: 'a@b.com' }]) + '2,"unclosed\n';
  const inline = await prepareBatch(request(text)).then(() => null, (err: unknown) => err as Error);
  assert.equal(inline?.name, 'CanonicalCsvError');
  await assert.rejects(pool.prepare(request(text)), (err: unknown) => {
    assert.ok(err instanceof ApplicationFailure, String(err));
    assert.equal(err.type, 'CanonicalCsvError');
    assert.equal(err.nonRetryable, true);
    assert.match(err.message, /unclosed quote/);
    return true;
  });
});
