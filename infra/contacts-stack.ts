// One environment of the platform as a Terraform stack: wires keys, network, storage, database, cache, Glue, compute and alarms together.
import { type Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktn';
import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktn/provider-aws/lib/data-aws-partition';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Alarms } from './alarms';
import { Alerts } from './alerts';
import { Cache } from './cache';
import { Compute } from './compute';
import { type InfraConfig, TERRAFORM_REQUIRED_VERSION } from './config';
import { Database } from './database';
import { DashboardLoadBalancer } from './dashboard-load-balancer';
import { GlueCatalog } from './glue-catalog';
import { createLogsKey } from './logs-key';
import { Network } from './network';
import { type AwsContext } from './policy-documents';
import { MYSQL_PORT, SecurityGroups } from './security-groups';
import { configureStateBackend } from './state-backend';
import { Storage } from './storage';

export function stackName(config: InfraConfig): string {
  return config.namePrefix;
}

export class ContactsStack extends TerraformStack {
  constructor(scope: Construct, config: InfraConfig) {
    super(scope, stackName(config));
    this.addOverride('terraform.required_version', TERRAFORM_REQUIRED_VERSION);

    new AwsProvider(this, 'aws', { region: config.region, defaultTags: [{ tags: { ...config.tags } }] });
    configureStateBackend(this, config.backend);
    // Data sources resolve at plan time, so synth needs neither credentials nor network.
    const aws: AwsContext = {
      accountId: new DataAwsCallerIdentity(this, 'account').accountId,
      partition: new DataAwsPartition(this, 'partition').partition,
      region: config.region,
    };

    const logsKey = createLogsKey(this, 'logs-key', config, aws);
    const storage = new Storage(this, 'storage', { config, aws });
    const network = new Network(this, 'network', { config, aws, bucketArns: [storage.raw.arn, storage.processed.arn], logsKeyArn: logsKey.arn });
    const groups = new SecurityGroups(this, 'security-groups', { config, vpcId: network.vpc.id });
    const alerts = new Alerts(this, 'alerts', { config, aws });

    const database = new Database(this, 'database', {
      config,
      subnetIds: network.privateSubnetIds,
      securityGroupId: groups.database.id,
      logsKeyArn: logsKey.arn,
    });
    const cache = new Cache(this, 'cache', { config, subnetIds: network.privateSubnetIds, securityGroupId: groups.cache.id });

    const glue = new GlueCatalog(this, 'glue', {
      config,
      aws,
      processedBucketName: storage.processed.name,
      processedBucketArn: storage.processed.arn,
      kmsKeyArn: storage.key.arn,
      alertTopicArn: alerts.topicArn,
    });
    alerts.allowPublishers(glue.failureRule.arn, aws);

    const dashboardLb = new DashboardLoadBalancer(this, 'dashboard-lb', {
      config,
      vpcId: network.vpc.id,
      subnetIds: network.privateSubnetIds,
      securityGroupId: groups.dashboardLoadBalancer.id,
      logBucketName: storage.logs.name,
      logBucketPolicy: storage.logsPolicy,
    });

    const compute = new Compute(this, 'compute', {
      config,
      aws,
      subnetIds: network.privateSubnetIds,
      workerSecurityGroupId: groups.worker.id,
      dashboardSecurityGroupId: groups.dashboard.id,
      dashboardTargets: { targetGroupArn: dashboardLb.targetGroup.arn, listeners: [dashboardLb.https, dashboardLb.http] },
      rawBucketArn: storage.raw.arn,
      processedBucketArn: storage.processed.arn,
      kmsKeyArn: storage.key.arn,
      logsKeyArn: logsKey.arn,
      databaseClusterArn: database.cluster.arn,
      databaseClusterIdentifier: database.clusterIdentifier,
      databaseClusterResourceId: database.clusterResourceId,
      databaseMasterSecretArn: database.masterSecretArn,
      alertsKeyArn: alerts.key.arn,
      wiring: {
        region: config.region,
        database: {
          writerHost: database.cluster.endpoint,
          readerHost: database.cluster.readerEndpoint,
          port: MYSQL_PORT,
          name: config.database.databaseName,
        },
        redisUrlSecretArn: cache.redisUrlSecret.arn,
        rawBucket: storage.raw.name,
        processedBucket: storage.processed.name,
        temporal: config.temporal,
        metricsNamespace: config.compute.metricsNamespace,
        alertTopicArn: alerts.topicArn,
        dashboardPort: config.compute.dashboard.port,
        dashboardLoadBalancerArn: dashboardLb.loadBalancer.arn,
        snapshots: { clusterIdentifier: database.clusterIdentifier, subnetGroupName: database.subnetGroupName, securityGroupId: groups.database.id },
      },
    });

    new Alarms(this, 'alarms', {
      config,
      topicArn: alerts.topicArn,
      clusterIdentifier: database.cluster.id,
      writer: database.writer,
      readers: database.readers,
      glueFailureRuleName: glue.failureRule.name,
      metricsNamespace: config.compute.metricsNamespace,
    });

    const outputs: Record<string, string | string[]> = {
      aurora_writer_endpoint: database.cluster.endpoint,
      aurora_reader_endpoint: database.cluster.readerEndpoint,
      aurora_master_secret_arn: database.masterSecretArn,
      redis_primary_endpoint: cache.replicationGroup.primaryEndpointAddress,
      redis_url_secret_arn: cache.redisUrlSecret.arn,
      raw_bucket: storage.raw.name,
      processed_bucket: storage.processed.name,
      ecr_repository_url: compute.repository.repositoryUrl,
      ecs_cluster: compute.cluster.name,
      db_bootstrap_task_definition: compute.bootstrap.taskDefinition.arn,
      // `aws ecs run-task` of the bootstrap task runs in these subnets with the worker's security group.
      private_subnet_ids: network.privateSubnetIds,
      worker_security_group_id: groups.worker.id,
      log_bucket: storage.logs.name,
      glue_database: glue.database.name,
      alert_topic_arn: alerts.topicArn,
      // Point the dashboard's DNS name (the certificate's) at this; it resolves to private addresses only.
      dashboard_load_balancer_dns_name: dashboardLb.loadBalancer.dnsName,
    };
    for (const [name, value] of Object.entries(outputs)) new TerraformOutput(this, name, { value });
  }
}
