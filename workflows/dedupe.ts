// DedupeWorkflow: one dedupe pass, full or incremental (contacts changed since the last pass, against everything).
// Phases run as partitioned activities any worker can take: block keys per contact-id range, scoring per block-key
// range, clustering, apply (golden records, then contacts per id range), finish. Passes references only; the
// progress query reports the phase and the counts so far (pairs per rule, merges, review queue).
import { CancellationScope, defineQuery, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { IdRange, KeyRange, PassKind, PassPlan } from '../activities/dedupe/pass-lifecycle';
import type { IfBusy } from '../activities/dedupe/pass-lock';
import type { RuleStats } from '../activities/dedupe/score-blocks';
import type { ClusterPassResult } from '../activities/dedupe/cluster-pass';
import type { ApplyContactsResult, ApplyGoldenResult } from '../activities/dedupe/apply-pass';
import type { PassCounts } from '../activities/dedupe/pass-lifecycle';
import { dedupeActivities } from './activity-proxies';
import { startRefreshAfter } from './refresh-after';

export interface DedupeInput {
  kind: PassKind;
  /** Who asked (a person's CLI, the post-migration workflow, a schedule): recorded on the pass and its audit rows. */
  actor: string;
  /** A person's decision (merge, unmerge): recompute these contacts' clusters only, outside the change feed. */
  contactIds?: number[];
  /** Activities of one phase in flight at once (default 3). */
  concurrency?: number;
  /** Another pass holds the pass lock (one pass runs at a time): wait for it (default) or fail at once naming it. */
  ifBusy?: IfBusy;
  /** Heartbeat timeout of the pass's activities (tests set it low). */
  heartbeatTimeoutSec?: number;
  /** A standalone pass (CLI, a person's decision): start the dashboard refresh when it commits. Post-migration refreshes itself. */
  refreshDashboard?: boolean;
}

export type DedupePhase = 'starting' | 'keys' | 'scoring' | 'clustering' | 'applying' | 'finishing' | 'done';

export interface DedupeProgress {
  passId: number | null;
  kind: PassKind;
  phase: DedupePhase;
  partsDone: number;
  partsTotal: number;
  contactsInScope: number;
  rules: RuleStats[];
  candidatePairs: number;
  matchPairs: number;
  reviewPairs: number;
  /** When each phase started (workflow time, ms): the pass's step timings. */
  phaseStarts?: Array<{ phase: DedupePhase; atMs: number }>;
}

export interface DedupeResult extends DedupeProgress {
  plan: Omit<PassPlan, 'idRanges' | 'keyRanges'>;
  cluster: ClusterPassResult;
  goldens: ApplyGoldenResult;
  contacts: ApplyContactsResult;
  counts: PassCounts;
  startedAtMs: number;
  finishedAtMs: number;
  /** The dashboard refresh this pass started (refreshDashboard), running on after it. */
  dashboardRefreshId?: string;
}

export const dedupeProgressQuery = defineQuery<DedupeProgress>('dedupeProgress');

/** Runs `fn` over `items` with at most `limit` in flight, results in item order. */
async function inWindow<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>, onDone: () => void): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
      onDone();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

function mergeRuleStats(all: RuleStats[]): RuleStats[] {
  const byRule = new Map<string, RuleStats>();
  for (const s of all) {
    const t = byRule.get(s.rule);
    if (!t) {
      byRule.set(s.rule, { ...s, largestBlocks: [...s.largestBlocks] });
      continue;
    }
    t.blocks += s.blocks;
    t.estimatedPairs += s.estimatedPairs;
    t.candidatePairs += s.candidatePairs;
    t.matchPairs += s.matchPairs;
    t.reviewPairs += s.reviewPairs;
    t.oversizedBlocks += s.oversizedBlocks;
    t.skippedBlocks += s.skippedBlocks;
    t.largestBlocks = [...t.largestBlocks, ...s.largestBlocks].sort((a, b) => b - a).slice(0, 5);
  }
  return [...byRule.values()];
}

