// The project's metrics, defined once on a prom-client registry: what ingestion, dedupe, scrub, snapshots and the
// dashboard record, whichever exporter (Prometheus endpoint, CloudWatch) publishes them.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every metric name the project records; PromQL in the README and the CloudWatch names use these. */
export const METRIC_NAMES = {
  rowsRead: 'contacts_rows_read_total',
  rowsIngested: 'contacts_rows_ingested_total',
  rowsRejected: 'contacts_rows_rejected_total',
  rowWarnings: 'contacts_row_warnings_total',
  batches: 'contacts_batches_total',
  batchDuration: 'contacts_batch_duration_seconds',
  batchRowsPerSecond: 'contacts_batch_rows_per_second',
  anomalies: 'contacts_batch_anomalies_total',
  slowQueries: 'contacts_db_slow_queries_total',
  alerts: 'contacts_alerts_total',
  migrationRowsPerSecond: 'contacts_migration_rows_per_second',
  migrationRowsRead: 'contacts_migration_rows_read',
  dedupeMerges: 'contacts_dedupe_merges_total',
  dedupeReviewQueue: 'contacts_dedupe_review_queue_size',
  scrubTags: 'contacts_compliance_status_contacts',
  snapshotAge: 'contacts_snapshot_age_seconds',
  snapshotValid: 'contacts_snapshot_validation_ok',
  dashboardLatency: 'contacts_dashboard_request_duration_seconds',
  dashboardCache: 'contacts_dashboard_cache_lookups_total',
  watchdogRun: 'contacts_watchdog_last_run_timestamp_seconds',
  /** Sent to CloudWatch only when it moves: its absence there (an alarm) means the monitor stopped running. */
  watchdogRuns: 'contacts_watchdog_runs_total',
} as const;

/** One committed batch, as the ingest activity reports it. */
export interface BatchMetricsInput {
  migration: string;
  source: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  durationMs: number;
  /** Rejected rows per reason code (batch_errors.reason_code). */
  rejectedByReason?: Record<string, number>;
}

/** What the project records; every engine records through these functions, never through prom-client directly. */
export interface ProjectMetrics {
  readonly registry: Registry;
  recordBatch(b: BatchMetricsInput): void;
  recordAnomaly(source: string, metric: string): void;
  recordSlowQuery(statement: string): void;
  recordAlert(kind: string): void;
  /** A long CLI command following a migration: its current pace per source. */
  recordMigrationProgress(migration: string, source: string, rowsRead: number, rowsPerSec: number): void;
  /** Dedupe (#11): merges of one pass by rule, and the review queue's size after it. */
  recordDedupePass(p: { merges: Record<string, number>; reviewQueueSize: number }): void;
  /** Compliance scrub (#12): contacts per status tag after a scrub (the whole store's distribution). */
  recordScrub(p: { tags: Record<string, number> }): void;
  /** Snapshots (#14): the newest snapshot's age and whether its validation passed. */
  recordSnapshot(p: { ageSeconds: number; valid: boolean }): void;
  /** Dashboard (#16): one request's latency by route. */
  observeDashboardRequest(route: string, seconds: number): void;
  /** Dashboard (#16): one cached read, answered from Redis (hit) or the database (miss). */
  recordDashboardCache(endpoint: string, hit: boolean): void;
  recordWatchdogRun(nowMs: number): void;
}

/** Seconds: a 100k-row batch takes ~5-60 s; a tiny one milliseconds. */
const BATCH_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5];

export interface ProjectMetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag, GC) on the same registry. */
  processMetrics?: boolean;
  /** Labels put on every series of this process (e.g. component=worker). */
  defaultLabels?: Record<string, string>;
}

/** Event-loop delay sampling period of the process metrics. */
export const EVENT_LOOP_SAMPLE_MS = 100;

/** A metric created when first used. */
function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}

