// IAM database authentication: each new connection signs in with a fresh signed token (sent over TLS as a clear-text password), so no service password exists.
import { Signer } from '@aws-sdk/rds-signer';
import type { AuthPlugin } from 'mysql2';

/** Tokens are valid 15 minutes; one is reused for 10, so a burst of new pool connections signs once. */
const TOKEN_REUSE_MS = 10 * 60_000;

export interface IamAuthTarget {
  readonly hostname: string;
  readonly port: number;
  readonly username: string;
  readonly region: string;
}

/** Where tokens come from: the SDK's signer with the default credential chain (the ECS task role). */
export type TokenSigner = Pick<Signer, 'getAuthToken'>;

export type TokenSource = () => Promise<string>;

export function iamTokenSource(target: IamAuthTarget, signer: TokenSigner = new Signer(target), now: () => number = Date.now): TokenSource {
  let cached: { token: Promise<string>; at: number } | undefined;
  return () => {
    if (!cached || now() - cached.at >= TOKEN_REUSE_MS) {
      const token = signer.getAuthToken();
      cached = { token, at: now() };
      // A failed signing is not cached: the next connection tries again.
      token.catch(() => {
        if (cached?.token === token) cached = undefined;
      });
    }
    return cached.token;
  };
}

/** mysql2 auth plugins answering the server's mysql_clear_password request (Aurora's AWSAuthenticationPlugin) with a token. */
export function iamAuthPlugins(tokens: TokenSource): Record<string, AuthPlugin> {
  return { mysql_clear_password: () => async () => Buffer.from(`${await tokens()}\0`) };
}
