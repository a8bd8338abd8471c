// One data-lake bucket with every protection the zones share: versioning, SSE-KMS, no public access, TLS only, lifecycle, access logs.
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketLoggingA } from '@cdktn/provider-aws/lib/s3-bucket-logging';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktn/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktn/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktn/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktn/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktn/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktn/provider-aws/lib/s3-bucket-versioning';
import { type LogBucket } from './log-bucket';
import { tlsOnlyBucketPolicy, toPolicyJson } from './policy-documents';

export interface DataBucketProps {
  /** Terraform appends a unique suffix, so names never collide across accounts. */
  readonly bucketPrefix: string;
  readonly kmsKeyArn: string;
  readonly zone: 'raw' | 'processed';
  readonly noncurrentVersionExpirationDays: number;
  /** Move current objects to STANDARD_IA after this many days; omitted keeps them in STANDARD. */
  readonly infrequentAccessAfterDays?: number;
  /** Every request to the bucket is logged there (S3 server access logging). */
  readonly accessLogs: LogBucket;
}

export class DataBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: DataBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'bucket', { bucketPrefix: props.bucketPrefix, tags: { Zone: props.zone } });
    const bucket = this.bucket.id;

    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketLoggingA(this, 'access-logging', { bucket, targetBucket: props.accessLogs.bucket.id, targetPrefix: props.accessLogs.prefixFor(props.zone) });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }],
    });
    new S3BucketPolicy(this, 'tls-only-policy', {
      bucket,
      policy: toPolicyJson(tlsOnlyBucketPolicy(this.bucket.arn)),
      dependsOn: [publicAccess],
    });

    const rules: S3BucketLifecycleConfigurationRule[] = [
      {
        id: 'expire-old-versions-and-uploads',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
    ];
    if (props.infrequentAccessAfterDays !== undefined) {
      rules.push({
        id: 'to-standard-ia',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        transition: [{ days: props.infrequentAccessAfterDays, storageClass: 'STANDARD_IA' }],
      });
    }
    new S3BucketLifecycleConfiguration(this, 'lifecycle', { bucket, rule: rules });
  }

  get arn(): string {
    return this.bucket.arn;
  }

  get name(): string {
    return this.bucket.bucket;
  }
}
