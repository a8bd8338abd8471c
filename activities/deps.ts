// The narrow subsets of mysql2, ioredis and the S3 client that activities use; workers inject the real ones.
import type { RDSClient } from '@aws-sdk/client-rds';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Redis } from 'ioredis';
import type { Pool } from 'mysql2/promise';
import type { AppConfig } from '../config/env';
import type { BatchPreparer } from './ingest/prepare-batch';
import type { Client } from '@temporalio/client';
import type { ProjectMetrics } from '../metrics/project-metrics';
import type { AlertSink } from './alerts/alert-sink';

export type DbPool = Pick<Pool, 'query' | 'execute' | 'getConnection'>;
export type RedisClient = Pick<Redis, 'get' | 'set' | 'del' | 'incrby' | 'expire' | 'pipeline' | 'hset' | 'hgetall' | 'publish'>;
export type S3 = Pick<S3Client, 'send'>;

export interface Buckets {
  raw: string;
  processed: string;
}

export interface ActivityDeps {
  pool: DbPool;
  redis: RedisClient;
  s3: S3;
  buckets: Buckets;
  /** E.164 default region for phone numbers written without a country code. */
  defaultPhoneRegion: string;
  /** Identity of the worker process, recorded on the rows it commits. */
  workerIdentity?: string;
  /** Where batch rows are parsed and normalized (a thread pool in the worker); on the calling thread when absent. */
  prepareBatch?: BatchPreparer;
  /** The process's metrics (metrics/project-metrics.ts); nothing is recorded when absent. */
  metrics?: ProjectMetrics;
  /** Where alerts go (activities/alerts/): anomalies, snapshot validation failures, the monitor's findings. */
  alerts?: AlertSink;
  /** A Temporal client, on the monitor worker only (its checks read visibility, schedules and task queues). */
  temporal?: Client;
  /** TEMPORAL_UI_URL, for the links alerts carry. */
  temporalUiUrl?: string;
  /** The worker's validated configuration (snapshots read their mode, scratch port and data dir from it). */
  config?: AppConfig;
  /** The RDS control-plane client (AWS snapshot mode). */
  rds?: Pick<RDSClient, 'send'>;
  /** Opens a copy of the store at another endpoint (an Aurora validation cluster) with the store's credentials. */
  openStoreCopy?: (endpoint: { host: string; port: number }) => Promise<{ pool: Pick<Pool, 'query'>; close(): Promise<void> }>;
}
