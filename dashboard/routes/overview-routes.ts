// The overview's endpoints: headline figures from the summary tables (cached until the next refresh lands), and the
// live migrations and batches (cached a few seconds: they change while a migration runs).
import type { FastifyInstance } from 'fastify';
import type { DashboardDeps } from '../dashboard-deps';
import { readMigrations, readOverviewSummary, readRecentBatches } from '../read/overview-read';
import { cachedRead } from './cached-read';
import { readTagBreakdown } from '../read/compliance-read';

/** Live figures may be this old. */
const LIVE_TTL_SEC = 5;

const limitQuery = (max: number, fallback: number) => ({
  type: 'object', additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: max, default: fallback } },
}) as const;

export function registerOverviewRoutes(app: FastifyInstance, deps: DashboardDeps): void {
  app.get('/api/overview', {
    config: { need: 'overview' },
    schema: { summary: 'Headline counts, state breakdown and the last refresh (summary tables)', tags: ['overview'] },
  }, async (request, reply) => {
    const refresh = await deps.refreshInfo();
    const summary = await cachedRead(deps, request, reply, 'overview', {}, refresh.generation, () => readOverviewSummary(deps.readPool, request.timings));
    return { ...summary, refresh };
  });

  app.get<{ Querystring: { limit: number } }>('/api/migrations', {
    config: { need: 'overview' },
    schema: { summary: 'Latest migrations with per-source reconciliation figures', tags: ['overview'], querystring: limitQuery(100, 10) },
  }, async (request, reply) => {
    const migrations = await cachedRead(deps, request, reply, 'migrations', request.query, 0,
      () => readMigrations(deps.readPool, request.query.limit, request.timings), LIVE_TTL_SEC);
    return { migrations };
  });

  app.get<{ Querystring: { limit: number } }>('/api/batches', {
    config: { need: 'overview' },
    schema: { summary: 'Most recent import batches with rejects, warnings and throughput', tags: ['overview'], querystring: limitQuery(500, 50) },
  }, async (request, reply) => {
    const batches = await cachedRead(deps, request, reply, 'batches', request.query, 0,
      () => readRecentBatches(deps.readPool, request.query.limit, request.timings), LIVE_TTL_SEC);
    return { batches };
  });

  app.get('/api/compliance/tags', {
    config: { need: 'overview' },
    schema: { summary: 'Contacts per compliance status tag, as the last finished scrub stored them', tags: ['overview'] },
  }, async (request, reply) => cachedRead(deps, request, reply, 'compliance-tags', {}, 0, () => readTagBreakdown(deps.readPool, request.timings), 30));
}
