// The consolidated contact store: Aurora MySQL 3, one writer and two readers across AZs, encrypted, TLS only, IAM sign-in, backed up daily, audited.
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import { DbSubnetGroup } from '@cdktn/provider-aws/lib/db-subnet-group';
import { RdsCluster } from '@cdktn/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktn/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktn/provider-aws/lib/rds-cluster-parameter-group';
import { type InfraConfig } from './config';
import { MYSQL_PORT } from './security-groups';

/** The architecture asks for exactly two read replicas next to the writer. */
const READ_REPLICA_COUNT = 2;
const LOG_EXPORTS = ['audit', 'error', 'slowquery'] as const;
/** Aurora's internal management user: its connections are continuous health checks; every other user is audited. */
const AUDIT_EXCLUDED_USERS = 'rdsadmin';

export interface DatabaseProps {
  readonly config: InfraConfig;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  /** Key of the exported log groups. */
  readonly logsKeyArn: string;
}

export class Database extends Construct {
  readonly cluster: RdsCluster;
  readonly writer: RdsClusterInstance;
  readonly readers: RdsClusterInstance[];
  readonly clusterIdentifier: string;
  /** The DB subnet group; the snapshot validation's temporary clusters are placed in it too. */
  readonly subnetGroupName: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const { config } = props;
    const db = config.database;
    const prod = config.environment === 'prod';
    this.clusterIdentifier = config.namePrefix;

    const subnets = new DbSubnetGroup(this, 'subnets', {
      name: `${config.namePrefix}-aurora`,
      subnetIds: props.subnetIds,
      description: 'Private subnets only',
    });
    this.subnetGroupName = subnets.name;
    const parameters = new RdsClusterParameterGroup(this, 'cluster-parameters', {
      name: `${config.namePrefix}-aurora-mysql8`,
      family: 'aurora-mysql8.0',
      description: 'TLS only; audit and slow-query logging to CloudWatch',
      parameter: [
        // Connections without TLS are refused; IAM sign-in tokens, in particular, never cross the network in clear.
        { name: 'require_secure_transport', value: 'ON' },
        { name: 'server_audit_logging', value: '1' },
        { name: 'server_audit_events', value: db.auditEvents.join(',') },
        { name: 'server_audit_excl_users', value: AUDIT_EXCLUDED_USERS },
        { name: 'slow_query_log', value: '1' },
        { name: 'long_query_time', value: String(db.longQueryTimeSeconds) },
        { name: 'log_output', value: 'FILE' },
        // The suppression log's append-only triggers (db/migrations/020) are created by the migrating user, who has no
        // SUPER on Aurora: with binary logging on (a replica or CDC), CREATE TRIGGER needs this.
        { name: 'log_bin_trust_function_creators', value: '1' },
      ],
    });
    // Pre-created so exported logs get a retention and the logs key instead of living forever under no key of ours.
    const logGroups = LOG_EXPORTS.map(
      (kind) =>
        new CloudwatchLogGroup(this, `log-${kind}`, {
          name: `/aws/rds/cluster/${this.clusterIdentifier}/${kind}`,
          retentionInDays: kind === 'audit' ? config.securityLogs.retentionDays : config.compute.logRetentionDays,
          kmsKeyId: props.logsKeyArn,
        }),
    );

    this.cluster = new RdsCluster(this, 'cluster', {
      clusterIdentifier: this.clusterIdentifier,
      engine: 'aurora-mysql',
      engineVersion: db.engineVersion,
      databaseName: db.databaseName,
      masterUsername: db.masterUsername,
      // RDS generates, stores and rotates the password in Secrets Manager; it never enters Terraform state.
      manageMasterUserPassword: true,
      // The services sign in as their own users with short-lived IAM tokens: no service password exists anywhere.
      iamDatabaseAuthenticationEnabled: true,
      port: MYSQL_PORT,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [props.securityGroupId],
      dbClusterParameterGroupName: parameters.name,
      storageEncrypted: true,
      backupRetentionPeriod: db.backupRetentionDays,
      preferredBackupWindow: db.backupWindow,
      preferredMaintenanceWindow: db.maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: db.deletionProtection,
      skipFinalSnapshot: !prod,
      finalSnapshotIdentifier: prod ? `${this.clusterIdentifier}-final` : undefined,
      enabledCloudwatchLogsExports: [...LOG_EXPORTS],
      dependsOn: logGroups,
    });

    const zones = config.network.zones;
    const instance = (name: string, zoneIndex: number, promotionTier: number, dependsOn: RdsClusterInstance[]) =>
      new RdsClusterInstance(this, name, {
        identifier: `${this.clusterIdentifier}-${name}`,
        clusterIdentifier: this.cluster.id,
        engine: this.cluster.engine,
        engineVersion: this.cluster.engineVersion,
        instanceClass: db.instanceClass,
        availabilityZone: zones[zoneIndex % zones.length]!.availabilityZone,
        promotionTier,
        publiclyAccessible: false,
        dbSubnetGroupName: subnets.name,
        copyTagsToSnapshot: true,
        autoMinorVersionUpgrade: true,
        performanceInsightsEnabled: db.performanceInsights,
        tags: { Role: promotionTier === 0 ? 'writer' : 'reader' },
        dependsOn,
      });

    // Created first, the writer takes the writer role; readers fail over to it in promotion-tier order.
    this.writer = instance('writer', 0, 0, []);
    this.readers = Array.from({ length: READ_REPLICA_COUNT }, (_, i) => instance(`reader-${i + 1}`, i + 1, 1, [this.writer]));
  }

  get instances(): RdsClusterInstance[] {
    return [this.writer, ...this.readers];
  }

  /** The cluster's resource id, which IAM database authentication ARNs (`rds-db:connect`) name. */
  get clusterResourceId(): string {
    return this.cluster.clusterResourceId;
  }

  /** The Secrets Manager secret RDS keeps the master credentials in (JSON with username and password). */
  get masterSecretArn(): string {
    return this.cluster.masterUserSecret.get(0).secretArn;
  }
}
