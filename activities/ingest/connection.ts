// The subset of a mysql2 pooled connection that the ingestion transaction uses.
import type { PoolConnection } from 'mysql2/promise';

export type DbConnection = Pick<PoolConnection, 'query' | 'execute' | 'beginTransaction' | 'commit' | 'rollback' | 'release'>;
