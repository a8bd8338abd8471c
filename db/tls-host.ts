// Whether a TLS server's certificate name can be checked for the host a URL names: the one rule config, source URLs and connections share.
import { isIP } from 'node:net';

/**
 * Why a host cannot be verified: mysql2 sends no server name for an IP address, and Node.js then checks the
 * certificate against the name "localhost" instead of the address. A host name is checked properly.
 */
export function unverifiableHost(host: string): string | undefined {
  return isIP(host.replace(/^\[|\]$/g, '')) ? `TLS verification needs the server's host name, not the address ${host} (the certificate's name cannot be checked against an address)` : undefined;
}
