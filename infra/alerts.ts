// The one place every alarm and failure event goes: an SNS topic the on-call team subscribes to.
import { Construct } from 'constructs';
import { SnsTopic } from '@cdktn/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktn/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktn/provider-aws/lib/sns-topic-subscription';
import { type InfraConfig } from './config';
import { alertTopicPolicy, type AwsContext, toPolicyJson } from './policy-documents';

export class Alerts extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, config: InfraConfig) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'topic', { name: `${config.namePrefix}-alerts` });
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
