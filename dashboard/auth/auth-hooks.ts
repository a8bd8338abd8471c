// Who is asking and may they: every route declares the capability it needs (config.need); a route without one is
// public (the page's assets, /health, /metrics, the OpenAPI text, sign-in). Unsafe methods also need the CSRF token.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DashboardDeps } from '../dashboard-deps';
import { allows, type Capability, type DashboardUser } from './roles';
import { readSessionCookie } from './session-cookie';
import { ALB_CLAIMS_HEADER } from './alb-oidc';

declare module 'fastify' {
  interface FastifyRequest {
    user: DashboardUser | null;
  }
  interface FastifyContextConfig {
    /** The capability a route needs; absent: public. */
    need?: Capability;
  }
}

export class AuthError extends Error {
  override name = 'AuthError';
  constructor(readonly statusCode: 401 | 403, message: string) {
    super(message);
  }
}

/** The signed-in user of a request, from the session cookie (local) or the load balancer's claims (alb-oidc). */
export async function identify(request: FastifyRequest, deps: Pick<DashboardDeps, 'settings' | 'verifyAlbClaims'>): Promise<DashboardUser | null> {
  if (deps.settings.DASHBOARD_AUTH === 'alb-oidc') {
    const header = request.headers[ALB_CLAIMS_HEADER];
    if (typeof header !== 'string' || !deps.verifyAlbClaims) return null;
    try {
      return await deps.verifyAlbClaims(header);
    } catch (err) {
      request.log.warn({ reason: (err as Error).message }, 'load balancer claims rejected');
      return null;
    }
  }
  return readSessionCookie(request);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function registerAuthHooks(app: FastifyInstance, deps: Pick<DashboardDeps, 'settings' | 'verifyAlbClaims'>): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request, reply) => {
    request.user = await identify(request, deps);
    const need = request.routeOptions.config.need;
    if (need) {
      if (!request.user) throw new AuthError(401, 'sign in first');
      if (!allows(request.user.roles, need)) throw new AuthError(403, `your roles (${request.user.roles.join(', ') || 'none'}) do not allow ${need}`);
    }
    // Every state-changing request, signed in or not (sign-in included), carries the CSRF token of its page.
    if (!SAFE_METHODS.has(request.method)) {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve()));
      });
    }
  });
}
