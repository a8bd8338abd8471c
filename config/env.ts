// Loads and validates every configuration variable in one place, so a bad value fails at start-up naming the variable.
import { z } from 'zod';
import { unverifiableHost } from '../db/tls-host';
import { pemFileProblem } from './pem-file';

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

const mysqlUrl = urlWithProtocol(['mysql:', 'mariadb:']);
/** A file path (checked below, with the variable that names it) or unset. */
const optionalPath = z.string().min(1).optional();

/** An application load balancer ARN: arn:<partition>:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>. */
export const ALB_ARN_PATTERN = /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):\d{12}:loadbalancer\/app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]+$/;

const fields = z.object({
  DATABASE_URL: mysqlUrl.default('mysql://root@127.0.0.1:3306/contacts'),
  /** Password of DATABASE_URL's user when it is not in the URL (the ECS bootstrap task gets the master password this way). */
  DATABASE_PASSWORD: z.string().min(1).optional(),
  /** `password`: the URL's or DATABASE_PASSWORD; `iam`: a signed IAM token per connection (Aurora IAM database authentication). */
  DATABASE_AUTH: z.enum(['password', 'iam']).default('password'),
  /** `off`, or `verify`: TLS required, the server's certificate and host name verified (never a fall-back to plain). */
  DATABASE_TLS: z.enum(['off', 'verify']).default('off'),
  /** CA the server certificate must chain to: a PEM file, or `rds` for the Amazon RDS bundle; unset = Node.js's trusted CAs. */
  DATABASE_TLS_CA: optionalPath,
  /** Region IAM database tokens are signed for (the SDK's standard variable; ECS tasks get it from the task definition). */
  AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'must be an AWS region such as us-east-1' }).optional(),
  /** Passwords `cli db-bootstrap --auth password` gives the service users it creates (a local or self-hosted server). */
  WORKER_DATABASE_PASSWORD: z.string().min(12, { message: 'must be at least 12 characters' }).optional(),
  DASHBOARD_DATABASE_PASSWORD: z.string().min(12, { message: 'must be at least 12 characters' }).optional(),
  BACKUP_DATABASE_PASSWORD: z.string().min(12, { message: 'must be at least 12 characters' }).optional(),
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
  /** mTLS client certificate and key (PEM files) for Temporal Cloud or a TLS frontend; set both or neither. */
  TEMPORAL_TLS_CERT: optionalPath,
  TEMPORAL_TLS_KEY: optionalPath,
  /** CA of the Temporal frontend when it is not publicly trusted (PEM file); setting it alone turns on server-only TLS. */
  TEMPORAL_TLS_CA: optionalPath,
  /** Name the frontend's certificate is checked against when it differs from TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
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
  /** Superseded registry copies are kept this many days (COMPLIANCE.md: 5 years by default; TCPA claims run 4), then pruned weekly. */
  REGISTRY_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(1826),
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
  /**
   * The dashboard's own database URL: the read-only user contacts_dashboard (cli db-bootstrap creates it), on the
   * reader endpoint in AWS, with DATABASE_URL's TLS and sign-in settings; unset: DATABASE_URL.
   */
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
  DASHBOARD_ALB_ARN: z.string().regex(ALB_ARN_PATTERN, {
    message: 'must be an application load balancer ARN (arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>)',
  }).optional(),
  DASHBOARD_OIDC_ROLES_CLAIM: z.string().min(1).default('dashboard_roles'),
  /** alb-oidc: where the load balancer's public keys are served (by key id); unset: AWS's endpoint for the load balancer's region. */
  DASHBOARD_ALB_KEYS_URL: urlWithProtocol(['http:', 'https:']).optional(),
  /** Requests slower than this are logged with their timings. */
  DASHBOARD_SLOW_REQUEST_MS: z.coerce.number().int().min(1).max(600_000).default(500),
  /** How long a cached answer lives at most (a refresh invalidates it sooner). */
  DASHBOARD_CACHE_TTL_SEC: z.coerce.number().int().min(1).max(86_400).default(600),
  /** How long a write (merge, unmerge, review decision, opt-out) waits for its workflow before answering 202 (it goes on). */
  DASHBOARD_WRITE_WAIT_MS: z.coerce.number().int().min(0).max(120_000).default(20_000),
});

type Fields = z.infer<typeof fields>;

/** Rules across variables: each names the variable to fix. */
function crossChecks(c: Fields, ctx: z.RefinementCtx): void {
  const problem = (variable: keyof Fields, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
  if (c.DATABASE_TLS_CA !== undefined && c.DATABASE_TLS_CA !== 'rds') {
    const bad = pemFileProblem(c.DATABASE_TLS_CA, 'CERTIFICATE');
    if (bad) problem('DATABASE_TLS_CA', `must be \`rds\` or a PEM certificate file, but the file ${bad}`);
  }
  if (c.DATABASE_TLS_CA !== undefined && c.DATABASE_TLS === 'off') problem('DATABASE_TLS', 'must be verify when DATABASE_TLS_CA is set');
  if (c.DATABASE_TLS === 'verify') {
    for (const variable of ['DATABASE_URL', 'DASHBOARD_DATABASE_URL', 'DASHBOARD_REPLICA_URL'] as const) {
      const url = c[variable];
      const bad = url === undefined ? undefined : unverifiableHost(new URL(url).hostname);
      if (bad) problem(variable, `must name the server by host name when DATABASE_TLS=verify: ${bad}`);
    }
  }
  if (c.DATABASE_AUTH === 'iam') {
    // The token travels as a clear-text password: only ever inside TLS.
    if (c.DATABASE_TLS !== 'verify') problem('DATABASE_TLS', 'must be verify when DATABASE_AUTH=iam (the IAM token is sent as a clear-text password)');
    if (!c.AWS_REGION) problem('AWS_REGION', 'must be set when DATABASE_AUTH=iam (tokens are signed for a region)');
    if (c.DATABASE_PASSWORD) problem('DATABASE_PASSWORD', 'must not be set when DATABASE_AUTH=iam');
    for (const variable of ['DATABASE_URL', 'DASHBOARD_DATABASE_URL', 'DASHBOARD_REPLICA_URL'] as const) {
      if (c[variable] && new URL(c[variable]).password) problem(variable, 'must not contain a password when DATABASE_AUTH=iam');
    }
  }
  if ((c.TEMPORAL_TLS_CERT === undefined) !== (c.TEMPORAL_TLS_KEY === undefined)) {
    problem(c.TEMPORAL_TLS_CERT === undefined ? 'TEMPORAL_TLS_CERT' : 'TEMPORAL_TLS_KEY', 'must be set together with the other of TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY');
  }
  const pems = [['TEMPORAL_TLS_CERT', 'CERTIFICATE'], ['TEMPORAL_TLS_KEY', 'PRIVATE KEY'], ['TEMPORAL_TLS_CA', 'CERTIFICATE']] as const;
  for (const [variable, kind] of pems) {
    const path = c[variable];
    const bad = path === undefined ? undefined : pemFileProblem(path, kind);
    if (bad) problem(variable, `must name a PEM ${kind.toLowerCase()} file, but the file ${bad}`);
  }
  if (c.TEMPORAL_TLS_SERVER_NAME && !c.TEMPORAL_TLS_CERT && !c.TEMPORAL_TLS_CA) {
    problem('TEMPORAL_TLS_SERVER_NAME', 'only applies with TLS (set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY, or TEMPORAL_TLS_CA)');
  }
}

export const envSchema = fields.superRefine(crossChecks);

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
