// Where the app runs: an ECS cluster with the Temporal worker and the dashboard as Fargate services, and the image repository they pull from.
import { Construct } from 'constructs';
import { EcrRepository } from '@cdktn/provider-aws/lib/ecr-repository';
import { EcsCluster } from '@cdktn/provider-aws/lib/ecs-cluster';
import { type InfraConfig } from './config';
import { type AppWiring } from './container-environment';
import { FargateService } from './fargate-service';
import { type AwsContext } from './policy-documents';
import { dashboardTaskPolicy, monitorTaskPolicy, workerTaskPolicy } from './service-policies';

/** Fargate's maximum; lets the worker drain in-flight activities before it stops. */
const WORKER_STOP_TIMEOUT_SECONDS = 120;
const DASHBOARD_STOP_TIMEOUT_SECONDS = 30;

export interface ComputeProps {
  readonly config: InfraConfig;
  readonly aws: AwsContext;
  readonly subnetIds: string[];
  readonly workerSecurityGroupId: string;
  readonly dashboardSecurityGroupId: string;
  readonly wiring: AppWiring;
  readonly rawBucketArn: string;
  readonly processedBucketArn: string;
  readonly kmsKeyArn: string;
  readonly databaseClusterArn: string;
  readonly databaseClusterIdentifier: string;
}

export class Compute extends Construct {
  readonly repository: EcrRepository;
  readonly cluster: EcsCluster;
  readonly worker: FargateService;
  readonly dashboard: FargateService;
  readonly monitor: FargateService;

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
    };
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
          subnetGroupName: props.wiring.snapshots.subnetGroupName,
          metricsNamespace: compute.metricsNamespace,
          alertTopicArn: props.wiring.alertTopicArn,
        },
        aws,
      ),
    });
    this.dashboard = new FargateService(this, 'dashboard', {
      ...shared,
      component: 'dashboard',
      service: compute.dashboard,
      port: compute.dashboard.port,
      stopTimeoutSeconds: DASHBOARD_STOP_TIMEOUT_SECONDS,
      securityGroupId: props.dashboardSecurityGroupId,
      taskPolicy: dashboardTaskPolicy(
        { processedBucketArn: props.processedBucketArn, kmsKeyArn: props.kmsKeyArn, metricsNamespace: compute.metricsNamespace },
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
      taskPolicy: monitorTaskPolicy({ metricsNamespace: compute.metricsNamespace, alertTopicArn: props.wiring.alertTopicArn }),
    });
  }
}
