// Every error type the code can fail an activity with is declared in domain/failure-classes.ts, and the retry
// policy's non-retryable list is exactly its bad-input types: no second list to fall out of step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { FAILURE_CLASSES, NON_RETRYABLE_ERROR_TYPES, isRetryable } from '../../domain/failure-classes';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Error types thrown in activities/, domain/ and workflows/: error classes, ApplicationFailure types, export failures. */
function thrownTypes(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [
    /class (\w+) extends Error\b/g,
    /ApplicationFailure\.nonRetryable\([^;]*?,\s*'(\w+)'/gs,
    /exportFailure\('(\w+)'/g,
    /ApplicationFailure\.create\(\{[^}]*?type: '(\w+)'/gs,
  ];
  for (const file of ['activities', 'domain', 'workflows'].flatMap((d) => sources(path.join(ROOT, d)))) {
    const text = readFileSync(file, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) found.set(m[1]!, path.relative(ROOT, file));
  }
  return found;
}

test('every error type thrown by activities, domain and workflows is classified', () => {
  const thrown = thrownTypes();
  assert.ok(thrown.size >= 15, `the scan finds the error types (${[...thrown.keys()].join(', ')})`);
  for (const [type, file] of thrown) assert.ok(type in FAILURE_CLASSES, `${type} (${file}) is declared in domain/failure-classes.ts`);
});

test('the eight export failure types, CanonicalCsvError and BatchObjectMetadataError are bad input', () => {
  const text = readFileSync(path.join(ROOT, 'activities/export/source-failure.ts'), 'utf8');
  const union = /export type ExportFailureType = Extract<BadInputFailureType,([^>]*)>/s.exec(text)![1]!;
  const exportTypes = [...union.matchAll(/'(\w+)'/g)].map((m) => m[1]!);
  assert.equal(exportTypes.length, 8);
  for (const t of [...exportTypes, 'CanonicalCsvError', 'BatchObjectMetadataError']) {
    assert.equal(isRetryable(t), false, t);
    assert.ok(NON_RETRYABLE_ERROR_TYPES.includes(t as never), `${t} is in the retry policy's non-retryable list`);
  }
});

test('the non-retryable list is exactly the bad-input types; plain and unknown errors retry', () => {
  assert.deepEqual([...NON_RETRYABLE_ERROR_TYPES].sort(), Object.entries(FAILURE_CLASSES).filter(([, c]) => c === 'bad-input').map(([t]) => t).sort());
  assert.equal(isRetryable('Error'), true);
  assert.equal(isRetryable('SomethingNobodyDeclared'), true);
  const proxies = readFileSync(path.join(ROOT, 'workflows/activity-proxies.ts'), 'utf8');
  assert.match(proxies, /nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES/);
  assert.doesNotMatch(proxies, /nonRetryableErrorTypes: \[/, 'no hand-written list');
});
