// Typed per-environment settings for the infrastructure, so dev and prod differ only in data, never in code paths.

export type EnvironmentName = 'dev' | 'prod';

/** Terraform/OpenTofu releases the synthesized config supports (S3 native state locking needs 1.10). */
export const TERRAFORM_TARGET_VERSIONS = { terraform: '>=1.10.0', opentofu: '>=1.10.0' } as const;
export const TERRAFORM_REQUIRED_VERSION = '>= 1.10.0';
export const ENVIRONMENT_NAMES: readonly EnvironmentName[] = ['dev', 'prod'];

/** One availability zone: its private subnet (services, Aurora, Redis) and its public subnet (NAT gateway only). */
export interface ZoneConfig {
  readonly availabilityZone: string;
  readonly privateCidr: string;
  readonly publicCidr: string;
}

export type StateBackendConfig =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string; readonly region: string };

export interface ServiceConfig {
  /** Fargate task size: cpu units and MiB, as Fargate accepts them. */
  readonly cpu: number;
  readonly memory: number;
  readonly desiredCount: number;
  /** The command the image runs. */
  readonly command: readonly string[];
}

/** The dashboard's internal HTTPS load balancer (infra/dashboard-load-balancer.ts). */
export interface DashboardLoadBalancerConfig {
  readonly deletionProtection: boolean;
  /** Seconds a connection may sit idle (the streamed CSV export writes continuously). */
  readonly idleTimeoutSeconds: number;
  /** How long the load balancer's sign-in session lasts before it asks the OIDC provider again. */
  readonly sessionTimeoutSeconds: number;
}

export interface InfraConfig {
  readonly environment: EnvironmentName;
  /** Prefix of every resource name, e.g. `contacts-dev`. */
  readonly namePrefix: string;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly backend: StateBackendConfig;
  readonly network: {
    readonly vpcCidr: string;
    readonly zones: readonly ZoneConfig[];
    /** One NAT gateway for the VPC (cheap) or one per zone (survives an AZ outage). */
    readonly natGateways: 'single' | 'per-zone';
    /** Who may reach the dashboard's internal load balancer (VPN, office ranges over the private network); never the internet. */
    readonly dashboardIngressCidrs: readonly string[];
  };
  readonly database: {
    readonly engineVersion: string;
    readonly instanceClass: string;
    readonly databaseName: string;
    readonly masterUsername: string;
    readonly backupRetentionDays: number;
    /** UTC, must not overlap the maintenance window. */
    readonly backupWindow: string;
    readonly maintenanceWindow: string;
    readonly longQueryTimeSeconds: number;
    /**
     * What the audit log records (server_audit_events): sign-ins and changes to privileges and schema. Not QUERY_DML:
     * the statements of 84M rows' ingestion would flood it and carry contact values; the data's own history is in
     * record_versions, dedupe_log and change_history.
     */
    readonly auditEvents: readonly string[];
    readonly deletionProtection: boolean;
    readonly performanceInsights: boolean;
  };
  readonly cache: {
    readonly engineVersion: string;
    readonly nodeType: string;
    /** Primary plus replicas; at least 2 for Multi-AZ automatic failover. */
    readonly nodeCount: number;
    readonly snapshotRetentionDays: number;
  };
  readonly storage: {
    readonly rawInfrequentAccessAfterDays: number;
    readonly noncurrentVersionExpirationDays: number;
    readonly kmsDeletionWindowDays: number;
  };
  readonly glue: { readonly crawlerSchedule: string };
  /** The database audit log, VPC flow logs and S3 access logs: kept longer than the operational logs. */
  readonly securityLogs: { readonly retentionDays: number };
  readonly compute: {
    /** Image tag in the stack's ECR repository, or a full image URI to run instead. */
    readonly imageTag: string;
    readonly imageUri?: string;
    readonly worker: ServiceConfig;
    readonly dashboard: ServiceConfig & { readonly port: number; readonly loadBalancer: DashboardLoadBalancerConfig };
    /** The monitor (failed workflows, missed schedules, task queues without a worker): one task, apart from the workers. */
    readonly monitor: ServiceConfig;
    readonly logRetentionDays: number;
    readonly containerInsights: boolean;
    /** CloudWatch namespace the services may publish custom metrics to. */
    readonly metricsNamespace: string;
  };
  readonly temporal: {
    readonly address: string;
    readonly namespace: string;
    readonly taskQueue: string;
    /** Where the Temporal frontend lives, for the services' egress rule. */
    readonly frontendCidrs: readonly string[];
  };
  readonly alerts: {
    readonly emails: readonly string[];
    readonly replicaLagMilliseconds: number;
    readonly cpuPercent: number;
    readonly freeLocalStorageBytes: number;
    readonly connections: number;
  };
}

const GIB = 1024 ** 3;
const WORKER_COMMAND = ['npm', 'run', 'worker'] as const;
const DASHBOARD_COMMAND = ['npm', 'run', 'dashboard'] as const;
const MONITOR_COMMAND = ['npm', 'run', 'monitor'] as const;

