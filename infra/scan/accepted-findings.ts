// The reviewed checkov findings: each failed check the stacks keep on purpose, where, and why (docs/infra.md lists them too).
import type { AcceptedFinding } from './review';

const BOTH = ['dev', 'prod'] as const;
const DATA_BUCKETS = ['aws_s3_bucket.storage_raw_bucket', 'aws_s3_bucket.storage_processed_bucket'];
const LOG_BUCKET = 'aws_s3_bucket.storage_logs_bucket';
const INSTANCES = ['aws_rds_cluster_instance.database_writer', 'aws_rds_cluster_instance.database_reader-1', 'aws_rds_cluster_instance.database_reader-2'];
const REDIS_SECRETS = ['aws_secretsmanager_secret.cache_auth-token', 'aws_secretsmanager_secret.cache_redis-url'];

export const ACCEPTED_FINDINGS: readonly AcceptedFinding[] = [
  // Dev-only trade-offs: dev holds generated test data and is torn down freely; prod passes each of these.
  {
    check: 'CKV_AWS_338',
    resources: ['aws_cloudwatch_log_group.*'],
    environments: ['dev'],
    reason: 'dev-only: dev keeps operational logs 14 days and security logs 30 days; it holds test data, so a year of its logs buys no audit trail',
  },
  { check: 'CKV_AWS_65', resources: ['aws_ecs_cluster.compute_cluster'], environments: ['dev'], reason: 'dev-only cost: Container Insights is on in prod only' },
  {
    check: 'CKV_AWS_139',
    resources: ['aws_rds_cluster.database_cluster'],
    environments: ['dev'],
    reason: 'dev-only: deletion protection is off in dev so a test environment can be destroyed; prod has it (test/infra/database.test.ts)',
  },
  { check: 'CKV_AWS_353', resources: INSTANCES, environments: ['dev'], reason: 'dev-only cost: Performance Insights is on in prod only' },
  {
    check: 'CKV_AWS_150',
    resources: ['aws_lb.dashboard-lb'],
    environments: ['dev'],
    reason: 'dev-only: the dashboard load balancer can be deleted in dev so a test environment can be destroyed; prod has deletion protection (test/infra/dashboard-access.test.ts)',
  },

  // Cost against what it buys.
  {
    check: 'CKV_AWS_338',
    resources: [
      'aws_cloudwatch_log_group.compute_worker_logs',
      'aws_cloudwatch_log_group.compute_dashboard_logs',
      'aws_cloudwatch_log_group.compute_monitor_logs',
      'aws_cloudwatch_log_group.database_log-error',
      'aws_cloudwatch_log_group.database_log-slowquery',
    ],
    environments: ['prod'],
    reason: 'cost: operational logs (service, monitor, error and slow-query logs, no contact values) are kept 90 days; the audit, flow-log and bootstrap log groups are kept 365 days and pass',
  },
  {
    check: 'CKV_AWS_326',
    resources: ['aws_rds_cluster.database_cluster'],
    environments: BOTH,
    reason: 'cost: backtracking keeps every change record of a write-heavy 84M-row store; recovery is point-in-time restore within the 7-day backup retention (docs/infra.md, Recovery procedure)',
  },
  {
    check: 'CKV_AWS_118',
    resources: INSTANCES,
    environments: BOTH,
    reason: 'cost: Enhanced Monitoring adds per-second OS metrics and a role with an AWS-managed policy; the CloudWatch instance alarms (and Performance Insights in prod) cover what operations watch',
  },
  {
    check: 'CKV2_AWS_8',
    resources: ['aws_rds_cluster.database_cluster'],
    environments: BOTH,
    reason: 'cost: Aurora automated backups (daily, 7 days, point-in-time) are the backup plan and the one restore path that is validated; AWS Backup would add a second copy no procedure restores from',
  },
  {
    check: 'CKV_AWS_144',
    resources: [...DATA_BUCKETS, LOG_BUCKET],
    environments: BOTH,
    reason: 'cost: the platform runs in one region; cross-region replication would double storage for a copy no recovery procedure uses; versioning keeps deleted or overwritten objects 90 days',
  },

  // AWS-managed encryption on purpose: the check asks for a customer-managed key where the AWS-managed one is used deliberately.
  {
    check: 'CKV_AWS_327',
    resources: ['aws_rds_cluster.database_cluster'],
    environments: BOTH,
    reason: 'AWS-managed key on purpose: Aurora storage is encrypted with aws/rds, whose snapshots cannot be shared outside the account; reading the data is controlled by the per-service database users and IAM sign-in, not by the key; a customer key cannot be added without replacing the cluster',
  },
  {
    check: 'CKV_AWS_354',
    resources: INSTANCES,
    environments: ['prod'],
    reason: 'AWS-managed key on purpose: Performance Insights data (query digests, no row values) uses aws/rds like the cluster storage',
  },
  {
    check: 'CKV_AWS_191',
    resources: ['aws_elasticache_replication_group.cache_redis'],
    environments: BOTH,
    reason: 'AWS-managed key on purpose: Redis is encrypted at rest and in transit, reachable only from the service security groups with the AUTH token; it holds rebuildable cache data, and a customer key would replace the replication group for no extra reader restriction',
  },
  {
    check: 'CKV_AWS_149',
    resources: REDIS_SECRETS,
    environments: BOTH,
    reason: 'AWS-managed key on purpose: the Redis secrets use aws/secretsmanager; who can read them is decided by the resource-scoped IAM grants (the two service execution roles), which a customer key would only repeat',
  },
  {
    check: 'CKV_AWS_136',
    resources: ['aws_ecr_repository.compute_repository'],
    environments: BOTH,
    reason: 'AWS-managed encryption on purpose: the image holds code and no data, and ECR encrypts it at rest with AES-256',
  },

  // Not applicable here.
  {
    check: 'CKV_AWS_145',
    resources: [LOG_BUCKET],
    environments: BOTH,
    reason: 'not applicable: S3 server access logging delivers only to buckets whose default encryption is SSE-S3; the log bucket holds request records, not objects',
  },
  {
    check: 'CKV2_AWS_62',
    resources: [...DATA_BUCKETS, LOG_BUCKET],
    environments: BOTH,
    reason: 'not applicable: nothing consumes bucket events; Temporal workflows drive all processing and know every object they write',
  },
  {
    check: 'CKV_AWS_195',
    resources: ['aws_glue_crawler.glue_processed-crawler'],
    environments: BOTH,
    reason: 'not applicable: the crawler reads the SSE-KMS processed zone and writes only table definitions and its own run log (schema names, no contact values); a security configuration has no data of ours to encrypt',
  },
  {
    check: 'CKV2_AWS_57',
    resources: REDIS_SECRETS,
    environments: BOTH,
    reason: 'not built yet: rotating the Redis AUTH token needs a rotation function that drives ElastiCache ROTATE then SET and rewrites the URL secret; until then rotation is the manual procedure in docs/infra.md',
  },
];
