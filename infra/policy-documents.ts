// Typed IAM policy documents for trust, bucket, endpoint and topic policies, so every policy is data that tests can parse.

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | { readonly Service?: string | readonly string[]; readonly AWS?: string | readonly string[] };
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** Account, partition and region as Terraform expressions (resolved at plan time, so synth needs no credentials). */
export interface AwsContext {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** Serializes a document; Terraform tokens inside survive as `${...}` interpolations. */
export function toPolicyJson(document: PolicyDocument): string {
  return JSON.stringify(document);
}

/** Trust policy for a role assumed by one AWS service, only on behalf of this account (confused-deputy guard). */
export function serviceTrustPolicy(service: string, aws: AwsContext): PolicyDocument {
  return policyDocument({
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': aws.accountId } },
  });
}

function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** Denies every request to the bucket that does not arrive over TLS. */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return policyDocument(denyInsecureTransport(bucketArn));
}

/**
 * The log bucket's policy: TLS only, and S3's logging service may write access logs under `prefix` for the given
 * source buckets of this account only (with BucketOwnerEnforced, log delivery needs this policy, not an ACL).
 */
export function accessLogBucketPolicy(
  bucketArn: string, prefix: string, sourceBucketArns: readonly string[], aws: AwsContext, loadBalancerLogs?: LoadBalancerLogDelivery,
): PolicyDocument {
  const statements: PolicyStatement[] = [denyInsecureTransport(bucketArn), {
    Sid: 'S3ServerAccessLogsDelivery',
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${bucketArn}/${prefix}*`,
    Condition: { ArnLike: { 'aws:SourceArn': sourceBucketArns }, StringEquals: { 'aws:SourceAccount': aws.accountId } },
  }];
  if (loadBalancerLogs) {
    // Load balancer access logs: written by the region's Elastic Load Balancing account (regions older than August
    // 2022) or by the log-delivery service (newer regions), only under this account's prefix.
    const resource = `${bucketArn}/${loadBalancerLogs.prefix}AWSLogs/${aws.accountId}/*`;
    statements.push(
      { Sid: 'LoadBalancerAccessLogs', Effect: 'Allow', Principal: { AWS: loadBalancerLogs.elbAccountArn }, Action: 's3:PutObject', Resource: resource },
      {
        Sid: 'LoadBalancerAccessLogsDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: resource,
        Condition: { StringEquals: { 'aws:SourceAccount': aws.accountId } },
      },
    );
  }
  return policyDocument(...statements);
}

/** Who writes load balancer access logs into the log bucket, and under which key prefix. */
export interface LoadBalancerLogDelivery {
  /** Key prefix ending in `/`. */
  readonly prefix: string;
  /** The region's Elastic Load Balancing account (the aws_elb_service_account data source). */
  readonly elbAccountArn: string;
}

/** S3 actions the services use on their buckets; the gateway endpoint admits exactly these. */
export const S3_OBJECT_READ_WRITE = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] as const;
export const S3_BUCKET_LIST = ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'] as const;

/**
 * The S3 gateway endpoint admits traffic only to the data buckets and to the regional bucket
 * that holds ECR image layers (Fargate pulls images through it).
 */
export function s3GatewayEndpointPolicy(bucketArns: readonly string[], aws: AwsContext): PolicyDocument {
  return policyDocument(
    {
      Sid: 'DataBuckets',
      Effect: 'Allow',
      Principal: '*',
      Action: [...S3_OBJECT_READ_WRITE, ...S3_BUCKET_LIST],
      Resource: bucketArns.flatMap((arn) => [arn, `${arn}/*`]),
    },
    {
      Sid: 'EcrImageLayers',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `arn:${aws.partition}:s3:::prod-${aws.region}-starport-layer-bucket/*`,
    },
  );
}

/**
 * Replaces the topic's default policy: the account administers it, CloudWatch alarms in this account,
 * the Glue-failure EventBridge rule and RDS event notifications may publish.
 */
export function alertTopicPolicy(topicArn: string, eventRuleArn: string, aws: AwsContext): PolicyDocument {
  return policyDocument(
    {
      Sid: 'AccountAdministers',
      Effect: 'Allow',
      Principal: { AWS: `arn:${aws.partition}:iam::${aws.accountId}:root` },
      Action: ['sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:ListSubscriptionsByTopic', 'sns:Publish'],
      Resource: topicArn,
    },
    {
      Sid: 'CloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: { StringEquals: { 'aws:SourceAccount': aws.accountId } },
    },
    {
      Sid: 'GlueFailureRulePublishes',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: { ArnEquals: { 'aws:SourceArn': eventRuleArn } },
    },
    {
      Sid: 'RdsEventsPublish',
      Effect: 'Allow',
      Principal: { Service: 'events.rds.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: { StringEquals: { 'aws:SourceAccount': aws.accountId } },
    },
  );
}
