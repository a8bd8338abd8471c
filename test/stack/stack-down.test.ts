// Checks stackDown on a private data dir: it stops every pid-file process, clears stale files, and never kills a reused pid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/env';
import { silentProgress } from '../../stack/context';
import { isAlive } from '../../stack/pid-files';
import { spawnDetached } from '../../stack/processes';
import { stackDown } from '../../stack/stack';

void test('stackDown stops pid-file processes, removes stale and reused pid files, and is idempotent', { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stack-down-'));
  const runDir = join(dataDir, 'run');
  mkdirSync(runDir, { recursive: true });
  const config = loadConfig({ DATA_DIR: dataDir });
  try {
    const worker = await spawnDetached('sleep', ['300'], { logFile: join(dataDir, 'logs', 'worker.log'), pidFile: join(runDir, 'worker.pid') });
    writeFileSync(join(runDir, 'ghost.pid'), '2147483\n');
    // A pid file older than the process it names: the pid was reused, so that process must not be signalled.
    const reused = join(runDir, 'reused.pid');
    writeFileSync(reused, `${process.pid}\n`);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(reused, anHourAgo, anHourAgo);

    const stopped = await stackDown(config, { progress: silentProgress, graceMs: 5000 });
    const byName = Object.fromEntries(stopped.map((s) => [s.name, s]));
    assert.equal(byName.worker?.outcome, 'stopped');
    assert.equal(byName.worker?.pid, worker.pid);
    assert.equal(byName.ghost?.outcome, 'stale pid file');
    assert.equal(byName.reused?.outcome, 'stale pid file');
    assert.equal(isAlive(worker.pid), false);
    assert.equal(isAlive(process.pid), true);
    for (const name of ['worker', 'ghost', 'reused']) assert.equal(existsSync(join(runDir, `${name}.pid`)), false);

    assert.deepEqual(await stackDown(config, { progress: silentProgress }), []);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