export async function dedupeWorkflow(input: DedupeInput): Promise<DedupeResult> {
  const acts = dedupeActivities(input.heartbeatTimeoutSec);
  const startedAtMs = Date.now();
  const progress: DedupeProgress = {
    passId: null, kind: input.kind, phase: 'starting', partsDone: 0, partsTotal: 0, contactsInScope: 0, rules: [], candidatePairs: 0, matchPairs: 0, reviewPairs: 0,
  };
  setHandler(dedupeProgressQuery, () => progress);
  const phase = (name: DedupePhase, total: number) => {
    (progress.phaseStarts ??= []).push({ phase: name, atMs: Date.now() });
    progress.phase = name;
    progress.partsDone = 0;
    progress.partsTotal = total;
  };
  const tick = () => {
    progress.partsDone++;
  };
  const { workflowId } = workflowInfo();

  const plan = await acts.beginDedupePass({
    workflowId, kind: input.kind, actor: input.actor, ...(input.contactIds ? { contactIds: input.contactIds } : {}), ...(input.ifBusy ? { ifBusy: input.ifBusy } : {}),
  });
  let result: DedupeResult;
  try {
    result = await runPass(input, acts, plan, progress, phase, tick, startedAtMs);
  } catch (err) {
    // A failed or cancelled pass frees the pass lock at once (else the next pass waits out the lease).
    if (patched('dedupe-pass-lock-release')) {
      await CancellationScope.nonCancellable(() => acts.releaseDedupePassLock({ passId: plan.passId, workflowId }));
    }
    throw err;
  }
  if (input.refreshDashboard && patched('dedupe-refresh-dashboard')) result.dashboardRefreshId = await startRefreshAfter('dedupe');
  return result;
}

async function runPass(
  input: DedupeInput, acts: ReturnType<typeof dedupeActivities>, plan: PassPlan, progress: DedupeProgress, phase: (name: DedupePhase, total: number) => void,
  tick: () => void, startedAtMs: number,
): Promise<DedupeResult> {
  const limit = input.concurrency ?? 3;
  const { workflowId } = workflowInfo();
  progress.passId = plan.passId;
  progress.kind = plan.kind;
  progress.contactsInScope = plan.contactsInScope;
  const pass = { passId: plan.passId, kind: plan.kind };

  phase('keys', plan.idRanges.length);
  await inWindow(plan.idRanges, limit, (range: IdRange) => acts.computeDedupeKeys({ ...pass, range }), tick);

  phase('scoring', plan.keyRanges.length);
  const ruleStats: RuleStats[] = [];
  await inWindow(plan.keyRanges, limit, async (range: KeyRange) => {
    const s = await acts.scoreDedupeBlocks({ ...pass, range });
    ruleStats.push(s);
    progress.rules = mergeRuleStats(ruleStats);
    progress.candidatePairs += s.candidatePairs;
    progress.matchPairs += s.matchPairs;
    progress.reviewPairs += s.reviewPairs;
    return s;
  }, tick);

  phase('clustering', 1);
  const cluster = await acts.clusterDedupePass(pass);
  tick();

  phase('applying', 1 + plan.idRanges.length);
  const apply = { passId: plan.passId, actor: input.actor };
  const goldens = await acts.applyDedupeGoldens(apply);
  tick();
  const perRange = await inWindow(plan.idRanges, limit, (range: IdRange) => acts.applyDedupeContacts({ ...apply, range }), tick);
  const contacts = perRange.reduce<ApplyContactsResult>((t, r) => ({
    moved: t.moved + r.moved, singletonsCreated: t.singletonsCreated + r.singletonsCreated, singletonsRefreshed: t.singletonsRefreshed + r.singletonsRefreshed,
  }), { moved: 0, singletonsCreated: 0, singletonsRefreshed: 0 });

  phase('finishing', 1);
  const { idRanges: _ids, keyRanges: _keys, ...planSummary } = plan;
  const counts = await acts.finishDedupePass({
    passId: plan.passId, workflowId, stats: { rules: progress.rules, candidatePairs: progress.candidatePairs, matchPairs: progress.matchPairs, reviewPairs: progress.reviewPairs, cluster, goldens, contacts },
  });
  tick();
  progress.phase = 'done';
  progress.phaseStarts?.push({ phase: 'done', atMs: Date.now() });
  return { ...progress, plan: planSummary, cluster, goldens, contacts, counts, startedAtMs, finishedAtMs: Date.now() };
}
