// The reconciliation identities a restored store must satisfy at any consistency point, whatever ran after: every
// committed batch balances (read = inserted + updated + unchanged + rejected), contacts are only ever inserted by
// batches (count = Σ inserted), every rejected row is stored, and nothing is orphaned. They judge an Aurora copy
// (no manifest checksum can be taken at a cluster snapshot's cut) and a store after a restore and replay.
import type { RowDataPacket } from 'mysql2';
import { orphanProblems } from '../../domain/reconciliation';
import type { DbPool } from '../deps';
import { orphanCounts } from '../reconcile/reconcile';

export interface StoreInvariants {
  contacts: number;
  batches: number;
  problems: string[];
}

export async function checkStoreInvariants(pool: Pick<DbPool, 'query'>): Promise<StoreInvariants> {
  const one = async (sql: string) => (await pool.query<RowDataPacket[]>(sql))[0][0]!;
  const b = await one(
    `SELECT COUNT(*) AS batches, COALESCE(SUM(inserted), 0) AS inserted, COALESCE(SUM(rejected), 0) AS rejected,
       COALESCE(SUM(rows_read <> inserted + updated + unchanged + rejected), 0) AS unbalanced FROM import_batches`,
  );
  const contacts = Number((await one('SELECT COUNT(*) AS n FROM contacts')).n);
  const e = await one("SELECT COUNT(*) AS n FROM batch_errors WHERE severity = 'reject'");
  const problems = [
    ...(Number(b.unbalanced) > 0 ? [`${Number(b.unbalanced)} batches do not balance (read <> inserted + updated + unchanged + rejected)`] : []),
    ...(contacts !== Number(b.inserted) ? [`contacts ${contacts} <> Σ inserted ${Number(b.inserted)} over committed batches`] : []),
    ...(Number(e.n) !== Number(b.rejected) ? [`rejected rows stored ${Number(e.n)} <> Σ rejected ${Number(b.rejected)}`] : []),
    ...orphanProblems(await orphanCounts(pool)),
  ];
  return { contacts, batches: Number(b.batches), problems };
}
