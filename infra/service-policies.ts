// Least-privilege permission policies per component (worker, dashboard, task execution, Glue crawler), as pure functions of resource ARNs.
import {
  type AwsContext,
  type PolicyDocument,
  type PolicyStatement,
  policyDocument,
  S3_BUCKET_LIST,
  S3_OBJECT_READ_WRITE,
} from './policy-documents';

/** The processed-zone prefix the dashboard may read (reconciliation reports). */
const DASHBOARD_REPORTS_PREFIX = 'reports/';

/** Use of the data key, only on behalf of S3 in this region (not directly by the principal). */
function bucketKeyStatement(kmsKeyArn: string, actions: readonly string[], aws: AwsContext): PolicyStatement {
  return {
    Sid: 'UseBucketKeyThroughS3',
    Effect: 'Allow',
    Action: actions,
    Resource: kmsKeyArn,
    Condition: { StringEquals: { 'kms:ViaService': `s3.${aws.region}.amazonaws.com` } },
  };
}

function putMetricsStatement(namespace: string): PolicyStatement {
  // PutMetricData supports no resource-level scoping; the namespace condition is the boundary.
  return {
    Sid: 'PublishAppMetrics',
    Effect: 'Allow',
    Action: 'cloudwatch:PutMetricData',
    Resource: '*',
    Condition: { StringEquals: { 'cloudwatch:namespace': namespace } },
  };
}

/** The IAM identity of one database user of the cluster, as `rds-db:connect` names it. */
export function databaseUserArn(aws: AwsContext, clusterResourceId: string, user: string): string {
  return `arn:${aws.partition}:rds-db:${aws.region}:${aws.accountId}:dbuser:${clusterResourceId}/${user}`;
}

/** IAM database authentication: sign in to the cluster as this one database user (no password exists for it). */
function connectAsStatement(userArn: string): PolicyStatement {
  return { Sid: 'SignInAsOwnDatabaseUser', Effect: 'Allow', Action: 'rds-db:connect', Resource: userArn };
}

/** The alerts topic and the key it is encrypted with: a publisher needs the key, used through SNS only. */
export interface AlertTopic {
  readonly topicArn: string;
  readonly keyArn: string;
}

function publishAlertsStatements(alerts: AlertTopic, aws: AwsContext): PolicyStatement[] {
  return [
    { Sid: 'PublishAlerts', Effect: 'Allow', Action: 'sns:Publish', Resource: alerts.topicArn },
    {
      Sid: 'UseAlertsKeyThroughSns',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: alerts.keyArn,
      Condition: { StringEquals: { 'kms:ViaService': `sns.${aws.region}.amazonaws.com` } },
    },
  ];
}

export interface MonitorPolicyInput {
  readonly metricsNamespace: string;
  readonly alerts: AlertTopic;
  /** databaseUserArn(...) of the user it records alerts as (the worker's: it runs the worker's code). */
  readonly databaseUserArn: string;
}

/** The monitor reads Temporal (network, not IAM), signs in to the database, publishes its metrics and alerts, and nothing else. */
export function monitorTaskPolicy(input: MonitorPolicyInput, aws: AwsContext): PolicyDocument {
  return policyDocument(putMetricsStatement(input.metricsNamespace), ...publishAlertsStatements(input.alerts, aws), connectAsStatement(input.databaseUserArn));
}

/**
 * The daily snapshot workflow (activities/snapshots/aws-snapshots.ts): manual snapshots `<cluster>-snap-*` of the one
 * cluster (create, tag, describe, delete), and temporary validation clusters `validate-snap-*` with one instance each
 * (restore, describe, delete) in the database's subnet group; for RECOVERY.md's AWS `restore`, recovered clusters
 * `recovered-snap-*` with their writer (restore, describe; never delete: removing one is a person's decision). No
 * other cluster or snapshot can be touched.
 */
