// Builds the dashboard's Fastify app: security headers, cookies and CSRF, sign-in and roles, validation errors that
// name the parameter, the OpenAPI description of every route, the API, /health, /metrics and the built web page.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { DashboardDeps } from './dashboard-deps';
import { registerAuthHooks } from './auth/auth-hooks';
import { registerErrorHandler } from './errors';
import { registerRequestHooks } from './request-hooks';
import { registerSessionRoutes } from './routes/session-routes';
import { registerHealthRoutes } from './routes/health-routes';
import { registerOverviewRoutes } from './routes/overview-routes';
import { registerListRoutes } from './routes/list-routes';
import { registerRecordRoutes } from './routes/record-routes';
import { registerDecisionRoutes } from './routes/decision-routes';
import { registerOptOutRoutes } from './routes/opt-out-routes';
import { loadListConfig } from '../activities/dashboard/list-config-file';

export async function buildDashboardApp(deps: DashboardDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.settings.LOG_LEVEL, base: { component: 'dashboard' } },
    // The access line is ours (request-hooks.ts): route patterns only, never a URL that may hold an e-mail.
    logController: new LogController({ disableRequestLogging: true }),
    // Unknown parameters are a 400 naming them, not silently dropped; numbers in query strings are coerced.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    bodyLimit: 64 * 1024,
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'"], 'img-src': ["'self'", 'data:'] } },
  });
  await app.register(fastifyCookie, { secret: deps.cookieSecret });
  await app.register(fastifyCsrf, {
    cookieKey: 'dash_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: deps.settings.DASHBOARD_COOKIE_SECURE },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Contacts dashboard API', version: '1.0.0', description: 'Priority call lists, operations views, review and compliance look-ups. Writes start Temporal workflows.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'dash_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
  });
  registerErrorHandler(app);
  registerRequestHooks(app, deps);
  registerAuthHooks(app, deps);
  registerSessionRoutes(app, deps);
  registerHealthRoutes(app, deps);
  registerOverviewRoutes(app, deps);
  const lists = deps.lists ?? loadListConfig();
  registerListRoutes(app, { ...deps, lists });
  registerRecordRoutes(app, { ...deps, lists });
  registerDecisionRoutes(app, deps);
  registerOptOutRoutes(app, deps);
  app.get('/api/openapi.json', { schema: { summary: 'This API\'s OpenAPI 3.1 description', tags: ['operations'] } }, async () => app.swagger());
  if (deps.webRoot) {
    await app.register(fastifyStatic, { root: deps.webRoot, prefix: '/', index: ['index.html'], cacheControl: true, maxAge: '5m' });
  }
  return app;
}
