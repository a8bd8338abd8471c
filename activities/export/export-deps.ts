// The clients the export activities are built from: the narrow pool and S3 subsets, and a MySQL source opener.
import type { Buckets, DbPool, S3 } from '../deps';
import type { OpenMysqlSource } from './mysql-connection';

export interface ExportDeps {
  pool: DbPool;
  s3: S3;
  buckets: Buckets;
  /** Opens a legacy MySQL source; defaults to a mysql2 connection built from the source URL. */
  openMysql?: OpenMysqlSource;
}

/** The deps with every default filled in, as the activity implementations receive them. */
export type ResolvedExportDeps = ExportDeps & { openMysql: OpenMysqlSource };
