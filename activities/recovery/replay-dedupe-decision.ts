// Replays a journaled dedupe decision (streams `merges` and `review-decisions`: merge, unmerge, keep-apart) into a
// restored store through what DedupeDecisionWorkflow runs: recordDecision, then the dedupe pass scoped to the affected
// contacts, under the workflow's own ids (the decision's workflow id, and `<id>/pass` for its pass). A decision whose
// pass is committed in the restored store is skipped; one recorded but not finished (a snapshot taken mid-decision)
// finishes its pass over the contacts it recorded. Replaying twice therefore has the effect of replaying once.
import type { RowDataPacket } from 'mysql2';
import { DedupeDecisionError, recordDecision, type DedupeDecisionKind } from '../dedupe/decisions';
import { runDedupePass } from '../dedupe/run-pass';
import type { JournalEntry } from '../journal';
import type { Buckets, DbPool, S3 } from '../deps';

const KINDS: readonly DedupeDecisionKind[] = ['merge', 'unmerge', 'keep-apart'];

/** The decision a journal entry carries, checked field by field (a journal written by another version, or damaged). */
export function decisionOfEntry(entry: JournalEntry): { decision: DedupeDecisionKind; contactIds: number[]; reason: string | null } {
  const p = entry.payload;
  if (!KINDS.includes(p.decision as DedupeDecisionKind)) {
    throw new DedupeDecisionError(`journal entry ${entry.id}: payload.decision must be one of ${KINDS.join(', ')} (got ${JSON.stringify(p.decision)})`, []);
  }
  const ids = p.contactIds;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((n) => Number.isSafeInteger(n) && (n as number) > 0)) {
    throw new DedupeDecisionError(`journal entry ${entry.id}: payload.contactIds must be positive contact ids (got ${JSON.stringify(ids)})`, []);
  }
  if (p.reason !== null && p.reason !== undefined && typeof p.reason !== 'string') {
    throw new DedupeDecisionError(`journal entry ${entry.id}: payload.reason must be text or null (got ${JSON.stringify(p.reason)})`, ids as number[]);
  }
  return { decision: p.decision as DedupeDecisionKind, contactIds: ids as number[], reason: (p.reason as string | null | undefined) ?? null };
}

export async function replayDedupeDecision(
  deps: { pool: DbPool; s3: S3; buckets: Pick<Buckets, 'raw' | 'processed'> }, entry: JournalEntry,
): Promise<'replayed' | 'skipped'> {
  const d = decisionOfEntry(entry);
  const passWorkflowId = `${entry.id}/pass`;
  const [pass] = await deps.pool.query<RowDataPacket[]>('SELECT status FROM dedupe_passes WHERE workflow_id = ?', [passWorkflowId]);
  if (pass[0]?.status === 'committed') return 'skipped';
  const [recorded] = await deps.pool.query<RowDataPacket[]>('SELECT contact_a, contact_b FROM review_decisions WHERE workflow_id = ?', [entry.id]);
  let affected: number[];
  if (recorded.length === 0) {
    // The journal is written after the decision is recorded: the live decision's own write, once more.
    affected = (await recordDecision(deps, {
      decision: d.decision, contactIds: d.contactIds, actor: entry.actor, workflowId: entry.id, at: entry.at, ...(d.reason !== null ? { reason: d.reason } : {}),
    })).affected;
  } else {
    // Recorded before the snapshot, its pass not committed: the contacts of its pairs and their clusters, as recorded.
    const ids = [...new Set(recorded.flatMap((r) => [Number(r.contact_a), Number(r.contact_b)]))];
    const [members] = await deps.pool.query<RowDataPacket[]>(
      'SELECT id FROM contacts WHERE id IN (?) OR golden_id IN (SELECT golden_id FROM contacts WHERE id IN (?) AND golden_id IS NOT NULL)', [ids, ids]);
    affected = [...new Set([...ids, ...members.map((r) => Number(r.id))])];
  }
  await runDedupePass({ pool: deps.pool, s3: deps.s3, buckets: { raw: deps.buckets.raw, processed: deps.buckets.processed } },
    { workflowId: passWorkflowId, kind: 'incremental', actor: entry.actor, contactIds: affected });
  return 'replayed';
}
