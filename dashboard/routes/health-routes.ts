// /health for load balancers and people (degraded when Redis is down: answers still come from the database; degraded
// too when the database is busy: slower than 2 s to answer, but answering), and /metrics for Prometheus (per-route
// latency histograms). Down (503) only when the database fails: a load balancer must not take a busy dashboard out
// of service.
import type { FastifyInstance } from 'fastify';
import type { DashboardDeps } from '../dashboard-deps';
import { selectRows } from '../read/read-pool';

class TimedOut extends Error {}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimedOut(`${what} did not answer within ${ms} ms`)), ms);
    })]);
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(app: FastifyInstance, deps: DashboardDeps): void {
  app.get('/health', {
    schema: {
      summary: 'ok, degraded (Redis down: answers come from the database; or the database busy: slower than 2 s) or down (the database fails, HTTP 503)',
      tags: ['operations'],
      response: {
        '2xx': {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['ok', 'degraded', 'down'] },
            database: { type: 'string' }, cache: { type: 'string' },
            lastRefresh: { type: ['string', 'null'] }, generation: { type: 'integer' },
          },
        },
      },
    },
  }, async (_request, reply) => {
    const [db, cacheUp] = await Promise.all([
      // The check waits in the lists' pool: a timeout means every connection is taken by slower requests.
      withTimeout(selectRows(deps.readPool, 'SELECT 1 AS ok', []), 2000, 'database')
        .then(() => 'up', (err: Error) => `${err instanceof TimedOut ? 'busy' : 'down'}: ${err.message}`),
      deps.cache.ping(500),
    ]);
    const refresh = db === 'up' ? await deps.refreshInfo().catch(() => null) : null;
    const status = db.startsWith('down') ? 'down' : db === 'up' && cacheUp ? 'ok' : 'degraded';
    return reply.code(status === 'down' ? 503 : 200).send({
      status, database: db, cache: cacheUp ? 'up' : 'down', lastRefresh: refresh?.finishedAt ?? null, generation: refresh?.generation ?? 0,
    });
  });

  app.get('/metrics', { schema: { summary: 'Prometheus text: per-route latency histograms, cache lookups, process figures', tags: ['operations'] } },
    async (_request, reply) => {
      reply.header('content-type', deps.metrics.registry.contentType);
      return deps.metrics.registry.metrics();
    });
}
