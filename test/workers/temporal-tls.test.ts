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

void test('without the client certificate, or trusting another CA, the handshake fails', { timeout: 60_000 }, async () => {
  const before = clients.length;
  // grpc-js reports any failed connection as a missed deadline; the endpoint says why the handshake failed.
  const failuresBefore = handshakeFailures.length;
  await assert.rejects(within('a refused connection', 20_000, Connection.connect({ ...options({ TEMPORAL_TLS_CA: certs.caCert }), connectTimeout: '3s' })), /Failed to connect/);
  assert.ok(handshakeFailures.slice(failuresBefore).some((m) => /peer did not return a certificate/i.test(m)), handshakeFailures.join('; '));
  const wrongCa = { ...MTLS(), TEMPORAL_TLS_CA: certs.otherCaCert };
  const wrongBefore = handshakeFailures.length;
  await assert.rejects(within('a refused connection', 20_000, Connection.connect({ ...options(wrongCa), connectTimeout: '3s' })), /Failed to connect/);
  assert.ok(handshakeFailures.slice(wrongBefore).some((m) => /unknown ca|certificate/i.test(m)), handshakeFailures.slice(wrongBefore).join('; '));
  assert.equal(clients.length, before, 'no call got through');
});
