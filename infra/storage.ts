// The data lake: a raw zone for landed exports and a processed zone for curated output and reports, both under one rotating KMS key.
import { Construct } from 'constructs';
import { KmsAlias } from '@cdktn/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { type InfraConfig } from './config';
import { DataBucket } from './data-bucket';

export class Storage extends Construct {
  readonly key: KmsKey;
  readonly raw: DataBucket;
  readonly processed: DataBucket;

  constructor(scope: Construct, id: string, config: InfraConfig) {
    super(scope, id);
    const { storage, namePrefix } = config;
    // No custom key policy: the default delegates to IAM, and IAM grants use of this key to named roles only.
    this.key = new KmsKey(this, 'bucket-key', {
      description: `${namePrefix} data lake (raw and processed zones)`,
      enableKeyRotation: true,
      deletionWindowInDays: storage.kmsDeletionWindowDays,
    });
    new KmsAlias(this, 'bucket-key-alias', { name: `alias/${namePrefix}-data-lake`, targetKeyId: this.key.keyId });

    this.raw = new DataBucket(this, 'raw', {
      zone: 'raw',
      bucketPrefix: `${namePrefix}-raw-`,
      kmsKeyArn: this.key.arn,
      noncurrentVersionExpirationDays: storage.noncurrentVersionExpirationDays,
      infrequentAccessAfterDays: storage.rawInfrequentAccessAfterDays,
    });
    this.processed = new DataBucket(this, 'processed', {
      zone: 'processed',
      bucketPrefix: `${namePrefix}-processed-`,
      kmsKeyArn: this.key.arn,
      noncurrentVersionExpirationDays: storage.noncurrentVersionExpirationDays,
    });
  }
}
