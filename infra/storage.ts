// The data lake: a raw zone for landed exports and a processed zone for curated output and reports, both under one rotating KMS key, with access logs in a log bucket.
import { Construct } from 'constructs';
import { DataAwsElbServiceAccount } from '@cdktn/provider-aws/lib/data-aws-elb-service-account';
import { type S3BucketPolicy } from '@cdktn/provider-aws/lib/s3-bucket-policy';
import { DASHBOARD_LB_LOG_PREFIX } from './dashboard-load-balancer';
import { type InfraConfig } from './config';
import { DataBucket } from './data-bucket';
import { dataLakeKeyPolicy } from './key-policies';
import { LogBucket } from './log-bucket';
import { ManagedKey } from './managed-key';
import { type AwsContext } from './policy-documents';

export interface StorageProps {
  readonly config: InfraConfig;
  readonly aws: AwsContext;
}

export class Storage extends Construct {
  readonly key: ManagedKey;
  readonly raw: DataBucket;
  readonly processed: DataBucket;
  readonly logs: LogBucket;
  /** The log bucket's policy: a load balancer checks that it may write its logs when it is created. */
  readonly logsPolicy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const { config, aws } = props;
    const { storage, namePrefix } = config;
    // The account administers the key through IAM, and IAM grants its use to named roles only.
    this.key = new ManagedKey(this, 'bucket-key', {
      description: `${namePrefix} data lake (raw and processed zones)`,
      alias: `alias/${namePrefix}-data-lake`,
      policy: dataLakeKeyPolicy(aws),
      deletionWindowDays: storage.kmsDeletionWindowDays,
    });
    this.logs = new LogBucket(this, 'logs', {
      bucketPrefix: `${namePrefix}-logs-`,
      retentionDays: config.securityLogs.retentionDays,
      aws,
    });

    this.raw = new DataBucket(this, 'raw', {
      zone: 'raw',
      bucketPrefix: `${namePrefix}-raw-`,
      kmsKeyArn: this.key.arn,
      noncurrentVersionExpirationDays: storage.noncurrentVersionExpirationDays,
      infrequentAccessAfterDays: storage.rawInfrequentAccessAfterDays,
      accessLogs: this.logs,
    });
    this.processed = new DataBucket(this, 'processed', {
      zone: 'processed',
      bucketPrefix: `${namePrefix}-processed-`,
      kmsKeyArn: this.key.arn,
      noncurrentVersionExpirationDays: storage.noncurrentVersionExpirationDays,
      accessLogs: this.logs,
    });
    const elb = new DataAwsElbServiceAccount(this, 'elb-account', {});
    this.logsPolicy = this.logs.admitAccessLogsFrom([this.raw.arn, this.processed.arn], { prefix: `${DASHBOARD_LB_LOG_PREFIX}/`, elbAccountArn: elb.arn });
  }
}
