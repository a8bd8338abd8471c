// TLS to the database against a second, private MariaDB that requires it (require_secure_transport, a certificate made at test time):
// plain connections are refused, verified ones work, a wrong CA fails naming the cause; the same for a legacy MySQL source and for db-bootstrap.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { RowDataPacket } from 'mysql2';
import mysql from 'mysql2/promise';
import { openMysqlSource } from '../../activities/export/mysql-connection';
import { parseSourceArg } from '../../activities/export/source-spec';
import { DATABASE_USERS } from '../../config/constants';
import { loadConfig } from '../../config/env';
import { checkDatabaseConnection, createDbPool, poolOptionsFromUrl } from '../../workers/clients';
import { startPrivateMariadb, type PrivateMariadb } from '../support/private-mariadb';
import { createTestCertificates, type TestCertificates } from '../support/tls-certificates';

/** #15's ports are 3320-3324. */
const PORT = 3320;
/** By name: the certificate's name is checked against it (an address cannot be, see the last test). */
const ROOT_URL = `mysql://root@localhost:${PORT}/contacts`;
let certs: TestCertificates;
let server: PrivateMariadb;

before(async () => {
  certs = await createTestCertificates();
  server = await startPrivateMariadb(PORT, [
    `--ssl-ca=${certs.caCert}`,
    `--ssl-cert=${certs.serverCert}`,
    `--ssl-key=${certs.serverKey}`,
    '--require-secure-transport=ON',
  ]);
  // The contacts database, and a legacy table for the source tests.
  const admin = await mysql.createConnection({ ...poolOptionsFromUrl(server.rootUrl), database: undefined, ssl: { ca: [await readCa()], rejectUnauthorized: true } });
  try {
    await admin.query('CREATE DATABASE contacts');
    await admin.query('CREATE DATABASE legacy_tls');
    await admin.query('CREATE TABLE legacy_tls.customers (id INT PRIMARY KEY, email VARCHAR(100))');
    await admin.query("INSERT INTO legacy_tls.customers VALUES (1, 'tls.one@example.com'), (2, 'tls.two@example.com')");
  } finally {
    await admin.end();
  }
}, { timeout: 180_000 });

after(async () => {
  await server?.stop();
  certs?.remove();
}, { timeout: 60_000 });

async function readCa(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(certs.caCert, 'utf8');
}

/** Connects the way the app does (config/env.ts, then the pool) and returns the TLS cipher, or the error. */
async function connectWith(env: Record<string, string>): Promise<string | null> {
  const config = loadConfig({ DATABASE_URL: ROOT_URL, ...env });
  const pool = createDbPool(config, { connectionLimit: 1, connectTimeout: 10_000 });
  try {
    return await checkDatabaseConnection(pool, config);
  } finally {
    await pool.end();
  }
}

void test('a connection without TLS is refused by the server (the same user signs in over TLS), and the error says how to turn TLS on', async () => {
  // MariaDB answers a plain connection under require_secure_transport with "access denied"; Aurora (MySQL 8) with ER_SECURE_TRANSPORT_REQUIRED.
  await assert.rejects(connectWith({}), (err: Error) => {
    assert.match(err.message, /^database localhost:3320\/contacts: Access denied for user 'root'/);
    assert.match(err.message, /DATABASE_TLS is off: if the server requires TLS \(require_secure_transport\), set DATABASE_TLS=verify/);
    return true;
  });
  assert.ok(await connectWith({ DATABASE_TLS: 'verify', DATABASE_TLS_CA: certs.caCert }), 'the same user and password are accepted over TLS');
});

void test('DATABASE_TLS=verify with the server\'s CA connects encrypted, the certificate and host name verified', async () => {
  const cipher = await connectWith({ DATABASE_TLS: 'verify', DATABASE_TLS_CA: certs.caCert });
  assert.ok(cipher, 'the session reports a TLS cipher');
  assert.match(cipher, /^(TLS_|ECDHE|AES)/);
});

