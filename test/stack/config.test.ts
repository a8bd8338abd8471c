// Checks that a bad configuration value fails at start-up with a ConfigError naming the variable (and never echoing secrets).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, envSchema, loadConfig } from '../../config/env';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

void test('defaults load from an empty environment', () => {
  const config = loadConfig({});
  assert.equal(config.DATABASE_URL, 'mysql://root@127.0.0.1:3306/contacts');
  assert.equal(config.DATA_DIR, '.data');
  assert.equal(config.S3_FORCE_PATH_STYLE, true);
  assert.equal(config.BATCH_SIZE, 100_000);
});

void test('empty strings count as unset', () => {
  assert.equal(loadConfig({ REDIS_URL: '' }).REDIS_URL, 'redis://127.0.0.1:6379/0');
});

const badValues: Array<[variable: string, value: string]> = [
  ['DATABASE_URL', 'nope'],
  ['DATABASE_URL', 'postgres://root@127.0.0.1/contacts'],
  ['REDIS_URL', 'http://127.0.0.1:6379'],
  ['BATCH_SIZE', 'abc'],
  ['BATCH_SIZE', '0'],
  ['S3_RAW_BUCKET', 'Bad_Bucket'],
  ['S3_FORCE_PATH_STYLE', 'yes'],
  ['TEMPORAL_ADDRESS', 'localhost'],
  ['TEMPORAL_UI_URL', '127.0.0.1:8233'],
  ['DEFAULT_PHONE_REGION', 'usa'],
  ['WORKER_MAX_ACTIVITIES', '65'],
  ['INGEST_THREADS', '-1'],
  ['LOG_LEVEL', 'verbose'],
];

for (const [variable, value] of badValues) {
  void test(`${variable}=${JSON.stringify(value)} is rejected naming ${variable}`, () => {
    const err = configError({ [variable]: value });
    assert.equal(err.variable, variable);
    assert.match(err.message, new RegExp(`\\b${variable}\\b`));
  });
}

void test('the message for a bad URL does not contain its password', () => {
  const err = configError({ DATABASE_URL: 'postgres://app:hunter2@db:5432/contacts' });
  assert.equal(err.variable, 'DATABASE_URL');
  assert.doesNotMatch(err.message, /hunter2/);
});

void test('.env.example documents every variable config/env.ts reads', () => {
  const documented = new Set([...readFileSync(join(__dirname, '../../.env.example'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
  assert.deepEqual(Object.keys(envSchema.shape).filter((name) => !documented.has(name)), []);
});
