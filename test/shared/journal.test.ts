// The journal against the real S3 server: an entry written twice is one object, entries read back in time order from
// a given time, and a bad timestamp is refused naming the entry.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { JournalEntryError, appendJournal, journalKey, readJournal, type JournalEntry } from '../../activities/journal';
import { baseConfig, uniqueName } from '../support/services';
import { createS3 } from '../../workers/clients';

describe('journal', { timeout: 60_000 }, () => {
  const s3 = createS3(baseConfig);
  const deps = { s3, buckets: { raw: baseConfig.S3_RAW_BUCKET, processed: baseConfig.S3_PROCESSED_BUCKET } };
  // Entries of this run live in a future year no other test writes, so listing them sees only this run's.
  const year = 2300 + Math.floor(Math.random() * 600);
  const run = uniqueName('journal');
  const entry = (id: string, at: string): JournalEntry => ({ stream: 'opt-outs', id: `${run}/${id}`, at: `${year}-${at}`, actor: 'test', payload: { id } });

  before(async () => {
    for (const [id, at] of [['b', '03-01T10:00:00Z'], ['a', '01-31T23:59:59.500Z'], ['c', '03-01T10:00:00.001Z']] as const) {
      await appendJournal(deps, entry(id, at));
    }
    await appendJournal(deps, entry('a', '01-31T23:59:59.500Z'));
  });
  after(async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: deps.buckets.raw, Prefix: `journal/opt-outs/${year}-` }));
    const objects = (listed.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (objects.length) await s3.send(new DeleteObjectsCommand({ Bucket: deps.buckets.raw, Delete: { Objects: objects } }));
    s3.destroy();
  });

  test('the same entry twice is one object; keys sort by time', async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: deps.buckets.raw, Prefix: `journal/opt-outs/${year}-` }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    assert.equal(keys.length, 3);
    assert.deepEqual(keys, [...keys].sort());
    assert.equal(keys[0], journalKey(entry('a', '01-31T23:59:59.500Z')));
  });

  test('reads the stream from a time on, oldest first', async () => {
    const read = async (since: string) => {
      const ids: unknown[] = [];
      for await (const e of readJournal(deps, 'opt-outs', new Date(`${year}-${since}`))) if (e.id.startsWith(run)) ids.push(e.payload.id);
      return ids;
    };
    assert.deepEqual(await read('01-01T00:00:00Z'), ['a', 'b', 'c']);
    assert.deepEqual(await read('03-01T10:00:00Z'), ['b', 'c']);
    assert.deepEqual(await read('03-01T10:00:00.001Z'), ['c']);
  });

  test('an entry without a valid time is refused, naming it', async () => {
    await assert.rejects(appendJournal(deps, { ...entry('x', '01-01'), at: 'yesterday' }), (err: unknown) => {
      assert.ok(err instanceof JournalEntryError);
      assert.match(err.message, /journal entry .*\/x: at is not a timestamp \("yesterday"\)/);
      return true;
    });
  });
});
