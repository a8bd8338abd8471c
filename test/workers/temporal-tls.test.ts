// Temporal mTLS options reach a real TLS handshake: a gRPC endpoint that demands a client certificate of its CA (as Temporal Cloud does)
// admits the client and the worker connection built from TEMPORAL_TLS_* and refuses one without the certificate.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../config/env';
import { temporalConnectionOptions } from '../../workers/temporal-tls';
import { createTestCertificates, type TestCertificates } from '../support/tls-certificates';
import { within } from '../support/wait';

let certs: TestCertificates;
let server: http2.Http2SecureServer;
let address: string;
/** Common names of the client certificates the endpoint saw, one per gRPC call. */
const clients: string[] = [];
/** Handshakes the endpoint saw fail, with Node's reason. */
const handshakeFailures: string[] = [];
/** Handshakes the endpoint completed: a client it admitted. */
let handshakesCompleted = 0;

/**
 * Answers every gRPC call with an empty message and status OK: GetSystemInfo, which a connection makes first, then
 * reads as "no capabilities". Only the TLS handshake matters here; it is Node's, with requestCert and rejectUnauthorized.
 */
function startEndpoint(c: TestCertificates): Promise<http2.Http2SecureServer> {
  const s = http2.createSecureServer({
    key: readFileSync(c.serverKey),
    cert: readFileSync(c.serverCert),
    ca: readFileSync(c.caCert),
    requestCert: true,
    rejectUnauthorized: true,
    ALPNProtocols: ['h2'],
  });
  s.on('tlsClientError', (err) => handshakeFailures.push(err.message));
  s.on('secureConnection', () => (handshakesCompleted += 1));
  s.on('stream', (stream) => {
    const peer = (stream.session?.socket as TLSSocket | undefined)?.getPeerCertificate();
    clients.push(String(peer?.subject?.CN ?? ''));
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(Buffer.alloc(5));
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

before(async () => {
  certs = await createTestCertificates();
  server = await startEndpoint(certs);
  address = `localhost:${(server.address() as AddressInfo).port}`;
}, { timeout: 60_000 });

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  certs.remove();
});

function options(env: Record<string, string>) {
  return temporalConnectionOptions(loadConfig({ TEMPORAL_ADDRESS: address, ...env }));
}

const MTLS = () => ({ TEMPORAL_TLS_CERT: certs.clientCert, TEMPORAL_TLS_KEY: certs.clientKey, TEMPORAL_TLS_CA: certs.caCert });

void test('without TEMPORAL_TLS_* the connection is plain gRPC (the local dev server)', () => {
  assert.deepEqual(temporalConnectionOptions(loadConfig({})), { address: '127.0.0.1:7233' });
});

void test('a client (starters) presents the client certificate and the endpoint admits it', { timeout: 30_000 }, async () => {
  const before = clients.length;
  const connection = await within('the mTLS client connection', 20_000, Connection.connect({ ...options(MTLS()), connectTimeout: '10s' }));
  await connection.close();
  assert.ok(clients.slice(before).includes('contacts-worker'), `the endpoint saw the client certificate (${clients.slice(before).join(', ')})`);
});

void test('a worker connection (NativeConnection) presents the client certificate too', { timeout: 30_000 }, async () => {
  const before = clients.length;
  const connection = await within('the mTLS worker connection', 20_000, NativeConnection.connect(options(MTLS())));
  await connection.close();
  assert.ok(clients.slice(before).includes('contacts-worker'), `the endpoint saw the client certificate (${clients.slice(before).join(', ')})`);
});

void test('without the client certificate, or trusting another CA, the handshake fails', { timeout: 60_000 }, async (t) => {
  // grpc-js reports any failed connection as a missed deadline. What the endpoint sees is the proof: attempts whose
  // handshake failed and none that completed. Its reason is not asserted: under TLS 1.3 a client without a certificate
  // sends its (empty) certificate and closes without waiting for the verdict, so the endpoint logs either "peer did not
  // return a certificate" or, when the close wins, "socket hang up" (seen in CI); a client that distrusts the
  // endpoint's certificate hangs up before sending anything of its own.
  const refused = async (what: string, env: Record<string, string>) => {
    const failuresBefore = handshakeFailures.length;
    const completedBefore = handshakesCompleted;
    const callsBefore = clients.length;
    await assert.rejects(within(what, 20_000, Connection.connect({ ...options(env), connectTimeout: '3s' })), /Failed to connect/);
    const failures = handshakeFailures.slice(failuresBefore);
    t.diagnostic(`${what}: the endpoint saw ${failures.length} failed handshake(s): ${failures.map((m) => m.trim()).join('; ')}`);
    assert.ok(failures.length > 0, `${what}: the endpoint saw no failed handshake`);
    assert.equal(handshakesCompleted, completedBefore, `${what}: no handshake completed`);
    assert.equal(clients.length, callsBefore, `${what}: no call got through`);
  };
  await refused('a client without its certificate', { TEMPORAL_TLS_CA: certs.caCert });
  await refused('a client trusting another CA', { ...MTLS(), TEMPORAL_TLS_CA: certs.otherCaCert });
});
