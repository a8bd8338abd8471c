// Pid files record the process's start ticks, so a step of the wall clock cannot make a live process look stale
// and a reused pid is still told apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pidFromFile, recordStartTicks, stopProcess, writePidFile } from '../../stack/pid-files';
import { spawnDetached } from '../../stack/processes';

const startTicks = (pid: number) => {
  const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(raw.slice(raw.lastIndexOf(')') + 2).split(' ')[19]);
};

void test('a pid file with start ticks survives a wall-clock step and rejects a reused pid', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pid-files-'));
  try {
    const child = await spawnDetached('sleep', ['60'], { logFile: join(dir, 'sleep.log'), pidFile: join(dir, 'sleep.pid') });
    try {
      const file = join(dir, 'sleep.pid');
      assert.equal(readFileSync(file, 'utf8'), `${child.pid} ${startTicks(child.pid)}\n`);
      // The clock stepped back an hour between the process's start and now: the mtime heuristic alone would call
      // the file older than the process (a reused pid); the ticks say it is the same process.
      const anHourAgo = new Date(Date.now() - 3_600_000);
      utimesSync(file, anHourAgo, anHourAgo);
      assert.equal(pidFromFile(file), child.pid);

      // The same pid with other start ticks is another process.
      const reused = join(dir, 'reused.pid');
      writeFileSync(reused, `${child.pid} ${startTicks(child.pid) + 1}\n`);
      assert.equal(pidFromFile(reused), undefined);

      // A pid-only file written by the program itself (redis-server) gains the ticks.
      const own = join(dir, 'own.pid');
      writeFileSync(own, `${child.pid}\n`);
      recordStartTicks(own);
      assert.equal(readFileSync(own, 'utf8'), `${child.pid} ${startTicks(child.pid)}\n`);
      writePidFile(own, child.pid);
      assert.equal(pidFromFile(own), child.pid);
    } finally {
      await stopProcess(child.pid, 5000);
    }
    assert.equal(pidFromFile(join(dir, 'sleep.pid')), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