void test('a server certificate the configured CA did not sign fails naming the cause and the CA setting', async () => {
  await assert.rejects(connectWith({ DATABASE_TLS: 'verify', DATABASE_TLS_CA: certs.otherCaCert }), (err: Error) => {
    assert.match(err.message, /^database localhost:3320\/contacts: TLS verification of the server certificate failed: self-signed certificate in certificate chain \[[A-Z_]+\]/);
    assert.ok(err.message.includes(`DATABASE_TLS_CA=${certs.otherCaCert}`), err.message);
    return true;
  });
  await assert.rejects(connectWith({ DATABASE_TLS: 'verify' }), /it must be trusted by Node\.js's trusted CAs \(DATABASE_TLS_CA is unset\)$/);
});

void test('db-bootstrap over TLS creates the service users, who can then sign in over TLS only', { timeout: 120_000 }, async () => {
  const env = {
    ...process.env,
    DATABASE_URL: ROOT_URL,
    DATABASE_TLS: 'verify',
    DATABASE_TLS_CA: certs.caCert,
    WORKER_DATABASE_PASSWORD: 'worker-pass-0123456789',
    DASHBOARD_DATABASE_PASSWORD: 'dashboard-pass-0123456789',
    BACKUP_DATABASE_PASSWORD: 'backup-pass-0123456789',
  };
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'starters/cli.ts', 'db-bootstrap', '--auth', 'password', '--require-tls'], {
    env, timeout: 90_000,
  });
  assert.match(stdout, /service users version 1 applied to contacts \(mariadb, password sign-in\)/);
  for (const user of Object.values(DATABASE_USERS)) assert.match(stdout, new RegExp(`${user}: created`));
  const workerUrl = `mysql://${DATABASE_USERS.worker}:worker-pass-0123456789@localhost:${PORT}/contacts`;
  const pool = createDbPool(loadConfig({ DATABASE_URL: workerUrl, DATABASE_TLS: 'verify', DATABASE_TLS_CA: certs.caCert }), { connectionLimit: 1 });
  try {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT CURRENT_USER() AS me');
    assert.equal(rows[0]!.me, `${DATABASE_USERS.worker}@%`);
  } finally {
    await pool.end();
  }
  const admin = await mysql.createConnection({ ...poolOptionsFromUrl(server.rootUrl), ssl: { ca: [await readCa()] } });
  try {
    const [grants] = await admin.query<RowDataPacket[]>('SHOW GRANTS FOR ?@?', [DATABASE_USERS.worker, '%']);
    assert.ok(grants.some((g) => /REQUIRE SSL/.test(String(Object.values(g)[0]))), 'the user may sign in over TLS only');
  } finally {
    await admin.end();
  }
});

void test('a legacy MySQL source with ?tls=verify&tls_ca= is read over verified TLS; without it the server refuses; a wrong CA is named', async () => {
  const base = `mysql://root@localhost:${PORT}/legacy_tls?table=customers`;
  const spec = parseSourceArg(`mysql:${base}&tls=verify&tls_ca=${encodeURIComponent(certs.caCert)}`);
  assert.equal(spec.name, `mysql:localhost:${PORT}/legacy_tls.customers`, 'the TLS options are not part of the source identity');
  const source = await openMysqlSource(spec.location);
  try {
    const [cipher] = await source.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
    assert.ok(String(cipher!.Value), 'encrypted');
    const rows = await source.query('SELECT email FROM customers ORDER BY id');
    assert.deepEqual(rows.map((r) => r.email), ['tls.one@example.com', 'tls.two@example.com']);
  } finally {
    await source.close();
  }
  await assert.rejects(openMysqlSource(base), /source localhost:3320: Access denied .*; tls is off: if the server requires TLS \(require_secure_transport\), set tls=verify/);
  await assert.rejects(
    openMysqlSource(`${base}&tls=verify&tls_ca=${encodeURIComponent(certs.otherCaCert)}`),
    (err: Error) => /TLS verification of the server certificate failed/.test(err.message) && err.message.includes(`tls_ca=${certs.otherCaCert}`),
  );
});

void test('the server\'s host name is verified: a certificate of the right CA for another name is refused', async () => {
  // Swap the server's certificate for one of the same CA naming db.example.internal only, and reload it (FLUSH SSL).
  copyFileSync(certs.serverCertOtherName, certs.serverCert);
  const admin = await mysql.createConnection({ ...poolOptionsFromUrl(server.rootUrl), ssl: { ca: [await readCa()] } });
  try {
    await admin.query('FLUSH SSL');
  } finally {
    await admin.end();
  }
  await assert.rejects(
    connectWith({ DATABASE_TLS: 'verify', DATABASE_TLS_CA: certs.caCert }),
    /TLS verification of the server certificate failed: Hostname\/IP does not match certificate's altnames: Host: localhost\. is not in the cert's altnames: DNS:db\.example\.internal/,
  );
});

void test('an IP address cannot be verified against a certificate name, so DATABASE_TLS=verify and tls=verify refuse one', () => {
  assert.throws(
    () => loadConfig({ DATABASE_URL: `mysql://root@127.0.0.1:${PORT}/contacts`, DATABASE_TLS: 'verify', DATABASE_TLS_CA: certs.caCert }),
    /Invalid configuration: DATABASE_URL must name the server by host name when DATABASE_TLS=verify: TLS verification needs the server's host name, not the address 127\.0\.0\.1/,
  );
  assert.throws(() => parseSourceArg(`mysql:mysql://root@127.0.0.1:${PORT}/legacy_tls?table=customers&tls=verify`), /not the address 127\.0\.0\.1/);
});
