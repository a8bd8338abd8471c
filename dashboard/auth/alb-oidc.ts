// Sign-in in AWS: the load balancer's HTTPS listener authenticates the person with the OIDC provider and passes
// their claims in x-amzn-oidc-data, a JWT it signs with ES256; we verify the signature with its public key (by key
// id, fetched from the region's key endpoint and kept), that our load balancer signed it, and that it has not expired,
// then take the roles from a configured claim.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { ALB_ARN_PATTERN } from '../../config/env';
import { isRole, type DashboardUser } from './roles';

export const ALB_CLAIMS_HEADER = 'x-amzn-oidc-data';

export interface AlbOidcOptions {
  /** The load balancer that must have signed the claims. */
  albArn: string;
  /** Base URL of the key endpoint; the key is at `${keysUrl}/${kid}`. */
  keysUrl: string;
  rolesClaim: string;
  /** Fetches a key's PEM text (default: HTTPS GET with a timeout). */
  fetchKey?: (url: string) => Promise<string>;
}

/** Where AWS serves the public keys of a load balancer's region (commercial partition; set DASHBOARD_ALB_KEYS_URL elsewhere). */
export function albKeysUrl(albArn: string): string {
  const region = ALB_ARN_PATTERN.exec(albArn)?.[1];
  if (!region) throw new AlbClaimsError(`not an application load balancer ARN: ${albArn}`);
  return `https://public-keys.auth.elb.${region}.amazonaws.com`;
}

const KEY_FETCH_TIMEOUT_MS = 5000;
/** Key ids kept: the load balancer signs with a few keys at a time; an unknown kid past this evicts the oldest. */
const MAX_KEYS = 16;

export class AlbClaimsError extends Error {
  override name = 'AlbClaimsError';
}

async function defaultFetchKey(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(KEY_FETCH_TIMEOUT_MS), redirect: 'error' });
  if (!res.ok) throw new AlbClaimsError(`load balancer key ${url}: HTTP ${res.status}`);
  return res.text();
}

/** An ES256 verification key from its PEM text, or AlbClaimsError. */
function es256Key(pem: string, url: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new AlbClaimsError(`load balancer key ${url} is not a PEM public key`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new AlbClaimsError(`load balancer key ${url} is not a P-256 key`);
  }
  return key;
}

function decodePart(part: string | undefined, what: string): Record<string, unknown> {
  if (!part) throw new AlbClaimsError(`claims token has no ${what}`);
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new AlbClaimsError(`claims token ${what} is not base64url JSON`);
  }
}

/** Verifies the load balancer's claims token; the verified user, or AlbClaimsError saying what was wrong. */
export function createAlbVerifier(opts: AlbOidcOptions): (token: string, now?: number) => Promise<DashboardUser> {
  // One fetch per key id, shared by the requests that arrive while it runs; a failed fetch is not kept.
  const keys = new Map<string, Promise<KeyObject>>();
  const fetchKey = opts.fetchKey ?? defaultFetchKey;
  const keyFor = (kid: string): Promise<KeyObject> => {
    let key = keys.get(kid);
    if (!key) {
      const url = `${opts.keysUrl.replace(/\/$/, '')}/${encodeURIComponent(kid)}`;
      key = fetchKey(url).then((pem) => es256Key(pem, url));
      key.catch(() => keys.delete(kid));
      if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
      keys.set(kid, key);
    }
    return key;
  };
  return async (token, now = Date.now()) => {
    const [h, p, s] = token.split('.');
    const header = decodePart(h, 'header');
    const claims = decodePart(p, 'payload');
    if (header.alg !== 'ES256') throw new AlbClaimsError(`claims token algorithm ${String(header.alg)} is not ES256`);
    if (header.signer !== opts.albArn) throw new AlbClaimsError('claims token was not signed by this load balancer');
    const kid = typeof header.kid === 'string' && /^[A-Za-z0-9-]{1,128}$/.test(header.kid) ? header.kid : null;
    if (!kid) throw new AlbClaimsError('claims token has no valid key id');
    const key = await keyFor(kid);
    const ok = verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s ?? '', 'base64url'));
    if (!ok) throw new AlbClaimsError('claims token signature does not verify');
    // The load balancer puts the expiry in the header; a token without one is refused like an expired one.
    const exp = typeof header.exp === 'number' ? header.exp : typeof claims.exp === 'number' ? claims.exp : 0;
    if (exp * 1000 <= now) throw new AlbClaimsError('claims token has expired');
    const subject = typeof claims.email === 'string' ? claims.email : typeof claims.sub === 'string' ? claims.sub : null;
    if (!subject) throw new AlbClaimsError('claims token names no user (email or sub)');
    const rawRoles = claims[opts.rolesClaim];
    const list = Array.isArray(rawRoles) ? rawRoles : typeof rawRoles === 'string' ? rawRoles.split(/[,\s]+/) : [];
    const roles = list.filter((r): r is DashboardUser['roles'][number] => typeof r === 'string' && isRole(r));
    return { username: subject, roles, actor: `oidc:${subject}` };
  };
}
