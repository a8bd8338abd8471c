// How AWS resources become the app's configuration: the env vars config/env.ts reads, set from Terraform outputs and secrets.

export interface AppWiring {
  readonly region: string;
  readonly databaseHost: string;
  readonly databasePort: number;
  readonly databaseName: string;
  readonly databaseUser: string;
  /** RDS-managed master secret (JSON with `username` and `password`). */
  readonly databaseSecretArn: string;
  /** Secret whose whole value is the `rediss://` URL. */
  readonly redisUrlSecretArn: string;
  readonly rawBucket: string;
  readonly processedBucket: string;
  readonly temporal: { readonly address: string; readonly namespace: string; readonly taskQueue: string };
  /** CloudWatch namespace the app publishes its metrics to (the task roles may publish only there). */
  readonly metricsNamespace: string;
  /** The alerts SNS topic: the app's alerts go where the alarms and the Glue failure rule go. */
  readonly alertTopicArn: string;
  /** Daily snapshots (SNAPSHOT_MODE=aws): the cluster, and where its temporary validation clusters go. */
  readonly snapshots: { readonly clusterIdentifier: string; readonly subnetGroupName: string; readonly securityGroupId: string };
}

export interface ContainerEnvironmentVariable {
  readonly name: string;
  readonly value: string;
}

export interface ContainerSecret {
  readonly name: string;
  readonly valueFrom: string;
}

/**
 * Plain settings. S3_ENDPOINT=aws makes the app use the SDK's regional endpoint and the task role's credentials.
 * DATABASE_HOST/PORT/NAME/USER exist only for the entry point that assembles DATABASE_URL.
 */
export function containerEnvironment(wiring: AppWiring): ContainerEnvironmentVariable[] {
  const entries: Record<string, string> = {
    DATABASE_HOST: wiring.databaseHost,
    DATABASE_PORT: String(wiring.databasePort),
    DATABASE_NAME: wiring.databaseName,
    DATABASE_USER: wiring.databaseUser,
    S3_ENDPOINT: 'aws',
    S3_REGION: wiring.region,
    S3_FORCE_PATH_STYLE: 'false',
    S3_RAW_BUCKET: wiring.rawBucket,
    S3_PROCESSED_BUCKET: wiring.processedBucket,
    TEMPORAL_ADDRESS: wiring.temporal.address,
    TEMPORAL_NAMESPACE: wiring.temporal.namespace,
    TEMPORAL_TASK_QUEUE: wiring.temporal.taskQueue,
    METRICS_EXPORTER: 'cloudwatch',
    CLOUDWATCH_NAMESPACE: wiring.metricsNamespace,
    ALERT_SNS_TOPIC_ARN: wiring.alertTopicArn,
    SNAPSHOT_MODE: 'aws',
    RDS_CLUSTER_ID: wiring.snapshots.clusterIdentifier,
    RDS_VALIDATION_SUBNET_GROUP: wiring.snapshots.subnetGroupName,
    RDS_VALIDATION_SECURITY_GROUP_IDS: wiring.snapshots.securityGroupId,
  };
  return Object.entries(entries).map(([name, value]) => ({ name, value }));
}

/** Secrets ECS injects at task start; each is readable only by the service's execution role. */
export function containerSecrets(wiring: AppWiring): ContainerSecret[] {
  return [
    { name: 'DATABASE_PASSWORD', valueFrom: `${wiring.databaseSecretArn}:password::` },
    { name: 'REDIS_URL', valueFrom: wiring.redisUrlSecretArn },
  ];
}

/** The secret ARNs a service's execution role must be able to read for `containerSecrets`. */
export function secretArnsOf(wiring: AppWiring): string[] {
  return [wiring.databaseSecretArn, wiring.redisUrlSecretArn];
}

const ENCODE_PASSWORD = 'process.stdout.write(encodeURIComponent(process.env.DATABASE_PASSWORD))';

/**
 * Entry point that builds DATABASE_URL from the managed secret (URL-encoding the password, which RDS rotates
 * and may contain `:`, `#` or `%`), drops the raw password, then execs the service command.
 * No `${`: Terraform would read it as an interpolation.
 */
export const DATABASE_URL_ENTRY_POINT: readonly string[] = [
  'sh',
  '-c',
  [
    `export DATABASE_URL="mysql://$DATABASE_USER:$(node -e '${ENCODE_PASSWORD}')@$DATABASE_HOST:$DATABASE_PORT/$DATABASE_NAME"`,
    'unset DATABASE_PASSWORD',
    'exec "$@"',
  ].join('; '),
  'entrypoint',
];
