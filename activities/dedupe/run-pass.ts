// Runs one dedupe pass without Temporal: the activities DedupeWorkflow schedules, in the order it schedules them, one
// at a time. For a restore's journal replay (activities/recovery/), which must work while Temporal or the workers are
// down; anything else runs passes as DedupeWorkflow. Keep the phases in step with workflows/dedupe.ts.
import type { PassCounts, PassKind } from './pass-lifecycle';
import type { RuleStats } from './score-blocks';
import { createDedupeActivities, type DedupeDeps } from './dedupe-activities';

export interface RunPassInput {
  /** The pass's business key: a re-run with the same id resumes or finds the committed pass. */
  workflowId: string;
  kind: PassKind;
  actor: string;
  contactIds?: number[];
}

export interface RunPassResult {
  passId: number;
  contactsInScope: number;
  counts: PassCounts;
}

export async function runDedupePass(deps: DedupeDeps, input: RunPassInput): Promise<RunPassResult> {
  const acts = createDedupeActivities(deps);
  const plan = await acts.beginDedupePass({ workflowId: input.workflowId, kind: input.kind, actor: input.actor, ...(input.contactIds ? { contactIds: input.contactIds } : {}) });
  try {
    const pass = { passId: plan.passId, kind: plan.kind };
    for (const range of plan.idRanges) await acts.computeDedupeKeys({ ...pass, range });
    const rules: RuleStats[] = [];
    for (const range of plan.keyRanges) rules.push(await acts.scoreDedupeBlocks({ ...pass, range }));
    const cluster = await acts.clusterDedupePass(pass);
    const apply = { passId: plan.passId, actor: input.actor };
    const goldens = await acts.applyDedupeGoldens(apply);
    const contacts = { moved: 0, singletonsCreated: 0, singletonsRefreshed: 0 };
    for (const range of plan.idRanges) {
      const r = await acts.applyDedupeContacts({ ...apply, range });
      contacts.moved += r.moved;
      contacts.singletonsCreated += r.singletonsCreated;
      contacts.singletonsRefreshed += r.singletonsRefreshed;
    }
    const sum = (k: 'candidatePairs' | 'matchPairs' | 'reviewPairs') => rules.reduce((t, s) => t + s[k], 0);
    const counts = await acts.finishDedupePass({
      passId: plan.passId, workflowId: input.workflowId,
      stats: { rules, candidatePairs: sum('candidatePairs'), matchPairs: sum('matchPairs'), reviewPairs: sum('reviewPairs'), cluster, goldens, contacts },
    });
    return { passId: plan.passId, contactsInScope: plan.contactsInScope, counts };
  } catch (err) {
    // As the workflow does: a failed pass frees the pass lock at once (else the next pass waits out the lease).
    await acts.releaseDedupePassLock({ passId: plan.passId, workflowId: input.workflowId });
    throw err;
  }
}
