// Per-request bookkeeping: latency into the per-route histogram, one access-log line per request with the route
// pattern only (never the URL: a search's query string may hold an e-mail or a phone), and requests slower than
// DASHBOARD_SLOW_REQUEST_MS logged with their database and cache timings.
import type { FastifyInstance } from 'fastify';
import { newTimings, type RequestTimings } from './read/read-pool';
import { maskIdentifier } from './mask';
import type { DashboardDeps } from './dashboard-deps';

declare module 'fastify' {
  interface FastifyRequest {
    timings: RequestTimings;
  }
}

export function registerRequestHooks(app: FastifyInstance, deps: Pick<DashboardDeps, 'metrics' | 'settings'>): void {
  app.decorateRequest('timings', null as unknown as RequestTimings);
  app.addHook('onRequest', async (request) => {
    request.timings = newTimings();
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const ms = reply.elapsedTime;
    deps.metrics.observeDashboardRequest(`${request.method} ${route}`, ms / 1000);
    const line = {
      method: request.method, route, status: reply.statusCode, ms: Math.round(ms * 10) / 10,
      user: request.user ? maskIdentifier(request.user.username) : undefined,
    };
    if (ms >= deps.settings.DASHBOARD_SLOW_REQUEST_MS) {
      const t = request.timings;
      request.log.warn({ ...line, dbMs: Math.round(t.dbMs), cacheMs: Math.round(t.cacheMs), queries: t.queries }, 'slow request');
    } else {
      request.log.info(line, 'request');
    }
  });
}
