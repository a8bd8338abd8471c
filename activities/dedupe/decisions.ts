// People's dedupe decisions: merge two contacts, unmerge one from its cluster, or decide a review-queue pair. Each is
// recorded in review_decisions with its actor (every later pass obeys the latest decision per pair), journaled to the
// object store for disaster recovery, and returns the contacts whose clusters must be recomputed.
import type { RowDataPacket } from 'mysql2';
import { appendJournal } from '../journal';
import type { ActivityDeps } from '../deps';

export type DedupeDecisionKind = 'merge' | 'unmerge' | 'keep-apart';

export interface DedupeDecisionInput {
  decision: DedupeDecisionKind;
  /** merge / keep-apart: two contacts; unmerge: the one contact to take out of its cluster. */
  contactIds: number[];
  actor: string;
  reason?: string;
  /** The deciding workflow's id: the decision's idempotency key. */
  workflowId: string;
  /** When it was decided (the workflow's start time), ISO 8601. */
  at: string;
}

export interface DedupeDecisionResult {
  /** Pairs recorded (unmerge: one per other member of the cluster). */
  pairs: number;
  /** Contacts whose clusters the follow-up pass recomputes. */
  affected: number[];
}

/** A decision that cannot be applied as given (unknown contact, a contact merged with itself). */
export class DedupeDecisionError extends Error {
  override readonly name = 'DedupeDecisionError';
  constructor(message: string, readonly contactIds: readonly number[]) {
    super(message);
  }
}

export async function recordDecision(deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets'>, input: DedupeDecisionInput): Promise<DedupeDecisionResult> {
  const ids = [...new Set(input.contactIds)];
  const wanted = input.decision === 'unmerge' ? 1 : 2;
  if (ids.length !== wanted) throw new DedupeDecisionError(`${input.decision} needs ${wanted} distinct contact id(s) (got ${input.contactIds.join(', ')})`, input.contactIds);
  const [found] = await deps.pool.query<RowDataPacket[]>('SELECT id, golden_id FROM contacts WHERE id IN (?)', [ids]);
  if (found.length !== ids.length) {
    const missing = ids.filter((id) => !found.some((r) => Number(r.id) === id));
    throw new DedupeDecisionError(`contact ${missing.join(', ')} does not exist`, missing);
  }
  let pairs: Array<[number, number]>;
  let affected: number[];
  if (input.decision === 'unmerge') {
    const golden = found[0]!.golden_id;
    const [members] = golden === null ? [[] as RowDataPacket[]] : await deps.pool.query<RowDataPacket[]>('SELECT id FROM contacts WHERE golden_id = ? AND id <> ?', [golden, ids[0]]);
    const others = members.map((r) => Number(r.id));
    if (others.length === 0) throw new DedupeDecisionError(`contact ${ids[0]} is not merged with any other contact`, ids);
    pairs = others.map((o) => [Math.min(o, ids[0]!), Math.max(o, ids[0]!)]);
    affected = [ids[0]!, ...others];
  } else {
    pairs = [[Math.min(ids[0]!, ids[1]!), Math.max(ids[0]!, ids[1]!)]];
    const goldens = found.map((r) => r.golden_id).filter((g) => g !== null);
    const [members] = goldens.length === 0 ? [[] as RowDataPacket[]] : await deps.pool.query<RowDataPacket[]>('SELECT id FROM contacts WHERE golden_id IN (?)', [goldens]);
    affected = [...new Set([...ids, ...members.map((r) => Number(r.id))])];
  }
  const decision = input.decision === 'merge' ? 'merge' : 'keep-apart';
  const origin = input.decision === 'unmerge' ? 'unmerge' : input.decision === 'merge' ? 'merge' : 'review';
  // Idempotent: (workflow id, pair) is unique, so a retried activity records nothing twice. decided_at is the
  // decision's own time (not the write's), so a decision replayed after a restore is recorded as it was.
  const decidedAt = new Date(input.at);
  if (Number.isNaN(decidedAt.getTime())) throw new DedupeDecisionError(`decision ${input.workflowId}: at is not a timestamp (${JSON.stringify(input.at)})`, ids);
  await deps.pool.query(
    'INSERT IGNORE INTO review_decisions (contact_a, contact_b, decision, origin, actor, reason, workflow_id, decided_at) VALUES ?',
    [pairs.map(([a, b]) => [a, b, decision, origin, input.actor, input.reason ?? null, input.workflowId, decidedAt])],
  );
  await deps.pool.query(
    "UPDATE review_queue SET status = 'decided', decided_at = CURRENT_TIMESTAMP(3) WHERE status = 'open' AND (contact_a, contact_b) IN (?)", [pairs]);
  await appendJournal(deps, {
    stream: input.decision === 'keep-apart' ? 'review-decisions' : 'merges', id: input.workflowId, at: input.at, actor: input.actor,
    payload: { decision: input.decision, contactIds: ids, pairs, reason: input.reason ?? null },
  });
  return { pairs: pairs.length, affected };
}
