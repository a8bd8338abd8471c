// Sign-in and sign-out, and what the page asks first: who am I, and the CSRF token for my next write.
import type { FastifyInstance } from 'fastify';
import type { DashboardDeps } from '../dashboard-deps';
import { verifyPassword } from '../auth/password-hash';
import { capabilitiesOf, type DashboardUser } from '../auth/roles';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie';

const userSchema = {
  type: ['object', 'null'],
  properties: { username: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } }, capabilities: { type: 'array', items: { type: 'string' } } },
} as const;

/** A hash of a password nobody has: verifying against it keeps an unknown user's sign-in as slow as a known one's. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

function publicUser(user: DashboardUser | null) {
  return user ? { username: user.username, roles: user.roles, capabilities: capabilitiesOf(user.roles) } : null;
}

export function registerSessionRoutes(app: FastifyInstance, deps: DashboardDeps): void {
  app.get('/api/session', {
    schema: {
      summary: 'Who is signed in, how sign-in works here, and a CSRF token for the next write',
      tags: ['session'],
      response: { 200: { type: 'object', properties: { user: userSchema, auth: { type: 'string' }, csrfToken: { type: 'string' } } } },
    },
  }, async (request, reply) => ({ user: publicUser(request.user), auth: deps.settings.DASHBOARD_AUTH, csrfToken: reply.generateCsrf() }));

  app.post<{ Body: { username: string; password: string } }>('/api/session', {
    schema: {
      summary: 'Sign in with a configured user (local sign-in); sets the session cookie',
      tags: ['session'],
      body: {
        type: 'object', additionalProperties: false, required: ['username', 'password'],
        properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 256 } },
      },
      response: { 200: { type: 'object', properties: { user: userSchema } } },
    },
  }, async (request, reply) => {
    if (deps.settings.DASHBOARD_AUTH !== 'local') return reply.code(400).send({ error: 'bad_request', message: 'sign-in happens at the load balancer here' });
    const users = await deps.loadUsers();
    const found = users.find((u) => u.username === request.body.username);
    const ok = await verifyPassword(request.body.password, found?.passwordHash ?? DUMMY_HASH);
    if (!found || !ok) {
      request.log.warn({ event: 'sign-in refused' }, 'sign-in refused');
      return reply.code(401).send({ error: 'unauthorized', message: 'wrong username or password' });
    }
    setSessionCookie(reply, found, deps.settings.DASHBOARD_COOKIE_SECURE);
    request.log.info({ event: 'signed in', user: found.username }, 'signed in');
    return { user: publicUser({ username: found.username, roles: found.roles, actor: `dashboard:${found.username}` }) };
  });

  app.delete('/api/session', {
    schema: { summary: 'Sign out (clears the session cookie)', tags: ['session'], response: { 204: { type: 'null' } } },
  }, async (_request, reply) => {
    clearSessionCookie(reply);
    return reply.code(204).send();
  });
}