function snapshotStatements(input: { clusterArn: string; clusterIdentifier: string; subnetGroupName: string; databaseUser: string }, aws: AwsContext): PolicyStatement[] {
  const rds = (kind: string, name: string) => `arn:${aws.partition}:rds:${aws.region}:${aws.accountId}:${kind}:${name}`;
  const ownSnapshots = rds('cluster-snapshot', `${input.clusterIdentifier}-snap-*`);
  const validationClusters = rds('cluster', 'validate-snap-*');
  const validationInstances = rds('db', 'validate-snap-*');
  const recoveredClusters = rds('cluster', 'recovered-snap-*');
  const recoveredInstances = rds('db', 'recovered-snap-*');
  return [
    { Sid: 'TakeClusterSnapshots', Effect: 'Allow', Action: ['rds:CreateDBClusterSnapshot'], Resource: [input.clusterArn, ownSnapshots] },
    {
      Sid: 'ManageOwnSnapshots',
      Effect: 'Allow',
      Action: ['rds:DescribeDBClusterSnapshots', 'rds:DeleteDBClusterSnapshot', 'rds:AddTagsToResource'],
      Resource: [ownSnapshots],
    },
    {
      Sid: 'ValidationClusters',
      Effect: 'Allow',
      Action: ['rds:RestoreDBClusterFromSnapshot', 'rds:DescribeDBClusters', 'rds:DeleteDBCluster', 'rds:AddTagsToResource'],
      Resource: [validationClusters, ownSnapshots, rds('subgrp', input.subnetGroupName)],
    },
    {
      Sid: 'ValidationInstances',
      Effect: 'Allow',
      Action: ['rds:CreateDBInstance', 'rds:DescribeDBInstances', 'rds:DeleteDBInstance', 'rds:AddTagsToResource'],
      Resource: [validationInstances, validationClusters, rds('subgrp', input.subnetGroupName)],
    },
    {
      Sid: 'RecoveredClusters',
      Effect: 'Allow',
      Action: ['rds:RestoreDBClusterFromSnapshot', 'rds:DescribeDBClusters', 'rds:AddTagsToResource'],
      Resource: [recoveredClusters, ownSnapshots, rds('subgrp', input.subnetGroupName)],
    },
    {
      Sid: 'RecoveredInstances',
      Effect: 'Allow',
      Action: ['rds:CreateDBInstance', 'rds:DescribeDBInstances', 'rds:AddTagsToResource'],
      Resource: [recoveredInstances, recoveredClusters, rds('subgrp', input.subnetGroupName)],
    },
    {
      // A restored cluster gets a new resource id, unknown until it exists: validation signs in as the same database
      // user on any cluster of this account and region (the network admits only this stack's clusters).
      Sid: 'SignInToValidationClusters',
      Effect: 'Allow',
      Action: 'rds-db:connect',
      Resource: `arn:${aws.partition}:rds-db:${aws.region}:${aws.accountId}:dbuser:cluster-*/${input.databaseUser}`,
    },
  ];
}

export interface WorkerPolicyInput {
  readonly rawBucketArn: string;
  readonly processedBucketArn: string;
  readonly kmsKeyArn: string;
  readonly clusterArn: string;
  readonly clusterIdentifier: string;
  /** The worker's database user, and databaseUserArn(...) of it on the cluster. */
  readonly databaseUser: string;
  readonly databaseUserArn: string;
  /** The DB subnet group the snapshot validation restores its temporary cluster into. */
  readonly subnetGroupName: string;
  readonly metricsNamespace: string;
  /** Import anomalies and snapshot validation failures alert from the worker. */
  readonly alerts: AlertTopic;
}

/** The worker signs in as its database user, reads and writes both zones, reads cluster and snapshot metadata for backup validation, and nothing else. */
export function workerTaskPolicy(input: WorkerPolicyInput, aws: AwsContext): PolicyDocument {
  const buckets = [input.rawBucketArn, input.processedBucketArn];
  return policyDocument(
    { Sid: 'ListDataBuckets', Effect: 'Allow', Action: S3_BUCKET_LIST, Resource: buckets },
    { Sid: 'ReadWriteDataObjects', Effect: 'Allow', Action: S3_OBJECT_READ_WRITE, Resource: buckets.map((arn) => `${arn}/*`) },
    bucketKeyStatement(input.kmsKeyArn, ['kms:Decrypt', 'kms:GenerateDataKey'], aws),
    connectAsStatement(input.databaseUserArn),
    {
      Sid: 'DescribeClusterBackups',
      Effect: 'Allow',
      Action: ['rds:DescribeDBClusters', 'rds:DescribeDBClusterSnapshots'],
      Resource: [
        input.clusterArn,
        `arn:${aws.partition}:rds:${aws.region}:${aws.accountId}:cluster-snapshot:rds:${input.clusterIdentifier}-*`,
      ],
    },
    ...snapshotStatements(input, aws),
    putMetricsStatement(input.metricsNamespace),
    ...publishAlertsStatements(input.alerts, aws),
  );
}

