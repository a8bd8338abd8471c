// The log bucket: S3 server access logs of the data buckets and the dashboard load balancer's access logs land here; private, versioned, TLS-only, expired on its own schedule.
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktn/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktn/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktn/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktn/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktn/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktn/provider-aws/lib/s3-bucket-versioning';
import { accessLogBucketPolicy, type AwsContext, type LoadBalancerLogDelivery, toPolicyJson } from './policy-documents';

/** Key prefix of S3 server access logs; each source bucket writes under `s3-access/<zone>/`. */
export const ACCESS_LOG_PREFIX = 's3-access/';
/** A deleted or overwritten log object stays recoverable this long. */
const NONCURRENT_LOG_DAYS = 30;

export interface LogBucketProps {
  readonly bucketPrefix: string;
  /** Log objects are deleted this many days after delivery. */
  readonly retentionDays: number;
  readonly aws: AwsContext;
}

export class LogBucket extends Construct {
  readonly bucket: S3Bucket;
  private readonly publicAccess: S3BucketPublicAccessBlock;
  private readonly aws: AwsContext;

  constructor(scope: Construct, id: string, props: LogBucketProps) {
    super(scope, id);
    this.aws = props.aws;
    this.bucket = new S3Bucket(this, 'bucket', { bucketPrefix: props.bucketPrefix, tags: { Zone: 'logs' } });
    const bucket = this.bucket.id;
    this.publicAccess = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    // S3 server access logging delivers only to buckets whose default encryption is SSE-S3, not SSE-KMS.
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_LOG_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
  }

  /** Where a data bucket's access logs go. */
  prefixFor(zone: string): string {
    return `${ACCESS_LOG_PREFIX}${zone}/`;
  }

  /** Lets S3 deliver the given buckets' access logs here, and load balancers theirs (and denies non-TLS requests). Call once. */
  admitAccessLogsFrom(sourceBucketArns: readonly string[], loadBalancerLogs?: LoadBalancerLogDelivery): S3BucketPolicy {
    return new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: toPolicyJson(accessLogBucketPolicy(this.bucket.arn, ACCESS_LOG_PREFIX, sourceBucketArns, this.aws, loadBalancerLogs)),
      dependsOn: [this.publicAccess],
    });
  }

  get arn(): string {
    return this.bucket.arn;
  }

  get name(): string {
    return this.bucket.bucket;
  }
}
