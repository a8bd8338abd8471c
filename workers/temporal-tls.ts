// How workers and clients reach Temporal: the address, and TLS or mTLS (Temporal Cloud's client certificate) from validated config.
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { AppConfig } from '../config/env';

export type TemporalConnectionConfig = Pick<AppConfig, 'TEMPORAL_ADDRESS'> &
  Partial<Pick<AppConfig, 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_SERVER_NAME'>>;

/**
 * The TLS options the client's Connection and the worker's NativeConnection both take: a client certificate pair
 * when TEMPORAL_TLS_CERT/KEY are set (mTLS, as Temporal Cloud requires), the frontend's CA when it is private, and
 * a server-name override. Undefined when none is set: plain gRPC, as the local dev server speaks.
 */
export function temporalTls(config: TemporalConnectionConfig): TLSConfig | undefined {
  const { TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key, TEMPORAL_TLS_CA: ca, TEMPORAL_TLS_SERVER_NAME: serverName } = config;
  if (cert === undefined && key === undefined && ca === undefined) return undefined;
  const tls: TLSConfig = {};
  if (cert !== undefined && key !== undefined) tls.clientCertPair = { crt: readFileSync(cert), key: readFileSync(key) };
  if (ca !== undefined) tls.serverRootCACertificate = readFileSync(ca);
  if (serverName !== undefined) tls.serverNameOverride = serverName;
  return tls;
}

/** `{ address, tls }` for Connection.connect and NativeConnection.connect. */
export function temporalConnectionOptions(config: TemporalConnectionConfig): { address: string; tls?: TLSConfig } {
  const tls = temporalTls(config);
  return tls ? { address: config.TEMPORAL_ADDRESS, tls } : { address: config.TEMPORAL_ADDRESS };
}
