// How AWS resources become the app's configuration: the env vars config/env.ts reads, set from Terraform outputs and secrets.
import { DATABASE_USERS } from '../config/constants';

export interface DatabaseEndpoints {
  /** Cluster writer endpoint. */
  readonly writerHost: string;
  /** Cluster reader endpoint (load-balanced over the replicas). */
  readonly readerHost: string;
  readonly port: number;
  readonly name: string;
}

export interface AppWiring {
  readonly region: string;
  readonly database: DatabaseEndpoints;
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
  /** The port the dashboard's container listens on (its port mapping). */
  readonly dashboardPort: number;
  /** The load balancer that signs people in (authenticate-oidc) and signs the claims the dashboard verifies. */
  readonly dashboardLoadBalancerArn: string;
}

/** The app components that run as services. */
export type AppComponent = 'worker' | 'dashboard' | 'monitor';

/**
 * The database user each service signs in as: the dashboard's read-only user, or the worker's. The monitor runs the
 * worker's code on its own task queue (it records alerts), so it is the worker for the database.
 */
export function databaseUserOf(component: AppComponent): string {
  return component === 'dashboard' ? DATABASE_USERS.dashboard : DATABASE_USERS.worker;
}

export interface ContainerEnvironmentVariable {
  readonly name: string;
  readonly value: string;
}

export interface ContainerSecret {
  readonly name: string;
  readonly valueFrom: string;
}

/** A database URL with no password: the password comes from an IAM token (services) or DATABASE_PASSWORD (bootstrap). */
export function databaseUrl(user: string, host: string, database: DatabaseEndpoints): string {
  return `mysql://${user}@${host}:${database.port}/${database.name}`;
}

/**
 * TLS verified against the Amazon RDS CA bundle (the cluster refuses anything else: require_secure_transport).
 * The services sign in with IAM tokens, which the SDK signs for AWS_REGION with the task role's credentials.
 */
function databaseConnection(region: string, auth: 'iam' | 'password'): Record<string, string> {
  return { DATABASE_TLS: 'verify', DATABASE_TLS_CA: 'rds', DATABASE_AUTH: auth, AWS_REGION: region };
}

/**
 * Plain settings of a service. The worker (and the monitor) write through the writer endpoint as the worker user; the
 * dashboard reads through the reader endpoint as the read-only user (as DASHBOARD_DATABASE_URL, and as DATABASE_URL
 * so that nothing in its process can reach the database any other way). S3_ENDPOINT=aws: the regional endpoint and
 * the task role.
 */
export function containerEnvironment(wiring: AppWiring, component: AppComponent): ContainerEnvironmentVariable[] {
  const db = wiring.database;
  const url = databaseUrl(databaseUserOf(component), component === 'dashboard' ? db.readerHost : db.writerHost, db);
  const entries: Record<string, string> = {
    DATABASE_URL: url,
    // The dashboard listens on all of the task's interfaces (its security group decides who reaches it).
    // Sign-in happens at the load balancer's HTTPS listener; the dashboard trusts only claims that load balancer
    // signed, and sets its cookies Secure (people reach it over HTTPS only).
    ...(component === 'dashboard'
      ? {
        DASHBOARD_DATABASE_URL: url, DASHBOARD_HOST: '0.0.0.0', DASHBOARD_PORT: String(wiring.dashboardPort),
        DASHBOARD_AUTH: 'alb-oidc', DASHBOARD_ALB_ARN: wiring.dashboardLoadBalancerArn, DASHBOARD_COOKIE_SECURE: 'true',
      }
      : {}),
    ...databaseConnection(wiring.region, 'iam'),
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
  return asVariables(entries);
}

/** Secrets ECS injects into a service at task start; each is readable only by the service's execution role. */
export function containerSecrets(wiring: AppWiring): ContainerSecret[] {
  return [{ name: 'REDIS_URL', valueFrom: wiring.redisUrlSecretArn }];
}

/** The secret ARNs a service's execution role must be able to read for `containerSecrets`. */
export function secretArnsOf(wiring: AppWiring): string[] {
  return [wiring.redisUrlSecretArn];
}

/** The bootstrap task signs in as the master user, whose password ECS injects from the RDS-managed secret. */
export function bootstrapEnvironment(wiring: AppWiring, masterUsername: string): ContainerEnvironmentVariable[] {
  const db = wiring.database;
  return asVariables({ DATABASE_URL: databaseUrl(masterUsername, db.writerHost, db), ...databaseConnection(wiring.region, 'password') });
}

export function bootstrapSecrets(masterSecretArn: string): ContainerSecret[] {
  return [{ name: 'DATABASE_PASSWORD', valueFrom: `${masterSecretArn}:password::` }];
}

function asVariables(entries: Record<string, string>): ContainerEnvironmentVariable[] {
  return Object.entries(entries).map(([name, value]) => ({ name, value }));
}