export function createProjectMetrics(opts: ProjectMetricsOptions = {}): ProjectMetrics {
  const registry = new Registry();
  if (opts.defaultLabels) registry.setDefaultLabels(opts.defaultLabels);
  // contacts_process_* (CPU, memory, file descriptors) and contacts_nodejs_* (event-loop lag, heap, GC). The event-loop
  // delay is sampled every 100 ms, not prom-client's 10 ms: a 10 ms timer wakes a mostly waiting worker 100 times a
  // second, the largest part of what metrics cost it (BENCHMARKS.md "Metrics cost by CPU"); a stall still shows.
  if (opts.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'contacts_', eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  const registers = [registry];
  const src = ['migration', 'source'] as const;
  const rowsRead = new Counter({ name: METRIC_NAMES.rowsRead, help: 'Source rows read by committed batches', labelNames: src, registers });
  const rowsIngested = new Counter({ name: METRIC_NAMES.rowsIngested, help: 'Rows of committed batches by outcome (inserted, updated, unchanged)', labelNames: [...src, 'outcome'], registers });
  const rowsRejected = new Counter({ name: METRIC_NAMES.rowsRejected, help: 'Rows rejected by committed batches, by reason code', labelNames: [...src, 'reason'], registers });
  const rowWarnings = new Counter({ name: METRIC_NAMES.rowWarnings, help: 'Field warnings (value stored empty, raw kept) of committed batches', labelNames: src, registers });
  const batches = new Counter({ name: METRIC_NAMES.batches, help: 'Batches committed', labelNames: src, registers });
  const batchDuration = new Histogram({ name: METRIC_NAMES.batchDuration, help: 'Wall time of one batch ingestion', labelNames: ['source'], buckets: BATCH_BUCKETS, registers });
  const batchRate = new Gauge({ name: METRIC_NAMES.batchRowsPerSecond, help: 'Rows per second of the last committed batch', labelNames: src, registers });
  const anomalies = new Counter({ name: METRIC_NAMES.anomalies, help: 'Batches flagged anomalous, by the metric that deviated', labelNames: ['source', 'metric'], registers });
  const slowQueries = new Counter({ name: METRIC_NAMES.slowQueries, help: 'Statements slower than SLOW_QUERY_MS, by statement kind', labelNames: ['statement'], registers });
  const alerts = new Counter({ name: METRIC_NAMES.alerts, help: 'Alerts sent (after de-duplication), by kind', labelNames: ['kind'], registers });
  const migRate = new Gauge({ name: METRIC_NAMES.migrationRowsPerSecond, help: 'A followed migration\'s pace since it started', labelNames: src, registers });
  const migRows = new Gauge({ name: METRIC_NAMES.migrationRowsRead, help: 'A followed migration\'s rows read so far', labelNames: src, registers });
  const merges = new Counter({ name: METRIC_NAMES.dedupeMerges, help: 'Contacts merged into golden records, by rule', labelNames: ['rule'], registers });
  // Gauges without labels would read 0 before anything set them ("validation failed", "no queue"): registered on first use.
  const reviewQueue = lazy(() => new Gauge({ name: METRIC_NAMES.dedupeReviewQueue, help: 'Candidate pairs waiting for a reviewer', registers }));
  const scrubTags = new Gauge({ name: METRIC_NAMES.scrubTags, help: 'Contacts per compliance status tag after the latest scrub', labelNames: ['tag'], registers });
  const snapshotAge = lazy(() => new Gauge({ name: METRIC_NAMES.snapshotAge, help: 'Age of the newest snapshot', registers }));
  const snapshotValid = lazy(() => new Gauge({ name: METRIC_NAMES.snapshotValid, help: '1 when the newest snapshot\'s validation passed, 0 when it failed', registers }));
  const dashboard = new Histogram({ name: METRIC_NAMES.dashboardLatency, help: 'Dashboard request latency', labelNames: ['route'], buckets: LATENCY_BUCKETS, registers });
  const dashboardCache = new Counter({ name: METRIC_NAMES.dashboardCache, help: 'Dashboard cached reads by endpoint and outcome (hit, miss)', labelNames: ['endpoint', 'outcome'], registers });
  const watchdogRuns = new Counter({ name: METRIC_NAMES.watchdogRuns, help: 'Watchdog passes run', registers });
  const watchdog = lazy(() => new Gauge({ name: METRIC_NAMES.watchdogRun, help: 'When the worker watchdog last ran (its absence means no monitor)', registers }));

  return {
    registry,
    recordBatch(b) {
      const l = { migration: b.migration, source: b.source };
      rowsRead.inc(l, b.rowsRead);
      rowsIngested.inc({ ...l, outcome: 'inserted' }, b.inserted);
      rowsIngested.inc({ ...l, outcome: 'updated' }, b.updated);
      rowsIngested.inc({ ...l, outcome: 'unchanged' }, b.unchanged);
      const reasons = Object.entries(b.rejectedByReason ?? {});
      if (reasons.length === 0 && b.rejected > 0) rowsRejected.inc({ ...l, reason: 'unknown' }, b.rejected);
      else if (reasons.length === 0) rowsRejected.inc({ ...l, reason: 'none' }, 0);
      for (const [reason, n] of reasons) rowsRejected.inc({ ...l, reason }, n);
      rowWarnings.inc(l, b.warnings);
      batches.inc(l);
      batchDuration.observe({ source: b.source }, b.durationMs / 1000);
      if (b.durationMs > 0) batchRate.set(l, Math.round((b.rowsRead * 1000) / b.durationMs));
    },
    recordAnomaly: (source, metric) => anomalies.inc({ source, metric }),
    recordSlowQuery: (statement) => slowQueries.inc({ statement }),
    recordAlert: (kind) => alerts.inc({ kind }),
    recordMigrationProgress(migration, source, n, rate) {
      migRows.set({ migration, source }, n);
      migRate.set({ migration, source }, rate);
    },
    recordDedupePass(p) {
      for (const [rule, n] of Object.entries(p.merges)) merges.inc({ rule }, n);
      reviewQueue().set(p.reviewQueueSize);
    },
    recordScrub(p) {
      for (const [tag, n] of Object.entries(p.tags)) scrubTags.set({ tag }, n);
    },
    recordSnapshot(p) {
      snapshotAge().set(p.ageSeconds);
      snapshotValid().set(p.valid ? 1 : 0);
    },
    observeDashboardRequest: (route, seconds) => dashboard.observe({ route }, seconds),
    recordDashboardCache: (endpoint, hit) => dashboardCache.inc({ endpoint, outcome: hit ? 'hit' : 'miss' }),
    recordWatchdogRun(nowMs) {
      watchdog().set(nowMs / 1000);
      watchdogRuns.inc();
    },
  };
}

/** METRICS_EXPORTER=off: every record call does nothing (the metrics-off side of the cost benchmark). */
export function disabledMetrics(): ProjectMetrics {
  const none = () => {};
  return {
    registry: new Registry(), recordBatch: none, recordAnomaly: none, recordSlowQuery: none, recordAlert: none, recordMigrationProgress: none,
    recordDedupePass: none, recordScrub: none, recordSnapshot: none, observeDashboardRequest: none, recordDashboardCache: none, recordWatchdogRun: none,
  };
}
