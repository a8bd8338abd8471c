// `npm run dashboard`: the dashboard's API and web page in one process, on the read side of the database.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { loadConfig, ConfigError } from '../config/env';
import { buildDashboardApp } from './app';
import { albKeysUrl, createAlbVerifier } from './auth/alb-oidc';
import { readUsersFile } from './auth/users-file';
import { cookieSecretOf, createCacheRedis, createReadPool } from './dashboard-clients';
import { publishMetrics } from '../metrics/publish-metrics';
import { createQueryCache } from './query-cache';
import { createGenerationReader } from './read/refresh-generation';
import { WEB_ROOT } from './web-root';
import { createS3, createTemporalClient } from '../workers/clients';
import { createRegistryLookup } from '../activities/compliance/registry-store';
import { createWorkflowStarter } from './write/workflow-starter';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.DASHBOARD_AUTH === 'alb-oidc' && !config.DASHBOARD_ALB_ARN) {
    throw new ConfigError('DASHBOARD_ALB_ARN', 'is required when DASHBOARD_AUTH=alb-oidc', undefined);
  }
  // The project's metrics module: Prometheus endpoint registered for discovery, or CloudWatch flushes in AWS; the
  // same registry is also served on the dashboard's own /metrics.
  const published = await publishMetrics(config, 'dashboard');
  const readPool = createReadPool(config);
  const redis = createCacheRedis(config);
  const { secret, generated } = cookieSecretOf(config);
  // People's writes start workflows on the workers' task queue (the dashboard never writes to the database).
  const temporal = await createTemporalClient(config);
  const webRoot = existsSync(path.join(WEB_ROOT, 'index.html')) ? WEB_ROOT : undefined;
  const app = await buildDashboardApp({
    settings: config,
    readPool,
    cache: createQueryCache(redis, { prefix: `dash:${config.TEMPORAL_NAMESPACE}`, ttlSec: config.DASHBOARD_CACHE_TTL_SEC }),
    metrics: published.metrics,
    cookieSecret: secret,
    loadUsers: () => readUsersFile(config.DASHBOARD_USERS_FILE),
    verifyAlbClaims: config.DASHBOARD_ALB_ARN ? createAlbVerifier({
      albArn: config.DASHBOARD_ALB_ARN,
      keysUrl: config.DASHBOARD_ALB_KEYS_URL ?? albKeysUrl(config.DASHBOARD_ALB_ARN),
      rolesClaim: config.DASHBOARD_OIDC_ROLES_CLAIM,
    }) : undefined,
    refreshInfo: createGenerationReader(readPool),
    // The compliance engine's registry copies (processed zone) for the detail view's decision.
    registry: createRegistryLookup({ pool: readPool, s3: createS3(config), buckets: { raw: config.S3_RAW_BUCKET, processed: config.S3_PROCESSED_BUCKET } }),
    workflows: createWorkflowStarter(temporal.client, config.TEMPORAL_TASK_QUEUE, config.DASHBOARD_WRITE_WAIT_MS),
    webRoot,
  });
  if (generated) app.log.warn('DASHBOARD_SESSION_SECRET is not set: sessions last until this process restarts');
  if (!webRoot) app.log.warn({ expected: WEB_ROOT }, 'web page not built (bash starters/setup.sh builds it): serving the API only');
  if (config.DASHBOARD_AUTH === 'local') {
    const users = await readUsersFile(config.DASHBOARD_USERS_FILE);
    if (users.length === 0) app.log.warn({ file: config.DASHBOARD_USERS_FILE }, 'no dashboard users: add one with `npm run cli -- dashboard-user add`');
  }
  const close = async () => {
    await app.close();
    await readPool.end();
    await published.stop();
    redis.disconnect();
    await temporal.connection.close();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'dashboard stopping');
      close().then(() => process.exit(0), () => process.exit(1));
    });
  }
  const address = await app.listen({ host: config.DASHBOARD_HOST, port: config.DASHBOARD_PORT });
  app.log.info({ address }, 'dashboard listening');
  console.log(`dashboard: ${address}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
