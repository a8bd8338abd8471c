// The Prometheus text endpoint of one process: GET /metrics serves the project's registry followed by the
// Temporal SDK's own metrics (read from the SDK's exporter on loopback), so each process is one scrape target.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsEndpoint {
  /** host:port it listens on (the real port when 0 was asked). */
  address: string;
  close(): Promise<void>;
}

/** Reads another exposition text (the SDK's) to append; '' when it does not answer. */
export async function fetchExposition(url: string, timeoutMs = 2000): Promise<string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? await res.text() : '';
  } catch {
    return '';
  }
}

export async function startMetricsEndpoint(opts: { registry: Registry; host: string; port: number; sdkMetricsUrl?: string }): Promise<MetricsEndpoint> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || !req.url?.startsWith('/metrics')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    void (async () => {
      try {
        const own = await opts.registry.metrics();
        const sdk = opts.sdkMetricsUrl ? await fetchExposition(opts.sdkMetricsUrl) : '';
        res.writeHead(200, { 'content-type': opts.registry.contentType }).end(sdk ? `${own}\n${sdk}` : own);
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${(err as Error).message}\n`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  const host = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  return {
    address: `${host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
