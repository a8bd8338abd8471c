// The security settings fail at start-up naming the variable: database TLS and its CA, IAM sign-in, Temporal mTLS files (real PEM files made with openssl).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../config/env';
import { createTestCertificates, type TestCertificates } from '../support/tls-certificates';

let certs: TestCertificates;
before(async () => {
  certs = await createTestCertificates();
  writeFileSync(join(certs.dir, 'not-pem.txt'), 'hello\n');
}, { timeout: 60_000 });
after(() => certs.remove());

const URL_BY_NAME = 'mysql://contacts_worker@db.internal:3306/contacts';

function rejected(env: NodeJS.ProcessEnv, variable: string, message: RegExp): void {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    assert.equal(err.variable, variable, err.message);
    assert.match(err.message, message);
    return;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

void test('database TLS: verify with a PEM CA file or the RDS bundle loads; a bad CA file, a CA without verify, or an address instead of a name does not', () => {
  assert.equal(loadConfig({ DATABASE_URL: URL_BY_NAME, DATABASE_TLS: 'verify', DATABASE_TLS_CA: certs.caCert }).DATABASE_TLS, 'verify');
  assert.equal(loadConfig({ DATABASE_URL: URL_BY_NAME, DATABASE_TLS: 'verify', DATABASE_TLS_CA: 'rds' }).DATABASE_TLS_CA, 'rds');
  assert.equal(loadConfig({}).DATABASE_TLS, 'off', 'off by default: the local stack speaks plain TCP on loopback');
  rejected({ DATABASE_TLS: 'yes' }, 'DATABASE_TLS', /DATABASE_TLS/);
  rejected({ DATABASE_URL: URL_BY_NAME, DATABASE_TLS: 'verify', DATABASE_TLS_CA: join(certs.dir, 'missing.pem') }, 'DATABASE_TLS_CA', /cannot be read \(ENOENT\)/);
  rejected({ DATABASE_URL: URL_BY_NAME, DATABASE_TLS: 'verify', DATABASE_TLS_CA: join(certs.dir, 'not-pem.txt') }, 'DATABASE_TLS_CA', /is not a PEM file holding a certificate/);
  rejected({ DATABASE_URL: URL_BY_NAME, DATABASE_TLS_CA: certs.caCert }, 'DATABASE_TLS', /must be verify when DATABASE_TLS_CA is set/);
  rejected({ DATABASE_URL: 'mysql://root@10.0.0.5:3306/contacts', DATABASE_TLS: 'verify' }, 'DATABASE_URL', /host name.*not the address 10\.0\.0\.5/);
});

void test('IAM sign-in needs verified TLS and a region, and no password anywhere', () => {
  const iam = { DATABASE_URL: URL_BY_NAME, DATABASE_AUTH: 'iam', DATABASE_TLS: 'verify', DATABASE_TLS_CA: 'rds', AWS_REGION: 'us-east-1' };
  assert.equal(loadConfig(iam).DATABASE_AUTH, 'iam');
  rejected({ ...iam, DATABASE_TLS: 'off', DATABASE_TLS_CA: '' }, 'DATABASE_TLS', /must be verify when DATABASE_AUTH=iam/);
  rejected({ ...iam, AWS_REGION: '' }, 'AWS_REGION', /must be set when DATABASE_AUTH=iam/);
  rejected({ ...iam, AWS_REGION: 'moon-1' }, 'AWS_REGION', /must be an AWS region/);
  rejected({ ...iam, DATABASE_URL: 'mysql://contacts_worker:hunter2hunter2@db.internal:3306/contacts' }, 'DATABASE_URL', /must not contain a password when DATABASE_AUTH=iam/);
  rejected({ ...iam, DATABASE_PASSWORD: 'hunter2hunter2' }, 'DATABASE_PASSWORD', /must not be set/);
});

void test('a bad value of a password variable is never echoed', () => {
  try {
    loadConfig({ WORKER_DATABASE_PASSWORD: 'short' });
    assert.fail('a 5-character password was accepted');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.variable, 'WORKER_DATABASE_PASSWORD');
    assert.doesNotMatch(err.message, /short"/);
  }
});

void test('DASHBOARD_DATABASE_URL is a mysql URL when set, and unset by default', () => {
  assert.equal(loadConfig({}).DASHBOARD_DATABASE_URL, undefined);
  assert.equal(loadConfig({ DASHBOARD_DATABASE_URL: 'mysql://contacts_dashboard@replica:3306/contacts' }).DASHBOARD_DATABASE_URL, 'mysql://contacts_dashboard@replica:3306/contacts');
  rejected({ DASHBOARD_DATABASE_URL: 'http://replica/contacts' }, 'DASHBOARD_DATABASE_URL', /must be a URL starting with mysql:\/\//);
});

void test('Temporal mTLS: certificate and key come together, each a PEM file of its kind', () => {
  const ok = loadConfig({ TEMPORAL_TLS_CERT: certs.clientCert, TEMPORAL_TLS_KEY: certs.clientKey, TEMPORAL_TLS_CA: certs.caCert, TEMPORAL_TLS_SERVER_NAME: 'ns.tmprl.cloud' });
  assert.equal(ok.TEMPORAL_TLS_CERT, certs.clientCert);
  rejected({ TEMPORAL_TLS_CERT: certs.clientCert }, 'TEMPORAL_TLS_KEY', /must be set together/);
  rejected({ TEMPORAL_TLS_KEY: certs.clientKey }, 'TEMPORAL_TLS_CERT', /must be set together/);
  rejected({ TEMPORAL_TLS_CERT: certs.clientKey, TEMPORAL_TLS_KEY: certs.clientKey }, 'TEMPORAL_TLS_CERT', /not a PEM file holding a certificate/);
  rejected({ TEMPORAL_TLS_CERT: certs.clientCert, TEMPORAL_TLS_KEY: certs.clientCert }, 'TEMPORAL_TLS_KEY', /not a PEM file holding a private key/);
  rejected({ TEMPORAL_TLS_CA: join(certs.dir, 'nope.pem') }, 'TEMPORAL_TLS_CA', /cannot be read/);
  rejected({ TEMPORAL_TLS_SERVER_NAME: 'x.example' }, 'TEMPORAL_TLS_SERVER_NAME', /only applies with TLS/);
});
