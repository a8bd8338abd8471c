// VPC flow logs: every accepted and rejected connection in the VPC, delivered to an encrypted log group by a role that can write only there.
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktn/provider-aws/lib/flow-log';
import { type InfraConfig } from './config';
import { type AwsContext } from './policy-documents';
import { flowLogsDeliveryPolicy } from './service-policies';
import { ServiceRole } from './service-role';

export interface FlowLogsProps {
  readonly config: InfraConfig;
  readonly aws: AwsContext;
  readonly vpcId: string;
  readonly logsKeyArn: string;
}

export class FlowLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly flowLog: FlowLog;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    const { config, aws } = props;
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/vpc/${config.namePrefix}/flow-logs`,
      retentionInDays: config.securityLogs.retentionDays,
      kmsKeyId: props.logsKeyArn,
    });
    const role = new ServiceRole(this, 'delivery-role', {
      roleName: `${config.namePrefix}-flow-logs`,
      description: 'VPC flow logs: write to the flow-log group only',
      assumedBy: 'vpc-flow-logs.amazonaws.com',
      policy: flowLogsDeliveryPolicy(this.logGroup.arn),
      aws,
    });
    this.flowLog = new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 600,
      tags: { Name: `${config.namePrefix}-flow-logs` },
      dependsOn: [role.policy],
    });
  }
}