export interface DashboardPolicyInput {
  readonly processedBucketArn: string;
  readonly kmsKeyArn: string;
  /** databaseUserArn(...) of the dashboard's read-only database user. */
  readonly databaseUserArn: string;
  readonly metricsNamespace: string;
}

/** The dashboard signs in as its read-only database user and reads reports from the processed zone. */
export function dashboardTaskPolicy(input: DashboardPolicyInput, aws: AwsContext): PolicyDocument {
  return policyDocument(
    { Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: `${input.processedBucketArn}/${DASHBOARD_REPORTS_PREFIX}*` },
    bucketKeyStatement(input.kmsKeyArn, ['kms:Decrypt'], aws),
    connectAsStatement(input.databaseUserArn),
    putMetricsStatement(input.metricsNamespace),
  );
}

export interface ExecutionPolicyInput {
  readonly repositoryArn: string;
  readonly logGroupArn: string;
  readonly secretArns: readonly string[];
}

/** What ECS needs to start one task: pull its image, write its log group, read its own secrets. */
export function taskExecutionPolicy(input: ExecutionPolicyInput): PolicyDocument {
  return policyDocument(
    // GetAuthorizationToken is account-wide by design; it grants no image access by itself.
    { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    {
      Sid: 'PullImage',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Resource: input.repositoryArn,
    },
    { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${input.logGroupArn}:*` },
    { Sid: 'ReadOwnSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: input.secretArns },
  );
}

/** VPC flow-log delivery: create streams in and write to its one log group. */
export function flowLogsDeliveryPolicy(logGroupArn: string): PolicyDocument {
  return policyDocument({
    Sid: 'WriteFlowLogGroup',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    Resource: [logGroupArn, `${logGroupArn}:*`],
  });
}

export interface GlueCrawlerPolicyInput {
  readonly processedBucketArn: string;
  readonly kmsKeyArn: string;
  readonly databaseName: string;
}

/** The crawler reads the processed zone and maintains tables in its own catalog database only. */
export function glueCrawlerPolicy(input: GlueCrawlerPolicyInput, aws: AwsContext): PolicyDocument {
  const glueArn = (resource: string) => `arn:${aws.partition}:glue:${aws.region}:${aws.accountId}:${resource}`;
  return policyDocument(
    { Sid: 'ListProcessedZone', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: input.processedBucketArn },
    { Sid: 'ReadProcessedObjects', Effect: 'Allow', Action: 's3:GetObject', Resource: `${input.processedBucketArn}/*` },
    bucketKeyStatement(input.kmsKeyArn, ['kms:Decrypt'], aws),
    {
      Sid: 'MaintainCatalogTables',
      Effect: 'Allow',
      Action: [
        'glue:GetDatabase',
        'glue:GetTable',
        'glue:GetTables',
        'glue:CreateTable',
        'glue:UpdateTable',
        'glue:GetPartition',
        'glue:GetPartitions',
        'glue:BatchGetPartition',
        'glue:CreatePartition',
        'glue:BatchCreatePartition',
        'glue:UpdatePartition',
        'glue:BatchUpdatePartition',
      ],
      Resource: [glueArn('catalog'), glueArn(`database/${input.databaseName}`), glueArn(`table/${input.databaseName}/*`)],
    },
    {
      Sid: 'WriteCrawlerLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `arn:${aws.partition}:logs:${aws.region}:${aws.accountId}:log-group:/aws-glue/crawlers:*`,
    },
  );
}
