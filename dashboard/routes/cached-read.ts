// A read through the query cache, counted per endpoint and timed; the answer says whether it came from the cache.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardDeps } from '../dashboard-deps';

export async function cachedRead<T>(
  deps: Pick<DashboardDeps, 'cache' | 'metrics'>, request: FastifyRequest, reply: FastifyReply, endpoint: string,
  params: object, generation: number, compute: () => Promise<T>, ttlSec?: number,
): Promise<T> {
  const t0 = performance.now();
  const dbBefore = request.timings.dbMs;
  const { value, hit } = await deps.cache.getOrCompute(endpoint, params as Record<string, unknown>, generation, compute, ttlSec);
  request.timings.cacheMs += performance.now() - t0 - (request.timings.dbMs - dbBefore);
  deps.metrics.recordDashboardCache(endpoint, hit);
  reply.header('x-cache', hit ? 'hit' : 'miss');
  return value;
}
