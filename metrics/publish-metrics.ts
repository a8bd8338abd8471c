// Chooses the exporter from configuration: a Prometheus endpoint registered for discovery, CloudWatch flushes, or
// nothing. Workers, the monitor and long CLI commands call it once; short commands never do (nothing scrapes them).
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { AppConfig } from '../config/env';
import { stackPaths } from '../stack/context';
import { createCloudWatchExporter } from './cloudwatch-exporter';
import { startMetricsEndpoint } from './metrics-endpoint';
import { createProjectMetrics, disabledMetrics, type ProjectMetrics } from './project-metrics';
import { registerTarget, unregisterTarget } from './service-discovery';

export type MetricsConfig = Pick<AppConfig, 'METRICS_EXPORTER' | 'METRICS_HOST' | 'METRICS_PORT' | 'METRICS_FLUSH_SEC' | 'CLOUDWATCH_NAMESPACE' | 'CLOUDWATCH_ENDPOINT' | 'S3_REGION' | 'DATA_DIR'>;

export interface PublishedMetrics {
  metrics: ProjectMetrics;
  /** host:port of the Prometheus endpoint, when there is one. */
  endpoint?: string;
  /** Unregisters, flushes what is left (CloudWatch) and closes. */
  stop(): Promise<void>;
}

/** Where processes register their scrape targets and the stack's Prometheus looks for them. */
export function targetsDir(config: Pick<AppConfig, 'DATA_DIR'>): string {
  return join(stackPaths(config as AppConfig).dataDir, 'prometheus', 'targets');
}

/** A free loopback port for the Temporal SDK's own exporter (read back through this process's endpoint). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * The Temporal SDK's metrics for a worker's Runtime: its Prometheus exporter on a private loopback port whose text
 * this process's endpoint (or the CloudWatch exporter) includes; none when metrics are off.
 */
export async function sdkTelemetry(config: Pick<AppConfig, 'METRICS_EXPORTER'>, component: string) {
  if (config.METRICS_EXPORTER === 'off') return { telemetryOptions: undefined, sdkMetricsUrl: undefined };
  const port = await freePort();
  return {
    telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${port}`, useSecondsForDurations: true }, globalTags: { component } } },
    sdkMetricsUrl: `http://127.0.0.1:${port}/metrics`,
  };
}

export async function publishMetrics(config: MetricsConfig, component: string, opts: { sdkMetricsUrl?: string } = {}): Promise<PublishedMetrics> {
  if (config.METRICS_EXPORTER === 'off') return { metrics: disabledMetrics(), stop: async () => {} };
  const metrics = createProjectMetrics({ processMetrics: true, defaultLabels: { component } });
  if (config.METRICS_EXPORTER === 'cloudwatch') {
    const exporter = createCloudWatchExporter({
      registry: metrics.registry, namespace: config.CLOUDWATCH_NAMESPACE, region: config.S3_REGION, endpoint: config.CLOUDWATCH_ENDPOINT,
      sdkMetricsUrl: opts.sdkMetricsUrl, dimensions: { component },
    });
    const timer = setInterval(() => void exporter.flush().catch(() => {}), config.METRICS_FLUSH_SEC * 1000);
    timer.unref();
    return {
      metrics,
      async stop() {
        clearInterval(timer);
        await exporter.flush().catch(() => {});
        exporter.close();
      },
    };
  }
  const endpoint = await startMetricsEndpoint({ registry: metrics.registry, host: config.METRICS_HOST, port: config.METRICS_PORT, sdkMetricsUrl: opts.sdkMetricsUrl });
  const file = registerTarget(targetsDir(config), { address: endpoint.address, component, pid: process.pid });
  // Also on an exit that skips stop() (process.exit on a second signal): Prometheus must not keep a dead target.
  const onExit = () => unregisterTarget(file);
  process.once('exit', onExit);
  return {
    metrics,
    endpoint: endpoint.address,
    async stop() {
      process.removeListener('exit', onExit);
      unregisterTarget(file);
      await endpoint.close();
    },
  };
}
