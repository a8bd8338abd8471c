// The dashboard's Prometheus metrics: per-endpoint latency histograms and cache outcomes, served on /metrics.
// One small module on prom-client so the project's metrics module (#13) can absorb it: it takes a Registry.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface DashboardMetrics {
  registry: Registry;
  requestSeconds: Histogram<'method' | 'route' | 'status'>;
  cacheLookups: Counter<'endpoint' | 'outcome'>;
}

/** Buckets around the targets: p95 100 ms warm, 300 ms cold, nothing above 1.5 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 1.5, 3, 10];

export function createDashboardMetrics(registry: Registry = new Registry()): DashboardMetrics {
  collectDefaultMetrics({ register: registry, prefix: 'dashboard_' });
  return {
    registry,
    requestSeconds: new Histogram({
      name: 'dashboard_request_duration_seconds',
      help: 'Dashboard HTTP request latency by route pattern (never the raw URL), method and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    cacheLookups: new Counter({
      name: 'dashboard_cache_lookups_total',
      help: 'Dashboard cache lookups by endpoint and outcome (hit, miss)',
      labelNames: ['endpoint', 'outcome'],
      registers: [registry],
    }),
  };
}
