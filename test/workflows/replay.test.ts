// Replays recorded migration histories against the current workflow code: a change that breaks determinism fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/temporal';

const dir = path.join(__dirname, '..', 'fixtures', 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

test('there are recorded histories of a parent migration and its source workflows', () => {
  assert.ok(files.some((f) => f.startsWith('migration-') && !f.includes('source')), 'a MigrationWorkflow history');
  assert.ok(files.filter((f) => f.includes('source')).length >= 3, 'SourceMigrationWorkflow histories');
});

for (const file of files) {
  test(`replays ${file} deterministically`, async () => {
    const history = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown;
    const workflowId = file.replace(/\.json$/, '');
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history as Parameters<typeof Worker.runReplayHistory>[1], workflowId);
  });
}
