// The one-off task run at deploy that signs in as the Aurora master user and creates the service users and their grants (`cli db-bootstrap --auth iam`).
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import { EcsTaskDefinition } from '@cdktn/provider-aws/lib/ecs-task-definition';
import { type InfraConfig } from './config';
import { type AppWiring, bootstrapEnvironment, bootstrapSecrets } from './container-environment';
import { type AwsContext } from './policy-documents';
import { taskExecutionPolicy } from './service-policies';
import { ServiceRole } from './service-role';

/** The CLI command the task runs; idempotent, so every deploy may run it again. */
export const DATABASE_BOOTSTRAP_COMMAND: readonly string[] = ['npm', 'run', 'cli', '--', 'db-bootstrap', '--auth', 'iam'];

export interface DatabaseBootstrapTaskProps {
  readonly config: InfraConfig;
  readonly aws: AwsContext;
  readonly image: string;
  readonly repositoryArn: string;
  readonly wiring: AppWiring;
  /** The RDS-managed master secret: this task's execution role is the only role that can read it. */
  readonly masterSecretArn: string;
  readonly logsKeyArn: string;
}

export class DatabaseBootstrapTask extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly executionRole: ServiceRole;
  readonly taskDefinition: EcsTaskDefinition;

  constructor(scope: Construct, id: string, props: DatabaseBootstrapTaskProps) {
    super(scope, id);
    const { config, aws } = props;
    const name = `${config.namePrefix}-db-bootstrap`;
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/ecs/${config.namePrefix}/db-bootstrap`,
      retentionInDays: config.securityLogs.retentionDays,
      kmsKeyId: props.logsKeyArn,
    });
    this.executionRole = new ServiceRole(this, 'execution-role', {
      roleName: `${name}-execution`,
      description: 'ECS agent for the database bootstrap task: pull image, write logs, read the master secret',
      assumedBy: 'ecs-tasks.amazonaws.com',
      policy: taskExecutionPolicy({ repositoryArn: props.repositoryArn, logGroupArn: this.logGroup.arn, secretArns: [props.masterSecretArn] }),
      aws,
    });
    const container = {
      name: 'db-bootstrap',
      image: props.image,
      essential: true,
      command: DATABASE_BOOTSTRAP_COMMAND,
      environment: bootstrapEnvironment(props.wiring, config.database.masterUsername),
      secrets: bootstrapSecrets(props.masterSecretArn),
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': this.logGroup.name, 'awslogs-region': config.region, 'awslogs-stream-prefix': 'db-bootstrap' },
      },
    };
    // No task role: the task calls no AWS API, it only talks SQL to the cluster.
    this.taskDefinition = new EcsTaskDefinition(this, 'task', {
      family: name,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      executionRoleArn: this.executionRole.arn,
      containerDefinitions: JSON.stringify([container]),
    });
  }
}
