// The one place every alarm and failure event goes: an SNS topic the on-call team subscribes to, encrypted with its own key.
import { Construct } from 'constructs';
import { SnsTopic } from '@cdktn/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktn/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktn/provider-aws/lib/sns-topic-subscription';
import { type InfraConfig } from './config';
import { alertsKeyPolicy } from './key-policies';
import { ManagedKey } from './managed-key';
import { alertTopicPolicy, type AwsContext, toPolicyJson } from './policy-documents';

export interface AlertsProps {
  readonly config: InfraConfig;
  readonly aws: AwsContext;
}

export class Alerts extends Construct {
  readonly topic: SnsTopic;
  /** A customer-managed key: the AWS-managed SNS key cannot admit CloudWatch alarms, EventBridge or RDS events. */
  readonly key: ManagedKey;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    const { config, aws } = props;
    this.key = new ManagedKey(this, 'topic-key', {
      description: `${config.namePrefix} alert topic`,
      alias: `alias/${config.namePrefix}-alerts`,
      policy: alertsKeyPolicy(aws),
      deletionWindowDays: config.storage.kmsDeletionWindowDays,
    });
    this.topic = new SnsTopic(this, 'topic', { name: `${config.namePrefix}-alerts`, kmsMasterKeyId: this.key.arn });
    config.alerts.emails.forEach((email, i) => {
      new SnsTopicSubscription(this, `email-${i}`, { topicArn: this.topic.arn, protocol: 'email', endpoint: email });
    });
  }

  get topicArn(): string {
    return this.topic.arn;
  }

  /** Lets CloudWatch alarms, RDS events and the given EventBridge rule publish (replaces the default topic policy). */
  allowPublishers(eventRuleArn: string, aws: AwsContext): void {
    new SnsTopicPolicy(this, 'topic-policy', {
      arn: this.topic.arn,
      policy: toPolicyJson(alertTopicPolicy(this.topic.arn, eventRuleArn, aws)),
    });
  }
}
