// IAM database sign-in: the SDK's real signer makes an rds-db connect token (offline, as it does in ECS with the task role's
// credentials), each new connection answers the server's clear-password request with it, and one token serves a burst.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Signer } from '@aws-sdk/rds-signer';
import { iamAuthPlugins, iamTokenSource } from '../../db/iam-auth';
import { loadConfig } from '../../config/env';
import { databaseSecurityOptions } from '../../workers/clients';

const target = { hostname: 'contacts-prod.cluster-abc.us-east-1.rds.amazonaws.com', port: 3306, username: 'contacts_worker', region: 'us-east-1' };
/** Signing is local computation; these stand in for the task role's credentials. */
const credentials = { accessKeyId: 'TEST-ONLY-ACCESS-KEY', secretAccessKey: 'test-only-secret' };

void test('the token is a signed rds-db connect request for the host, port and user, valid 15 minutes', async () => {
  const token = await iamTokenSource(target, new Signer({ ...target, credentials }))();
  const url = new URL(`https://${token}`);
  assert.equal(url.host, `${target.hostname}:${target.port}`);
  assert.equal(url.searchParams.get('Action'), 'connect');
  assert.equal(url.searchParams.get('DBUser'), 'contacts_worker');
  assert.match(url.searchParams.get('X-Amz-Credential') ?? '', /^TEST-ONLY-ACCESS-KEY\/\d{8}\/us-east-1\/rds-db\/aws4_request$/);
  assert.equal(url.searchParams.get('X-Amz-Expires'), '900');
  assert.match(url.searchParams.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
});

void test('the auth plugin answers the server\'s mysql_clear_password request with the token, NUL-terminated', async () => {
  const plugins = iamAuthPlugins(async () => 'token-123');
  const answer = plugins.mysql_clear_password!({ connection: undefined as never, command: '' })(Buffer.alloc(0));
  assert.deepEqual(await answer, Buffer.from('token-123\0'));
});

void test('one token serves the connections of 10 minutes; then a new one is signed; a failed signing is retried', async () => {
  let clock = 0;
  let signed = 0;
  let fail = false;
  const signer = { getAuthToken: async () => (fail ? Promise.reject(new Error('no credentials')) : `token-${++signed}`) };
  const tokens = iamTokenSource(target, signer, () => clock);
  assert.deepEqual(await Promise.all([tokens(), tokens(), tokens()]), ['token-1', 'token-1', 'token-1']);
  clock = 9 * 60_000;
  assert.equal(await tokens(), 'token-1');
  clock = 10 * 60_000;
  assert.equal(await tokens(), 'token-2');
  clock = 20 * 60_000;
  fail = true;
  await assert.rejects(tokens(), /no credentials/);
  fail = false;
  assert.equal(await tokens(), 'token-3', 'the failure was not cached');
});

void test('DATABASE_AUTH=iam builds a pool with the token plugin and no password; password sign-in keeps DATABASE_PASSWORD', () => {
  const iam = databaseSecurityOptions(loadConfig({
    DATABASE_URL: 'mysql://contacts_worker@db.internal:3306/contacts', DATABASE_AUTH: 'iam', DATABASE_TLS: 'verify', DATABASE_TLS_CA: 'rds', AWS_REGION: 'us-east-1',
  }));
  assert.equal(typeof iam.authPlugins?.mysql_clear_password, 'function');
  assert.equal(iam.password, '');
  const password = databaseSecurityOptions(loadConfig({ DATABASE_URL: 'mysql://admin@db.internal:3306/contacts', DATABASE_PASSWORD: 'p@ss:w#rd%' }));
  assert.equal(password.password, 'p@ss:w#rd%');
  assert.equal(password.authPlugins, undefined);
  assert.equal(password.ssl, undefined, 'TLS stays off unless asked for');
});
