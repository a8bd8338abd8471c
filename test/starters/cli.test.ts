// The CLI's help and usage errors: every command has --help, bad input names the flag and exits 2 without a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'starters/cli.ts', ...args], {
    cwd: ROOT, encoding: 'utf8', env: process.env,
  });

test('--help lists the commands and each command has its own --help', () => {
  const top = cli('--help');
  assert.equal(top.status, 0);
  for (const c of ['migrate', 'status', 'report', 'pause', 'resume', 'cancel', 'generate']) assert.match(top.stdout, new RegExp(`\\n  ${c} `));
  const migrate = cli('migrate', '--help');
  assert.equal(migrate.status, 0);
  assert.match(migrate.stdout, /--source mysql:mysql:\/\//);
  assert.match(migrate.stdout, /--detach/);
});

test('migrate rejects bad input naming it, with exit code 2 and no stack trace', () => {
  const noSource = cli('migrate', '--name', 'x');
  assert.equal(noSource.status, 2);
  assert.match(noSource.stderr, /at least one --source is required/);
  const password = cli('migrate', '--name', 'x', '--source', 'mysql:mysql://u:topsecret@h/db');
  assert.equal(password.status, 2);
  assert.match(password.stderr, /must not contain a password .*password_env=VAR/);
  assert.ok(!password.stderr.includes('topsecret'));
  assert.ok(!/\n\s+at /.test(password.stderr), 'no stack trace');
  const mapping = cli('migrate', '--name', 'x', '--source', 'csv:a.csv', '--mapping', '/does/not/exist.json');
  assert.equal(mapping.status, 2);
  assert.match(mapping.stderr, /--mapping \/does\/not\/exist.json: ENOENT/);
  const badName = cli('migrate', '--name', 'bad name!', '--source', 'csv:a.csv');
  assert.equal(badName.status, 2);
  assert.match(badName.stderr, /--name is required: letters, digits/);
});
