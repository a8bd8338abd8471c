// Throwaway certificates made with openssl at test time: a CA, a server certificate for 127.0.0.1/localhost, a client certificate, and an unrelated CA.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/env';
import { aptInstall } from '../../stack/apt-install';
import { createContext, silentProgress } from '../../stack/context';
import { findExecutable, runCommand, tail } from '../../stack/processes';

export interface TestCertificates {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  /** The same key, certified for db.example.internal only: a host-name mismatch when the server is reached as localhost. */
  readonly serverCertOtherName: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** A CA that signed none of the above. */
  readonly otherCaCert: string;
  remove(): void;
}

async function openssl(): Promise<string> {
  const found = findExecutable('openssl');
  if (found) return found;
  await aptInstall(createContext(loadConfig({}), { progress: silentProgress }), 'openssl', 'openssl');
  const installed = findExecutable('openssl');
  if (!installed) throw new Error('apt-get installed openssl but the openssl binary is still not found');
  return installed;
}

export async function createTestCertificates(): Promise<TestCertificates> {
  const bin = await openssl();
  const dir = mkdtempSync(join(tmpdir(), 'contacts-tls-'));
  const file = (name: string) => join(dir, name);
  const run = async (args: string[]) => {
    const result = await runCommand(bin, args, { timeoutMs: 30_000, cwd: dir });
    if (result.code !== 0) throw new Error(`openssl ${args[0]} failed: ${tail(result.stderr || result.stdout)}`);
  };
  const newCa = (name: string, subject: string) =>
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', subject, '-keyout', file(`${name}-key.pem`), '-out', file(`${name}.pem`)]);
  const issue = async (name: string, subject: string, extensions: string) => {
    writeFileSync(file(`${name}.ext`), extensions);
    await run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', file(`${name}-key.pem`), '-out', file(`${name}.csr`)]);
    await run(['x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca-key.pem'), '-CAcreateserial', '-days', '2', '-extfile', file(`${name}.ext`), '-out', file(`${name}.pem`)]);
  };
  try {
    await newCa('ca', '/CN=contacts test CA');
    await newCa('other-ca', '/CN=an unrelated CA');
    await issue('server', '/CN=localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    await issue('client', '/CN=contacts-worker', 'extendedKeyUsage=clientAuth\n');
    writeFileSync(file('server-other-name.ext'), 'subjectAltName=DNS:db.example.internal\nextendedKeyUsage=serverAuth\n');
    await run(['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca-key.pem'), '-CAcreateserial', '-days', '2', '-extfile', file('server-other-name.ext'), '-out', file('server-other-name.pem')]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    caCert: file('ca.pem'),
    serverCert: file('server.pem'),
    serverKey: file('server-key.pem'),
    serverCertOtherName: file('server-other-name.pem'),
    clientCert: file('client.pem'),
    clientKey: file('client-key.pem'),
    otherCaCert: file('other-ca.pem'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
