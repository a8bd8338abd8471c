// Where the app runs: an ECS cluster with the Temporal worker and the dashboard as Fargate services, the one-off database bootstrap task, and the image repository they pull from.
import { Construct } from 'constructs';
import { type ITerraformDependable } from 'cdktn';
import { EcrRepository } from '@cdktn/provider-aws/lib/ecr-repository';
import { EcsCluster } from '@cdktn/provider-aws/lib/ecs-cluster';
import { type InfraConfig } from './config';
import { type AppWiring, databaseUserOf } from './container-environment';
import { DatabaseBootstrapTask } from './database-bootstrap-task';
import { FargateService } from './fargate-service';
import { type AwsContext } from './policy-documents';
import { dashboardTaskPolicy, databaseUserArn, monitorTaskPolicy, workerTaskPolicy } from './service-policies';

/** Fargate's maximum; lets the worker drain in-flight activities before it stops. */
const WORKER_STOP_TIMEOUT_SECONDS = 120;
const DASHBOARD_STOP_TIMEOUT_SECONDS = 30;

export interface ComputeProps {
  readonly config: InfraConfig;
  readonly aws: AwsContext;
  readonly subnetIds: string[];
  readonly workerSecurityGroupId: string;
  readonly dashboardSecurityGroupId: string;
  /** The dashboard load balancer's target group, and its listeners (the service registers only once they exist). */
  readonly dashboardTargets: { readonly targetGroupArn: string; readonly listeners: readonly ITerraformDependable[] };
  readonly wiring: AppWiring;
  readonly rawBucketArn: string;
  readonly processedBucketArn: string;
  readonly kmsKeyArn: string;
  readonly logsKeyArn: string;
  readonly databaseClusterArn: string;
  readonly databaseClusterIdentifier: string;
  readonly databaseClusterResourceId: string;
  readonly databaseMasterSecretArn: string;
  /** Key of the alerts topic: publishing to it takes the key (through SNS). */
  readonly alertsKeyArn: string;
}

export class Compute extends Construct {
  readonly repository: EcrRepository;
  readonly cluster: EcsCluster;
  readonly worker: FargateService;
  readonly dashboard: FargateService;
  readonly monitor: FargateService;
  readonly bootstrap: DatabaseBootstrapTask;

  constructor(scope: Construct, id: string, props: ComputeProps) {
    super(scope, id);
    const { config, aws } = props;
    const compute = config.compute;

    this.repository = new EcrRepository(this, 'repository', {
      name: config.namePrefix,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      forceDelete: config.environment !== 'prod',
    });
    const image = compute.imageUri ?? `${this.repository.repositoryUrl}:${compute.imageTag}`;

    this.cluster = new EcsCluster(this, 'cluster', {
      name: config.namePrefix,
      setting: [{ name: 'containerInsights', value: compute.containerInsights ? 'enabled' : 'disabled' }],
    });

    const shared = {
      config,
      aws,
      clusterArn: this.cluster.arn,
      image,
      repositoryArn: this.repository.arn,
      subnetIds: props.subnetIds,
      wiring: props.wiring,
      logsKeyArn: props.logsKeyArn,
    };
    const userArn = (user: string) => databaseUserArn(aws, props.databaseClusterResourceId, user);
    const alerts = { topicArn: props.wiring.alertTopicArn, keyArn: props.alertsKeyArn };
    this.worker = new FargateService(this, 'worker', {
      ...shared,
      component: 'worker',
      service: compute.worker,
      stopTimeoutSeconds: WORKER_STOP_TIMEOUT_SECONDS,
      securityGroupId: props.workerSecurityGroupId,
      taskPolicy: workerTaskPolicy(
        {
          rawBucketArn: props.rawBucketArn,
          processedBucketArn: props.processedBucketArn,
          kmsKeyArn: props.kmsKeyArn,
          clusterArn: props.databaseClusterArn,
          clusterIdentifier: props.databaseClusterIdentifier,
          databaseUser: databaseUserOf('worker'),
          databaseUserArn: userArn(databaseUserOf('worker')),
          subnetGroupName: props.wiring.snapshots.subnetGroupName,
          metricsNamespace: compute.metricsNamespace,
          alerts,
        },
        aws,
      ),
    });
    this.dashboard = new FargateService(this, 'dashboard', {
      ...shared,
      component: 'dashboard',
      service: compute.dashboard,
      port: compute.dashboard.port,
      loadBalancer: { ...props.dashboardTargets, containerPort: compute.dashboard.port },
      stopTimeoutSeconds: DASHBOARD_STOP_TIMEOUT_SECONDS,
      securityGroupId: props.dashboardSecurityGroupId,
      taskPolicy: dashboardTaskPolicy(
        {
          processedBucketArn: props.processedBucketArn,
          kmsKeyArn: props.kmsKeyArn,
          databaseUserArn: userArn(databaseUserOf('dashboard')),
          metricsNamespace: compute.metricsNamespace,
        },
        aws,
      ),
    });
    // Apart from the workers it watches: it is what notices that no worker polls (its queue is <task queue>-monitor).
    this.monitor = new FargateService(this, 'monitor', {
      ...shared,
      component: 'monitor',
      service: compute.monitor,
      stopTimeoutSeconds: DASHBOARD_STOP_TIMEOUT_SECONDS,
      securityGroupId: props.workerSecurityGroupId,
      taskPolicy: monitorTaskPolicy(
        { metricsNamespace: compute.metricsNamespace, alerts, databaseUserArn: userArn(databaseUserOf('monitor')) },
        aws,
      ),
    });
    this.bootstrap = new DatabaseBootstrapTask(this, 'db-bootstrap', {
      config,
      aws,
      image,
      repositoryArn: this.repository.arn,
      wiring: props.wiring,
      masterSecretArn: props.databaseMasterSecretArn,
      logsKeyArn: props.logsKeyArn,
    });
  }
}
