// `health`: checks every part the platform needs and exits non-zero naming what is wrong (--json for machines).
import { loadConfig } from '../../config/env';
import { createDbPool, createRedis, createS3, createTemporalClient } from '../../workers/clients';
import { type Command, parseCommandArgs } from '../command';
import { runHealthChecks } from '../health/health-checks';

const usage = `Usage: npm run cli -- health [--json]

Checks, each within 10 s: Temporal reachable (namespace), a worker polling the task queue and the monitor polling
its own, the database and its schema migrations, the read replica's lag (when DATABASE_REPLICA_URL is set), Redis,
both S3 buckets, the declared schedules present and not paused, alerts every channel accepted, and the newest
snapshot validated and younger than a day (once snapshots exist). One line per check; exit 1 naming every failed
check, 0 when all pass. --json prints {"ok", "checks": [{name, ok, detail, skipped}]}.`;

export const healthCommand: Command = {
  name: 'health',
  summary: 'check every part (Temporal, workers, database, replica, Redis, S3, schedules, alerts, snapshots)',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    const config = loadConfig();
    const pool = createDbPool(config, { connectionLimit: 4, connectTimeout: 5000 });
    const redis = createRedis(config);
    redis.on('error', () => {});
    const s3 = createS3(config);
    const temporal = await Promise.race([
      createTemporalClient(config).then((t) => ({ t, error: undefined })),
      new Promise<{ t: null; error: string }>((resolve) => setTimeout(() => resolve({ t: null, error: 'no answer within 10 s' }), 10_000).unref()),
    ]).catch((err: unknown) => ({ t: null, error: (err as Error).message }));
    try {
      const checks = await runHealthChecks({ config, temporal: temporal.t?.client ?? null, temporalError: temporal.error, pool, redis, s3 });
      const failed = checks.filter((c) => !c.ok);
      if (values.json) {
        console.log(JSON.stringify({ ok: failed.length === 0, checks }));
      } else {
        for (const c of checks) console.log(`${c.ok ? (c.skipped ? 'skip' : 'ok  ') : 'FAIL'}  ${c.name.padEnd(12)} ${c.detail}`);
        console.log(failed.length ? `\nunhealthy: ${failed.map((c) => c.name).join(', ')}` : '\nhealthy');
      }
      return failed.length ? 1 : 0;
    } finally {
      await Promise.allSettled([pool.end(), temporal.t?.connection.close()]);
      redis.disconnect();
      s3.destroy();
    }
  },
};
