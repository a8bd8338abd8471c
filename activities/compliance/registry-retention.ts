// Retention of registry copies: a (list, area code) version is superseded when the next version of the same list and
// area code is created; once that is longer ago than the retention, its set object leaves the processed zone (unless a
// version still kept shares the object: a change list that did not touch an area code reuses its set). A list copy
// whose every version is pruned loses its raw-zone file too. Rows stay, marked pruned_at, so the history of what was
// loaded when remains. Idempotent: a retried prune deletes nothing twice and marks the same rows.
import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import type { RowDataPacket } from 'mysql2';
import type { ActivityDeps } from '../deps';
import { keepAlive } from '../keep-alive';
import { sqlOfMs } from './sql-time';

export interface PruneRegistryInput {
  /** The prune's clock (the workflow's time). */
  at: string;
  retentionDays: number;
}

export interface PruneRegistryResult {
  versionsPruned: number;
  objectsDeleted: number;
  copiesPruned: number;
  cutoff: string;
}

async function deleteKeys(deps: Pick<ActivityDeps, 's3'>, bucket: string, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const out = await deps.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
    if (out.Errors?.length) throw new Error(`could not delete ${out.Errors.length} registry objects, first ${out.Errors[0]!.Key}: ${out.Errors[0]!.Code}`);
  }
}

export function createRegistryRetentionActivities(deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets'>) {
  return {
    async pruneRegistry(input: PruneRegistryInput): Promise<PruneRegistryResult> {
      if (!Number.isInteger(input.retentionDays) || input.retentionDays < 1) throw new Error('retentionDays must be a whole number of days, at least 1');
      const cutoffMs = Date.parse(input.at) - input.retentionDays * 86_400_000;
      const cutoff = sqlOfMs(cutoffMs);
      return keepAlive(async () => {
        // Each version with the time it was superseded (the next version of its list and area code), if it was.
        const [rows] = await deps.pool.query<RowDataPacket[]>(
          `SELECT id, copy_id, object_key, pruned_at, superseded FROM (
             SELECT id, copy_id, object_key, pruned_at, LEAD(created_at) OVER (PARTITION BY list, npa ORDER BY id) AS superseded FROM registry_versions
           ) v`,
        );
        const expired = (r: RowDataPacket) => r.superseded !== null && String(r.superseded) < cutoff;
        const kept = new Set(rows.filter((r) => !expired(r) && r.object_key).map((r) => String(r.object_key)));
        const prune = rows.filter((r) => expired(r) && r.pruned_at === null);
        const keys = [...new Set(prune.flatMap((r) => (r.object_key && !kept.has(String(r.object_key)) ? [String(r.object_key)] : [])))];
        await deleteKeys(deps, deps.buckets.processed, keys);
        for (let i = 0; i < prune.length; i += 5000) {
          await deps.pool.query('UPDATE registry_versions SET pruned_at = CURRENT_TIMESTAMP(3) WHERE id IN (?) AND pruned_at IS NULL', [prune.slice(i, i + 5000).map((r) => Number(r.id))]);
        }
        // Copies every version of which is now pruned: their raw files go too.
        const [copies] = await deps.pool.query<RowDataPacket[]>(
          `SELECT c.id, c.raw_key FROM registry_copies c WHERE c.pruned_at IS NULL
             AND EXISTS (SELECT 1 FROM registry_versions v WHERE v.copy_id = c.id)
             AND NOT EXISTS (SELECT 1 FROM registry_versions v WHERE v.copy_id = c.id AND v.pruned_at IS NULL)`,
        );
        await deleteKeys(deps, deps.buckets.raw, copies.map((c) => String(c.raw_key)));
        if (copies.length > 0) await deps.pool.query('UPDATE registry_copies SET pruned_at = CURRENT_TIMESTAMP(3) WHERE id IN (?) AND pruned_at IS NULL', [copies.map((c) => Number(c.id))]);
        return { versionsPruned: prune.length, objectsDeleted: keys.length, copiesPruned: copies.length, cutoff: new Date(cutoffMs).toISOString() };
      });
    },
  };
}
