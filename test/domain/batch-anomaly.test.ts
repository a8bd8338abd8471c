// Median/MAD anomaly rules: a jump past both the robust bound and the minimum change is flagged with its reason;
// busy-machine jitter, a flat history's small wobble, the good direction and a short history are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchFigures, detectAnomalies, mad, median, MIN_HISTORY, type BatchFigures } from '../../domain/batch-anomaly';

const batch = (rejected: number, durationMs: number, rowsRead = 100_000, warnings = 500): BatchFigures => batchFigures({ rowsRead, rejected, warnings, durationMs });
/** Twenty ordinary batches: ~0.1% rejects, 12-20 s each (contention on a shared machine). */
const history = Array.from({ length: 20 }, (_, i) => batch(80 + (i % 5) * 10, 12_000 + (i % 9) * 1000));

test('median and MAD', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  assert.equal(mad([1, 2, 3, 4, 100]), 1);
});

test('a reject rate that jumps is flagged with the figures behind it', () => {
  const found = detectAnomalies(batch(8_000, 14_000), history);
  assert.deepEqual(found.map((a) => a.metric), ['rejectRate']);
  assert.match(found[0]!.reason, /^rejectRate 8\.0% against a median of 0\.1% over 20 earlier batches/);
});

test('ordinary batches, and a batch twice as slow as usual on a busy machine, are not anomalies', () => {
  for (const b of history) assert.deepEqual(detectAnomalies(b, history), []);
  assert.deepEqual(detectAnomalies(batch(100, 30_000), history), [], '30 s against a 16 s median: under the 60 s least change');
});

test('a batch that takes minutes longer is flagged, one that is faster never', () => {
  // 200 s against a 16 s median; its rows/s (500 against ~6,250) is within that jittery history's bound (±~6,000).
  assert.deepEqual(detectAnomalies(batch(100, 200_000), history).map((a) => a.metric), ['durationSec']);
  assert.deepEqual(detectAnomalies(batch(0, 2_000), history), []);
});

test('a flat history (MAD 0) flags only changes past the minimum: 1.5 points of rejects is not, 3 points is', () => {
  const flat = Array.from({ length: 10 }, () => batch(0, 15_000));
  assert.deepEqual(detectAnomalies(batch(1_500, 15_000), flat), []);
  assert.deepEqual(detectAnomalies(batch(3_000, 15_000), flat).map((a) => a.metric), ['rejectRate']);
});

test('a short batch is flagged unless it may be the last; too little history gives no verdict', () => {
  assert.deepEqual(detectAnomalies(batch(0, 5_000, 40_000, 200), history).map((a) => a.metric), ['rowsRead']);
  assert.deepEqual(detectAnomalies(batch(0, 5_000, 40_000, 200), history, new Set(['rowsRead'])), []);
  assert.deepEqual(detectAnomalies(batch(50_000, 14_000), history.slice(0, MIN_HISTORY - 1)), []);
});
