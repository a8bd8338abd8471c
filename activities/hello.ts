// A smoke-test activity that touches every real part (MariaDB, Redis, S3) so a fresh stack proves it is wired.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { RowDataPacket } from 'mysql2';
import type { ActivityDeps } from './deps';

export interface HelloInput {
  name: string;
  /** Optional path of a generated sample's manifest, read to report its row counts. */
  sampleManifest?: { rowsBySource: Record<string, number> };
}

export interface HelloResult {
  databaseVersion: string;
  contactsTableExists: boolean;
  redisRoundTrip: boolean;
  s3Key: string;
  s3RoundTrip: boolean;
  sampleRows: number;
}

export function createHelloActivities(deps: Pick<ActivityDeps, 'pool' | 'redis' | 's3' | 'buckets'>) {
  return {
    async helloStack(input: HelloInput): Promise<HelloResult> {
      const [versionRows] = await deps.pool.query<RowDataPacket[]>('SELECT VERSION() AS v');
      const [tables] = await deps.pool.query<RowDataPacket[]>(
        'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
        ['contacts'],
      );
      const redisKey = `hello:${input.name}`;
      await deps.redis.set(redisKey, input.name, 'EX', 600);
      const redisRoundTrip = (await deps.redis.get(redisKey)) === input.name;
      const s3Key = `hello/${input.name}.json`;
      const body = JSON.stringify({ hello: input.name });
      await deps.s3.send(new PutObjectCommand({ Bucket: deps.buckets.processed, Key: s3Key, Body: body, ContentType: 'application/json' }));
      const got = await deps.s3.send(new GetObjectCommand({ Bucket: deps.buckets.processed, Key: s3Key }));
      const s3RoundTrip = (await got.Body?.transformToString()) === body;
      const sampleRows = Object.values(input.sampleManifest?.rowsBySource ?? {}).reduce((a, b) => a + b, 0);
      return {
        databaseVersion: String(versionRows[0]?.v),
        contactsTableExists: Number(tables[0]?.n) === 1,
        redisRoundTrip,
        s3Key,
        s3RoundTrip,
        sampleRows,
      };
    },
  };
}