function baseConfig(environment: EnvironmentName, vpcOctet: number): Omit<InfraConfig, 'network' | 'database' | 'cache' | 'compute' | 'alerts'> {
  const namePrefix = `contacts-${environment}`;
  return {
    environment,
    namePrefix,
    region: 'us-east-1',
    tags: { Project: 'contact-consolidation', Environment: environment, ManagedBy: 'cdktn' },
    backend: { kind: 'local', path: `terraform.${namePrefix}.tfstate` },
    storage: { rawInfrequentAccessAfterDays: 30, noncurrentVersionExpirationDays: 90, kmsDeletionWindowDays: environment === 'prod' ? 30 : 7 },
    glue: { crawlerSchedule: 'cron(0 6 * * ? *)' },
    securityLogs: { retentionDays: environment === 'prod' ? 365 : 30 },
    temporal: {
      address: `temporal.${namePrefix}.internal:7233`,
      namespace: 'contacts',
      taskQueue: 'contacts-migration',
      frontendCidrs: [`10.${vpcOctet}.0.0/16`],
    },
  };
}

function zones(vpcOctet: number, names: readonly string[]): ZoneConfig[] {
  return names.map((availabilityZone, i) => ({
    availabilityZone,
    privateCidr: `10.${vpcOctet}.${i * 32}.0/19`,
    publicCidr: `10.${vpcOctet}.${200 + i}.0/24`,
  }));
}

const DEV: InfraConfig = {
  ...baseConfig('dev', 20),
  network: {
    vpcCidr: '10.20.0.0/16',
    zones: zones(20, ['us-east-1a', 'us-east-1b']),
    natGateways: 'single',
    dashboardIngressCidrs: ['10.20.0.0/16'],
  },
  database: {
    engineVersion: '8.0.mysql_aurora.3.08.2',
    instanceClass: 'db.t4g.medium',
    databaseName: 'contacts',
    masterUsername: 'contacts_admin',
    backupRetentionDays: 7,
    backupWindow: '03:00-04:00',
    maintenanceWindow: 'sun:05:00-sun:06:00',
    longQueryTimeSeconds: 1,
    auditEvents: ['CONNECT', 'QUERY_DCL', 'QUERY_DDL'],
    deletionProtection: false,
    performanceInsights: false,
  },
  cache: { engineVersion: '7.1', nodeType: 'cache.t4g.small', nodeCount: 2, snapshotRetentionDays: 1 },
  compute: {
    imageTag: 'v0.1.0',
    worker: { cpu: 1024, memory: 2048, desiredCount: 1, command: WORKER_COMMAND },
    dashboard: {
      cpu: 512, memory: 1024, desiredCount: 1, command: DASHBOARD_COMMAND, port: 3000,
      loadBalancer: { deletionProtection: false, idleTimeoutSeconds: 120, sessionTimeoutSeconds: 8 * 3600 },
    },
    monitor: { cpu: 256, memory: 512, desiredCount: 1, command: MONITOR_COMMAND },
    logRetentionDays: 14,
    containerInsights: false,
    metricsNamespace: 'ContactConsolidation',
  },
  alerts: { emails: [], replicaLagMilliseconds: 2000, cpuPercent: 85, freeLocalStorageBytes: 2 * GIB, connections: 80 },
};

const PROD: InfraConfig = {
  ...baseConfig('prod', 30),
  network: {
    vpcCidr: '10.30.0.0/16',
    zones: zones(30, ['us-east-1a', 'us-east-1b', 'us-east-1c']),
    natGateways: 'per-zone',
    dashboardIngressCidrs: ['10.30.0.0/16'],
  },
  database: { ...DEV.database, instanceClass: 'db.r6g.large', deletionProtection: true, performanceInsights: true },
  cache: { engineVersion: '7.1', nodeType: 'cache.r7g.large', nodeCount: 3, snapshotRetentionDays: 7 },
  compute: {
    ...DEV.compute,
    worker: { cpu: 2048, memory: 4096, desiredCount: 3, command: WORKER_COMMAND },
    dashboard: {
      cpu: 1024, memory: 2048, desiredCount: 2, command: DASHBOARD_COMMAND, port: 3000,
      loadBalancer: { deletionProtection: true, idleTimeoutSeconds: 120, sessionTimeoutSeconds: 8 * 3600 },
    },
    logRetentionDays: 90,
    containerInsights: true,
  },
  alerts: { emails: [], replicaLagMilliseconds: 1000, cpuPercent: 80, freeLocalStorageBytes: 5 * GIB, connections: 800 },
};

const CONFIGS: Readonly<Record<EnvironmentName, InfraConfig>> = { dev: DEV, prod: PROD };

export function isEnvironmentName(value: string): value is EnvironmentName {
  return (ENVIRONMENT_NAMES as readonly string[]).includes(value);
}

/**
 * The config for one environment, with the few deploy-time overrides read from `env`:
 * INFRA_IMAGE_TAG, INFRA_TEMPORAL_ADDRESS, and INFRA_STATE_BUCKET (+ INFRA_STATE_REGION) to switch to the S3 backend.
 */
export function loadInfraConfig(environment: EnvironmentName, env: NodeJS.ProcessEnv = {}): InfraConfig {
  const base = CONFIGS[environment];
  const stateBucket = env.INFRA_STATE_BUCKET;
  const backend: StateBackendConfig = stateBucket
    ? { kind: 's3', bucket: stateBucket, key: `${base.namePrefix}/terraform.tfstate`, region: env.INFRA_STATE_REGION || base.region }
    : base.backend;
  return {
    ...base,
    backend,
    compute: { ...base.compute, imageTag: env.INFRA_IMAGE_TAG || base.compute.imageTag },
    temporal: { ...base.temporal, address: env.INFRA_TEMPORAL_ADDRESS || base.temporal.address },
  };
}
