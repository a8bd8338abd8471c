// The retention rule both modes share: older than the window is deleted, except the newest validated snapshot
// (whatever its age) and any snapshot being validated; within the window everything is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retentionDecision, type RetainedSnapshot } from '../../domain/snapshot-retention';

const now = new Date('2026-12-20T03:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const snap = (id: string, age: number, validation: RetainedSnapshot['validation']): RetainedSnapshot => ({ id, takenAt: daysAgo(age), validation });

void test('deletes what is older than 7 days unless it is the newest validated one or being validated', () => {
  const d = retentionDecision([
    snap('a', 12, 'passed'), snap('b', 10, 'passed'), snap('c', 9, 'failed'), snap('d', 8, 'validating'), snap('e', 8, 'pending'),
    snap('f', 3, 'failed'), snap('g', 0.5, 'pending'),
  ], now, 7);
  assert.deepEqual(d.delete, ['a', 'c', 'e']);
  assert.deepEqual(Object.fromEntries(d.keep.map((k) => [k.id, k.reason])), {
    b: 'newest validated', d: 'being validated', f: 'within retention', g: 'within retention',
  });
});

void test('a newer validated snapshot inside the window makes the old validated one deletable', () => {
  const d = retentionDecision([snap('old', 30, 'passed'), snap('new', 1, 'passed')], now, 7);
  assert.deepEqual(d.delete, ['old']);
});

void test('when nothing ever validated, old snapshots go; exactly 7 days old is still kept', () => {
  const d = retentionDecision([snap('x', 7, 'failed'), snap('y', 7.01, 'failed')], now, 7);
  assert.deepEqual(d.delete, ['y']);
  assert.deepEqual(d.keep.map((k) => k.id), ['x']);
});
