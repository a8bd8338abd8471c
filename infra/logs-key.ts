// The key every CloudWatch log group of the stack is encrypted with: app logs, the database's audit, error and slow-query logs, VPC flow logs.
import { type Construct } from 'constructs';
import { type InfraConfig } from './config';
import { logsKeyPolicy } from './key-policies';
import { ManagedKey } from './managed-key';
import { type AwsContext } from './policy-documents';

/** Log-group name prefixes of one stack; the key admits CloudWatch Logs for these groups only. */
export function logGroupPrefixes(config: InfraConfig): string[] {
  return [`/ecs/${config.namePrefix}/`, `/aws/rds/cluster/${config.namePrefix}/`, `/vpc/${config.namePrefix}/`];
}

export function createLogsKey(scope: Construct, id: string, config: InfraConfig, aws: AwsContext): ManagedKey {
  return new ManagedKey(scope, id, {
    description: `${config.namePrefix} CloudWatch log groups`,
    alias: `alias/${config.namePrefix}-logs`,
    policy: logsKeyPolicy(aws, logGroupPrefixes(config)),
    deletionWindowDays: config.storage.kmsDeletionWindowDays,
  });
}
