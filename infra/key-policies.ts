// Key policies of the customer-managed KMS keys: the account administers each key through IAM, and only the AWS services that must use a key are let in.
import { type AwsContext, type PolicyDocument, type PolicyStatement, policyDocument } from './policy-documents';

/** Key management, named one by one (no `kms:*`): what Terraform and the account's administrators do with a key. */
const KEY_ADMIN_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:PutKeyPolicy',
  'kms:ListKeyPolicies',
  'kms:GetKeyRotationStatus',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:RotateKeyOnDemand',
  'kms:ListKeyRotations',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:UpdateKeyDescription',
  'kms:ListResourceTags',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
  'kms:CreateGrant',
  'kms:ListGrants',
  'kms:RevokeGrant',
  'kms:RetireGrant',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
] as const;

/** Cryptographic use; the account holds it so that IAM policies can hand it to named roles (the task roles, the crawler). */
const KEY_USE_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
] as const;

/** What a service needs to publish to an encrypted SNS topic. */
const TOPIC_PUBLISH_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/**
 * The account administers the key and may use it, through IAM only: no principal gets anything an IAM policy of
 * this account does not also grant. In a key policy `Resource: "*"` means the key itself.
 */
function accountDelegation(aws: AwsContext): PolicyStatement {
  return {
    Sid: 'AccountAdministersThroughIam',
    Effect: 'Allow',
    Principal: { AWS: `arn:${aws.partition}:iam::${aws.accountId}:root` },
    Action: [...KEY_ADMIN_ACTIONS, ...KEY_USE_ACTIONS],
    Resource: '*',
  };
}

/** The data-lake key: the default policy made explicit (IAM grants use to the worker, dashboard and crawler roles). */
export function dataLakeKeyPolicy(aws: AwsContext): PolicyDocument {
  return policyDocument(accountDelegation(aws));
}

/**
 * The logs key: CloudWatch Logs in this region may use it only for this stack's log groups (the encryption context
 * names the log group), which is how CloudWatch Logs encrypts a group it is given a key for.
 */
export function logsKeyPolicy(aws: AwsContext, logGroupPrefixes: readonly string[]): PolicyDocument {
  return policyDocument(accountDelegation(aws), {
    Sid: 'CloudWatchLogsEncryptsOurGroups',
    Effect: 'Allow',
    Principal: { Service: `logs.${aws.region}.amazonaws.com` },
    Action: [...KEY_USE_ACTIONS, 'kms:DescribeKey'],
    Resource: '*',
    Condition: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': logGroupPrefixes.map((prefix) => `arn:${aws.partition}:logs:${aws.region}:${aws.accountId}:log-group:${prefix}*`),
      },
    },
  });
}

/**
 * The alerts key: the services that publish to the alert topic may use it for that. CloudWatch alarms are limited to
 * this account; EventBridge and RDS event notifications send no aws:SourceAccount/SourceArn in their KMS requests
 * (a condition on them would silently drop every notification), so they are limited by action only.
 */
export function alertsKeyPolicy(aws: AwsContext): PolicyDocument {
  return policyDocument(
    accountDelegation(aws),
    {
      Sid: 'CloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: TOPIC_PUBLISH_KEY_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': aws.accountId } },
    },
    { Sid: 'EventBridgeRulesPublish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: TOPIC_PUBLISH_KEY_ACTIONS, Resource: '*' },
    { Sid: 'RdsEventsPublish', Effect: 'Allow', Principal: { Service: 'events.rds.amazonaws.com' }, Action: TOPIC_PUBLISH_KEY_ACTIONS, Resource: '*' },
  );
}
