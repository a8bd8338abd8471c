// The generate command rejects bad flags with a UsageError that names the flag and echoes the value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../starters/command';
import { generateCommand } from '../../starters/commands/generate';

async function rejects(argv: string[], message: string | RegExp): Promise<void> {
  await assert.rejects(generateCommand.run(argv), (err: unknown) => {
    assert.ok(err instanceof UsageError, `expected UsageError, got ${String(err)}`);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

test('bad or missing flags are named in the error', async () => {
  await rejects(['--rows', 'abc', '--out', '/tmp/x'], '--rows must be a positive integer (got "abc")');
  await rejects(['--rows', '0', '--out', '/tmp/x'], '--rows must be a positive integer (got "0")');
  await rejects(['--rows', '1.5', '--out', '/tmp/x'], '--rows must be a positive integer (got "1.5")');
  await rejects(['--out', '/tmp/x'], '--rows is required (total rows to generate, e.g. --rows 100000)');
  await rejects(['--rows', '10'], '--out is required (directory for legacy.sqlite, drop.csv, truth.csv, manifest.json)');
  await rejects(['--rows', '10', '--out', '/tmp/x', '--dup-rate', '1.5'], '--dup-rate must be a number between 0 and 1 (got "1.5")');
  await rejects(['--rows', '10', '--out', '/tmp/x', '--seed=-3'], '--seed must be a non-negative integer (got "-3")');
  await rejects(['--rows', '10', '--out', '/tmp/x', '--split', '50,30'], '--split must be three percentages for mysql,sqlite,csv adding up to 100, e.g. 50,30,20 (got "50,30")');
  await rejects(['--rows', '10', '--out', '/tmp/x', '--mysql-url', 'postgres://h/db'], '--mysql-url must be a mysql:// URL (got "postgres://h/db")');
  await rejects(['--rows', '10', '--out', '/tmp/x', '--bogus'], /--bogus/);
  await rejects(['--rows', '10', '--out', '/tmp/x', 'extra'], 'unexpected argument "extra"');
});
