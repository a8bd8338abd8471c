// Loads and validates every configuration variable in one place, so a bad value fails at start-up naming the variable.
import { z } from 'zod';

const urlWithProtocol = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` });

const hostPort = z.string().regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, { message: 'must be host:port' });
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be a valid S3 bucket name' });

export const envSchema = z.object({
  DATABASE_URL: urlWithProtocol(['mysql:', 'mariadb:']).default('mysql://root@127.0.0.1:3306/contacts'),
  REDIS_URL: urlWithProtocol(['redis:', 'rediss:']).default('redis://127.0.0.1:6379/0'),
  /** An http(s) URL for an S3-compatible server, or `aws` for AWS's regional endpoint with the default credential chain. */
  S3_ENDPOINT: z.union([z.literal('aws'), urlWithProtocol(['http:', 'https:'])]).default('http://127.0.0.1:8333'),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).default('local-dev-access'),
  S3_SECRET_ACCESS_KEY: z.string().min(1).default('local-dev-secret'),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  S3_RAW_BUCKET: bucketName.default('contacts-raw'),
  S3_PROCESSED_BUCKET: bucketName.default('contacts-processed'),
  TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().regex(/^[A-Za-z0-9._-]+$/, { message: 'must be a Temporal namespace name' }).default('contacts'),
  TEMPORAL_UI_URL: urlWithProtocol(['http:', 'https:']).default('http://127.0.0.1:8233'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('contacts-migration'),
  DATA_DIR: z.string().min(1).default('.data'),
  DEFAULT_PHONE_REGION: z.string().regex(/^[A-Z]{2}$/, { message: 'must be a two-letter ISO 3166 region code such as US' }).default('US'),
  BATCH_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  WORKER_MAX_ACTIVITIES: z.coerce.number().int().min(1).max(64).default(3),
  /**
   * Seconds a stopping worker (SIGTERM, deploy) lets in-flight activities finish before it cancels them; they
   * then end at once (their statements are aborted) and retry elsewhere. 15 s more and the worker stops regardless.
   */
  WORKER_SHUTDOWN_GRACE_SEC: z.coerce.number().int().min(0).max(3600).default(20),
  /** Worker threads that parse and normalize batches off the main thread (0: on the main thread). */
  INGEST_THREADS: z.coerce.number().int().min(0).max(64).default(2),
  /** InnoDB buffer pool the local stack gives MariaDB (never shrinks a larger one); bulk upserts at scale need the indexes in memory. */
  MARIADB_BUFFER_POOL_MB: z.coerce.number().int().min(128).max(1_048_576).default(4096),
  /** InnoDB redo log size the local stack sets (never shrinks); 100k-row transactions checkpoint constantly on the 96 MB default. */
  MARIADB_REDO_LOG_MB: z.coerce.number().int().min(96).max(524_288).default(1024),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** `local`: physical backups of DATABASE_URL's database (mariadb-backup, same host) to the processed zone; `aws`: Aurora cluster snapshots. */
  SNAPSHOT_MODE: z.enum(['local', 'aws']).default('local'),
  /** The user snapshots connect as (backup grants only); DATABASE_URL's user when unset. Same host and port as DATABASE_URL. */
  BACKUP_DATABASE_URL: urlWithProtocol(['mysql:', 'mariadb:']).optional(),
  /** Snapshots older than this many days are deleted (never the newest validated one, never one being validated). */
  SNAPSHOT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** Loopback port of the scratch MariaDB that validation restores into (local mode); its data lives under DATA_DIR/scratch. */
  SNAPSHOT_SCRATCH_PORT: z.coerce.number().int().min(1024).max(65535).default(3316),
  /** AWS mode: the Aurora cluster to snapshot. */
  RDS_CLUSTER_ID: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/, { message: 'must be an RDS cluster identifier' }).optional(),
  /** AWS mode: an RDS API endpoint other than AWS's regional one (an emulator in tests); AWS's when unset. */
  RDS_ENDPOINT: urlWithProtocol(['http:', 'https:']).optional(),
  /** AWS mode: the DB subnet group and security groups (comma-separated) of the temporary validation cluster. */
  RDS_VALIDATION_SUBNET_GROUP: z.string().min(1).optional(),
  RDS_VALIDATION_SECURITY_GROUP_IDS: z.string().min(1).optional(),
  /** How this process publishes metrics: a Prometheus text endpoint (locally), CloudWatch PutMetricData (in AWS), or not at all. */
  METRICS_EXPORTER: z.enum(['prometheus', 'cloudwatch', 'off']).default('prometheus'),
  /** Address the Prometheus endpoint binds (0.0.0.0 in a container scraped from outside). */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Port of the Prometheus endpoint; 0 picks a free one, registered for discovery under DATA_DIR/prometheus/targets. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Seconds between two CloudWatch PutMetricData flushes. */
  METRICS_FLUSH_SEC: z.coerce.number().int().min(1).max(3600).default(60),
  CLOUDWATCH_NAMESPACE: z.string().regex(/^[A-Za-z0-9._/#:-]{1,255}$/, { message: 'must be a CloudWatch namespace (letters, digits, . _ / # : -)' }).default('Contacts'),
  /** A CloudWatch API endpoint other than AWS's (a local emulator); unset in AWS. */
  CLOUDWATCH_ENDPOINT: urlWithProtocol(['http:', 'https:']).optional(),
  /** The stack's Prometheus (npm run stack:up -- --with-metrics, or STACK_METRICS=true). */
  PROMETHEUS_URL: urlWithProtocol(['http:']).default('http://127.0.0.1:9090'),
  PROMETHEUS_SCRAPE_INTERVAL_SEC: z.coerce.number().int().min(1).max(300).default(15),
  STACK_METRICS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Alerts are also POSTed as JSON here (a chat or paging webhook) when set. */
  ALERT_WEBHOOK_URL: urlWithProtocol(['http:', 'https:']).optional(),
  /** Alerts are also published to this SNS topic when set (in AWS: the stack's alerts topic). */
  ALERT_SNS_TOPIC_ARN: z.string().min(1).optional(),
  /** An SNS API endpoint other than AWS's (a local emulator); unset in AWS. */
  ALERT_SNS_ENDPOINT: urlWithProtocol(['http:', 'https:']).optional(),
  /** The worker watchdog alerts when a task queue has had no polling worker for this many seconds. */
  WATCHDOG_NO_POLLER_SEC: z.coerce.number().int().min(0).max(86_400).default(300),
  /** A read replica (the dashboard reads from it); `health` checks its replication lag. Unset: no replica. */
  DATABASE_REPLICA_URL: urlWithProtocol(['mysql:', 'mariadb:']).optional(),
  /** `health` fails when the replica lags the writer by more than this many seconds. */
  REPLICA_MAX_LAG_SEC: z.coerce.number().int().min(0).max(86_400).default(30),
  /** Statements slower than this many milliseconds are logged with their timing and masked parameters (0: off). */
  SLOW_QUERY_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  /** Dashboard (`npm run dashboard`): where it listens. In a container, 0.0.0.0. */
  DASHBOARD_HOST: z.string().min(1).default('127.0.0.1'),
  /** 0 picks a free port (the benchmark and tests). */
  DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The dashboard's own database URL (a read-only user); unset: DATABASE_URL. */
  DASHBOARD_DATABASE_URL: urlWithProtocol(['mysql:', 'mariadb:']).optional(),
  /** A read replica the dashboard reads from when set (the cache is invalidated only once it has caught up with a refresh). */
  DASHBOARD_REPLICA_URL: urlWithProtocol(['mysql:', 'mariadb:']).optional(),
  /** Sign-in: `local` (users file with scrypt hashes) or `alb-oidc` (an AWS load balancer's OIDC listener signs the user in). */
  DASHBOARD_AUTH: z.enum(['local', 'alb-oidc']).default('local'),
  /** JSON list of users for local sign-in: [{"username", "roles": [...], "passwordHash": "scrypt$..."}] (`npm run cli -- dashboard-user`). */
  DASHBOARD_USERS_FILE: z.string().min(1).default('.data/dashboard-users.json'),
  /** Signs session and CSRF cookies (32+ characters); unset: a random one per process (sessions end when it restarts). */
  DASHBOARD_SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  /** Cookies only over HTTPS (behind the load balancer's HTTPS listener). */
  DASHBOARD_COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** alb-oidc: the load balancer ARN that must have signed the user claims, and the claim holding the user's roles. */
  DASHBOARD_ALB_ARN: z.string().min(1).optional(),
  DASHBOARD_OIDC_ROLES_CLAIM: z.string().min(1).default('dashboard_roles'),
  /** alb-oidc: where the load balancer's public keys are served (by key id); unset: AWS's regional endpoint for S3_REGION. */
  DASHBOARD_ALB_KEYS_URL: urlWithProtocol(['http:', 'https:']).optional(),
  /** Requests slower than this are logged with their timings. */
  DASHBOARD_SLOW_REQUEST_MS: z.coerce.number().int().min(1).max(600_000).default(500),
  /** How long a cached answer lives at most (a refresh invalidates it sooner). */
  DASHBOARD_CACHE_TTL_SEC: z.coerce.number().int().min(1).max(86_400).default(600),
});

export type AppConfig = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly variable: string, readonly problem: string, readonly value: string | undefined) {
    super(`Invalid configuration: ${variable} ${problem}${value === undefined ? '' : ` (got ${JSON.stringify(redact(variable, value))})`}`);
  }
}

function redact(variable: string, value: string): string {
  if (/SECRET|PASSWORD|TOKEN/.test(variable)) return '***';
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}

/** Parses `env` (process.env by default); empty strings count as unset. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(variable, issue.message, input[variable]);
  }
  return parsed.data;
}

/** The same URL with its password replaced, safe to print or log. */
export function redactUrl(value: string): string {
  return redact('URL', value);
}
