// A customer-managed KMS key with yearly rotation, an explicit key policy and an alias: the data lake, the logs and the alert topic each have one.
import { Construct } from 'constructs';
import { KmsAlias } from '@cdktn/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { type PolicyDocument, toPolicyJson } from './policy-documents';

export interface ManagedKeyProps {
  readonly description: string;
  /** `alias/<name>`. */
  readonly alias: string;
  readonly policy: PolicyDocument;
  readonly deletionWindowDays: number;
}

export class ManagedKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: ManagedKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays,
      policy: toPolicyJson(props.policy),
    });
    new KmsAlias(this, 'alias', { name: props.alias, targetKeyId: this.key.keyId });
  }

  get arn(): string {
    return this.key.arn;
  }
}
