// One app component on Fargate in the private subnets: its log group, its own two roles, task definition and service.
import { Construct } from 'constructs';
import { type ITerraformDependable } from 'cdktn';
import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import { EcsService } from '@cdktn/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktn/provider-aws/lib/ecs-task-definition';
import { type InfraConfig, type ServiceConfig } from './config';
import { type AppComponent, type AppWiring, containerEnvironment, containerSecrets, secretArnsOf } from './container-environment';
import { type AwsContext, type PolicyDocument } from './policy-documents';
import { taskExecutionPolicy } from './service-policies';
import { ServiceRole } from './service-role';

export interface FargateServiceProps {
  readonly config: InfraConfig;
  readonly aws: AwsContext;
  /** Names the service, its roles and its log group, and picks its database user. */
  readonly component: AppComponent;
  readonly service: ServiceConfig;
  readonly port?: number;
  /** Registers the tasks with a load balancer's target group (type ip) on `containerPort`. */
  readonly loadBalancer?: { readonly targetGroupArn: string; readonly containerPort: number; readonly listeners: readonly ITerraformDependable[] };
  /** Seconds ECS waits after SIGTERM; the worker uses it to finish in-flight activities. */
  readonly stopTimeoutSeconds: number;
  readonly clusterArn: string;
  readonly image: string;
  readonly repositoryArn: string;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly wiring: AppWiring;
  readonly taskPolicy: PolicyDocument;
  /** Key of the service's log group. */
  readonly logsKeyArn: string;
}

export class FargateService extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly taskRole: ServiceRole;
  readonly executionRole: ServiceRole;
  readonly taskDefinition: EcsTaskDefinition;
  readonly service: EcsService;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const { config, aws, component } = props;
    const name = `${config.namePrefix}-${component}`;

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/ecs/${config.namePrefix}/${component}`,
      retentionInDays: config.compute.logRetentionDays,
      kmsKeyId: props.logsKeyArn,
    });
    this.executionRole = new ServiceRole(this, 'execution-role', {
      roleName: `${name}-execution`,
      description: `ECS agent for ${component}: pull image, write logs, read its secrets`,
      assumedBy: 'ecs-tasks.amazonaws.com',
      policy: taskExecutionPolicy({
        repositoryArn: props.repositoryArn,
        logGroupArn: this.logGroup.arn,
        secretArns: secretArnsOf(props.wiring),
      }),
      aws,
    });
    this.taskRole = new ServiceRole(this, 'task-role', {
      roleName: `${name}-task`,
      description: `What the ${component} code may do in AWS`,
      assumedBy: 'ecs-tasks.amazonaws.com',
      policy: props.taskPolicy,
      aws,
    });

    const container = {
      name: component,
      image: props.image,
      essential: true,
      command: props.service.command,
      environment: containerEnvironment(props.wiring, component),
      secrets: containerSecrets(props.wiring),
      portMappings: props.port === undefined ? [] : [{ containerPort: props.port, protocol: 'tcp' }],
      stopTimeout: props.stopTimeoutSeconds,
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': this.logGroup.name, 'awslogs-region': config.region, 'awslogs-stream-prefix': component },
      },
    };
    this.taskDefinition = new EcsTaskDefinition(this, 'task', {
      family: name,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(props.service.cpu),
      memory: String(props.service.memory),
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      containerDefinitions: JSON.stringify([container]),
    });

    this.service = new EcsService(this, 'service', {
      name,
      cluster: props.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: props.service.desiredCount,
      launchType: 'FARGATE',
      networkConfiguration: { subnets: props.subnetIds, securityGroups: [props.securityGroupId], assignPublicIp: false },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      ...(props.loadBalancer
        ? {
          loadBalancer: [{ targetGroupArn: props.loadBalancer.targetGroupArn, containerName: component, containerPort: props.loadBalancer.containerPort }],
          // Time for a new task to start listening before failed health checks count against it.
          healthCheckGracePeriodSeconds: 60,
        }
        : {}),
      // Tasks must not start before their roles can pull the image, read secrets and reach the data; a target group
      // takes registrations only once a listener attaches it to the load balancer.
      dependsOn: [this.executionRole.policy, this.taskRole.policy, ...(props.loadBalancer?.listeners ?? [])],
    });
  }
}
