// Checks that a part that cannot start fails with a message naming it, without touching the shared servers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/env';
import { createContext, silentProgress } from '../../stack/context';
import { mariadbPart } from '../../stack/mariadb';
import { StackPartError } from '../../stack/part';
import { stackDown } from '../../stack/stack';

function isolatedConfig(dataDir: string) {
  // Port 1 is never a database: nothing answers there, so the part tries to start its own server.
  return loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:1/contacts', DATA_DIR: dataDir });
}

void test('MariaDB: a missing mariadbd with installs disabled fails naming MariaDB', { timeout: 30_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stack-fail-'));
  try {
    const ctx = createContext(isolatedConfig(dataDir), { mariadbdPath: join(dataDir, 'no-such-mariadbd'), allowInstall: false, progress: silentProgress });
    await assert.rejects(mariadbPart.up(ctx), (err: unknown) => {
      assert.ok(err instanceof StackPartError);
      assert.equal(err.part, 'mariadb');
      assert.match(err.message, /^MariaDB could not be started: mariadbd not found/);
      return true;
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

void test('MariaDB: a server that dies during start-up fails naming MariaDB and its log', { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stack-fail-'));
  const fake = join(dataDir, 'fake-mariadbd');
  writeFileSync(fake, '#!/bin/sh\necho "fake mariadbd refuses to start" >&2\nexit 1\n');
  chmodSync(fake, 0o755);
  const config = isolatedConfig(dataDir);
  try {
    const ctx = createContext(config, { mariadbdPath: fake, allowInstall: false, progress: silentProgress, timeoutMs: 10_000 });
    await assert.rejects(mariadbPart.up(ctx), (err: unknown) => {
      assert.ok(err instanceof StackPartError);
      assert.match(err.message, /^MariaDB /);
      return true;
    });
  } finally {
    await stackDown(config, { progress: silentProgress });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
