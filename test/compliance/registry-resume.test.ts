// An interrupted registry load resumes at its last checkpoint: the second attempt parses from the checkpoint's byte
// offset (not the first byte) and ends with the same sets, counts and malformed lines as a load that was never
// interrupted; a checkpoint of another copy is ignored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2';
import { RAW_KEYS } from '../../config/constants';
import { writeRegistryFile } from '../../generator/registry-file';
import { sha256OfFile, uploadFile } from '../../starters/raw-upload';
import { registerCopy, type CopyRecord } from '../../activities/compliance/copy-records';
import { loadListFile, type LoadCheckpoint } from '../../activities/compliance/list-load';
import { getLineSet } from '../../activities/compliance/registry-store';
import { createS3 } from '../../workers/clients';
import { activityDeps, baseConfig, createTestDatabase, uniqueName, type TestDatabase } from '../support/services';

let db: TestDatabase;
let deps: ReturnType<typeof activityDeps>;
const dir = mkdtempSync(path.join(tmpdir(), 'resume-'));
const s3 = createS3(baseConfig);

before(async () => {
  db = await createTestDatabase('resume');
  deps = activityDeps(db);
});
after(async () => {
  await deps.close();
  s3.destroy();
  await db.drop();
});

async function copyOf(file: string, kind: 'federal' | 'litigator'): Promise<CopyRecord> {
  const sha256 = await sha256OfFile(file);
  const rawKey = `${uniqueName('t')}/${RAW_KEYS.registryFile(kind, '', sha256)}`;
  await uploadFile(s3, baseConfig.S3_RAW_BUCKET, rawKey, file);
  return registerCopy(db.pool, { kind, state: '', sha256, rawKey, downloadedAt: new Date().toISOString(), areaCodes: null, actor: 'test', workflowId: uniqueName('w') });
}

async function setsOfCopy(copyId: number): Promise<Record<string, number[]>> {
  const [rows] = await db.pool.query<RowDataPacket[]>('SELECT npa, object_key FROM registry_versions WHERE copy_id = ? ORDER BY npa', [copyId]);
  const out: Record<string, number[]> = {};
  for (const r of rows) {
    const set = await getLineSet(deps, r.object_key);
    out[r.npa] = Array.from({ length: 400_000 }, (_, i) => 2_000_000 + i).filter((l) => set.has(l));
    out[`${r.npa}#`] = [set.size];
  }
  return out;
}

test('an interrupted registry load resumes at its checkpoint with the same result as an uninterrupted one', { timeout: 120_000 }, async () => {
  const file = path.join(dir, 'federal.txt');
  const gen = await writeRegistryFile({ out: file, numbers: 40_000, areaCodes: ['212', '305', '415', '617'], malformed: 7, seed: 9 });
  // The same file as a federal copy (interrupted, then resumed) and as a litigator copy (loaded once, uninterrupted).
  const interrupted = await copyOf(file, 'federal');
  const whole = await copyOf(file, 'litigator');
  const checkpoints: LoadCheckpoint[] = [];
  await assert.rejects(loadListFile(deps, interrupted, {
    checkpointBytes: 100_000,
    onCheckpoint: (c) => {
      checkpoints.push(c);
      if (checkpoints.length === 2) throw new Error('worker lost');
    },
  }), /worker lost/);
  const at = checkpoints[1]!;
  assert.ok(at.offset > 100_000 && at.lineNo > 0 && at.written.length > 0, 'the checkpoint names a byte offset, a line and the sets written so far');

  const resumed = await loadListFile(deps, interrupted, { resume: at, checkpointBytes: 100_000 });
  assert.equal(resumed.resumedAt, at.offset, 'the second attempt began at the checkpoint');
  const reference = await loadListFile(deps, whole);
  assert.equal(reference.resumedAt, 0);
  assert.deepEqual([resumed.linesRead, resumed.numbers, resumed.malformed], [gen.lines, gen.numbers, 7]);
  assert.deepEqual([resumed.linesRead, resumed.numbers, resumed.malformed, resumed.areaCodes], [reference.linesRead, reference.numbers, reference.malformed, reference.areaCodes]);
  assert.deepEqual(await setsOfCopy(interrupted.id), await setsOfCopy(whole.id));
  const [errs] = await db.pool.query<RowDataPacket[]>('SELECT line_no FROM registry_load_errors WHERE copy_id = ? ORDER BY line_no', [interrupted.id]);
  assert.deepEqual(errs.map((e) => Number(e.line_no)), gen.malformedLines, 'each malformed line stored once, with its line number');

  const other = await loadListFile(deps, await copyOf(file, 'litigator'), { resume: { ...at, copyId: at.copyId + 1000 } });
  assert.equal(other.resumedAt, 0, "another copy's checkpoint is ignored");
});
