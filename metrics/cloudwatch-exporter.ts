// Publishes the project's metrics (and a chosen few of the Temporal SDK's) to CloudWatch in batched PutMetricData
// calls: counters as the increase since the last flush, gauges as their value, histograms as value/count sets.
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum, type StandardUnit } from '@aws-sdk/client-cloudwatch';
import type { Registry } from 'prom-client';
import { fetchExposition } from './metrics-endpoint';
import { parseExposition, seriesKey, type Family } from './exposition';

/** CloudWatch takes up to 1,000 metric data per PutMetricData call (and 1 MB). */
export const PUT_BATCH = 1000;

/** Process metrics worth paying for in CloudWatch; the rest of prom-client's defaults stay local. */
const PROCESS_METRICS = new Set(['contacts_process_resident_memory_bytes', 'contacts_process_cpu_seconds_total', 'contacts_nodejs_eventloop_lag_p99_seconds']);

/** The Temporal SDK's metrics forwarded: failures, queue latency (no worker / too few), free slots, pollers. */
const SDK_METRICS = new Set([
  'temporal_workflow_failed', 'temporal_activity_execution_failed', 'temporal_workflow_task_schedule_to_start_latency',
  'temporal_activity_schedule_to_start_latency', 'temporal_activity_execution_latency', 'temporal_worker_task_slots_available', 'temporal_num_pollers',
]);

export function forwarded(name: string): boolean {
  if (name.startsWith('contacts_process_') || name.startsWith('contacts_nodejs_')) return PROCESS_METRICS.has(name);
  return name.startsWith('contacts_') || SDK_METRICS.has(name);
}

export interface CloudWatchExporterOptions {
  registry: Registry;
  namespace: string;
  region: string;
  /** An emulator's URL; AWS's regional endpoint when absent. */
  endpoint?: string;
  sdkMetricsUrl?: string;
  /** Dimensions on every datum (component). */
  dimensions?: Record<string, string>;
  client?: Pick<CloudWatchClient, 'send' | 'destroy'>;
  now?: () => Date;
}

function unitOf(name: string): StandardUnit {
  if (name.endsWith('_seconds') || name.endsWith('_latency')) return 'Seconds';
  if (name.endsWith('_bytes')) return 'Bytes';
  return name.endsWith('_total') || name.endsWith('_failed') ? 'Count' : 'None';
}

export function createCloudWatchExporter(opts: CloudWatchExporterOptions) {
  const client = opts.client ?? new CloudWatchClient({ region: opts.region, ...(opts.endpoint ? { endpoint: opts.endpoint } : {}) });
  const previous = new Map<string, number>();
  const dims = (labels: Record<string, string>) => Object.entries({ ...opts.dimensions, ...labels })
    .filter(([k, v]) => k !== 'le' && v !== '')
    .slice(0, 30)
    .map(([Name, Value]) => ({ Name, Value: Value.slice(0, 1024) }));
  /** The increase of a cumulative series since the last flush (its whole value after a restart or reset). */
  const delta = (key: string, value: number) => {
    const before = previous.get(key);
    previous.set(key, value);
    return before === undefined || value < before ? value : value - before;
  };

  function datums(families: Family[], timestamp: Date): MetricDatum[] {
    const out: MetricDatum[] = [];
    for (const f of families) {
      if (!forwarded(f.name)) continue;
      if (f.type === 'histogram') {
        const series = new Map<string, { labels: Record<string, string>; buckets: Array<[number, number]> }>();
        for (const s of f.samples.filter((x) => x.name.endsWith('_bucket'))) {
          const { le, ...labels } = s.labels;
          const key = seriesKey(f.name, labels);
          const entry = series.get(key) ?? { labels, buckets: [] };
          entry.buckets.push([Number(le === '+Inf' ? Infinity : le), s.value]);
          series.set(key, entry);
        }
        for (const [key, { labels, buckets }] of series) {
          buckets.sort((a, b) => a[0] - b[0]);
          const values: number[] = [];
          const counts: number[] = [];
          let cumBefore = 0;
          let lastFinite = 0;
          for (const [le, cum] of buckets) {
            const inBucket = delta(`${key}#${le}`, cum) - cumBefore;
            cumBefore += inBucket;
            if (Number.isFinite(le)) lastFinite = le;
            if (inBucket > 0) {
              values.push(lastFinite);
              counts.push(inBucket);
            }
          }
          if (values.length) out.push({ MetricName: f.name, Dimensions: dims(labels), Values: values, Counts: counts, Unit: unitOf(f.name), Timestamp: timestamp });
        }
        continue;
      }
      for (const s of f.samples) {
        if (!Number.isFinite(s.value)) continue;
        const value = f.type === 'counter' ? delta(seriesKey(s.name, s.labels), s.value) : s.value;
        if (f.type === 'counter' && value === 0) continue;
        out.push({ MetricName: s.name, Dimensions: dims(s.labels), Value: value, Unit: unitOf(s.name), Timestamp: timestamp });
      }
    }
    return out;
  }

  return {
    /** One pass: reads both expositions, sends what changed in calls of up to PUT_BATCH data. Returns the count sent. */
    async flush(): Promise<{ datums: number; calls: number }> {
      const text = await opts.registry.metrics();
      const sdk = opts.sdkMetricsUrl ? await fetchExposition(opts.sdkMetricsUrl) : '';
      const data = datums(parseExposition(`${text}\n${sdk}`), (opts.now ?? (() => new Date()))());
      let calls = 0;
      for (let i = 0; i < data.length; i += PUT_BATCH) {
        await client.send(new PutMetricDataCommand({ Namespace: opts.namespace, MetricData: data.slice(i, i + PUT_BATCH) }));
        calls += 1;
      }
      return { datums: data.length, calls };
    },
    close(): void {
      client.destroy();
    },
  };
}
