// Long-lived caches must not keep whole batch texts alive through sliced strings (a leak of ~25 MB per batch).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { nameKeyPart } from '../../domain/normalize/name';
import { normalizeCountry } from '../../domain/normalize/country';

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

test('name and country caches keep copies, not slices of the (large) text the values were cut from', () => {
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let batch = 0; batch < 20; batch++) {
    // A 4 MB "batch text" in which each value is a slice, as the canonical CSV reader produces them.
    const text = `${'x'.repeat(4 * 1024 * 1024)}|Ñúñez-Éloïse-${batch}-Müller|Deutschland-${batch}`;
    const start = text.indexOf('|') + 1;
    nameKeyPart(text.slice(start, text.indexOf('|', start)));
    normalizeCountry(text.slice(text.lastIndexOf('|') + 1));
  }
  gc();
  const grownMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  assert.ok(grownMb < 16, `heap grew ${grownMb.toFixed(1)} MB after 20 batches of 4 MB text`);
});
