// The dashboard's query cache: Redis with Multi-AZ failover, TLS and at-rest encryption, its AUTH token kept in Secrets Manager.
import { Construct } from 'constructs';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktn/provider-aws/lib/data-aws-secretsmanager-random-password';
import { ElasticacheReplicationGroup } from '@cdktn/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktn/provider-aws/lib/elasticache-subnet-group';
import { SecretsmanagerSecret } from '@cdktn/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktn/provider-aws/lib/secretsmanager-secret-version';
import { type InfraConfig } from './config';
import { REDIS_PORT } from './security-groups';

export interface CacheProps {
  readonly config: InfraConfig;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
}

export class Cache extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly authTokenSecret: SecretsmanagerSecret;
  /** The full `rediss://` URL the app reads as REDIS_URL, token included. */
  readonly redisUrlSecret: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const { config } = props;
    const cache = config.cache;
    if (cache.nodeCount < 2) throw new Error('cache.nodeCount must be at least 2 for Multi-AZ automatic failover');

    // Alphanumeric, so the token is valid for ElastiCache and needs no escaping inside a URL.
    const generated = new DataAwsSecretsmanagerRandomPassword(this, 'auth-token-generator', {
      passwordLength: 64,
      excludePunctuation: true,
    });
    this.authTokenSecret = new SecretsmanagerSecret(this, 'auth-token', {
      namePrefix: `${config.namePrefix}/redis/auth-token-`,
      description: 'AUTH token of the Redis replication group',
    });
    // The generator yields a new value on every plan; the first one stored wins until someone rotates it deliberately.
    const token = new SecretsmanagerSecretVersion(this, 'auth-token-value', {
      secretId: this.authTokenSecret.id,
      secretString: generated.randomPassword,
      lifecycle: { ignoreChanges: ['secret_string'] },
    });

    const subnets = new ElasticacheSubnetGroup(this, 'subnets', {
      name: `${config.namePrefix}-redis`,
      subnetIds: props.subnetIds,
      description: 'Private subnets only',
    });
    this.replicationGroup = new ElasticacheReplicationGroup(this, 'redis', {
      replicationGroupId: `${config.namePrefix}-redis`,
      description: `${config.namePrefix} dashboard cache`,
      engine: 'redis',
      engineVersion: cache.engineVersion,
      nodeType: cache.nodeType,
      numCacheClusters: cache.nodeCount,
      preferredCacheClusterAzs: Array.from(
        { length: cache.nodeCount },
        (_, i) => config.network.zones[i % config.network.zones.length]!.availabilityZone,
      ),
      port: REDIS_PORT,
      subnetGroupName: subnets.name,
      securityGroupIds: [props.securityGroupId],
      multiAzEnabled: true,
      automaticFailoverEnabled: true,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: 'true',
      authToken: token.secretString,
      snapshotRetentionLimit: cache.snapshotRetentionDays,
      snapshotWindow: '04:00-05:00',
      maintenanceWindow: 'sun:06:00-sun:07:00',
      autoMinorVersionUpgrade: 'true',
      applyImmediately: config.environment !== 'prod',
    });

    this.redisUrlSecret = new SecretsmanagerSecret(this, 'redis-url', {
      namePrefix: `${config.namePrefix}/redis/url-`,
      description: 'REDIS_URL for the services (TLS, with the AUTH token)',
    });
    new SecretsmanagerSecretVersion(this, 'redis-url-value', {
      secretId: this.redisUrlSecret.id,
      secretString: `rediss://:${token.secretString}@${this.replicationGroup.primaryEndpointAddress}:${REDIS_PORT}/0`,
    });
  }
}
