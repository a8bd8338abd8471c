// Activity factory of the dedupe pass: begin, block keys per id range, scoring per block-key range, clustering,
// apply, finish. Each is idempotent; the long ones heartbeat a cursor and a retry resumes from it.
import { Context } from '@temporalio/activity';
import type { RowDataPacket } from 'mysql2';
import { SHIPPED_MODEL, type DedupeModel } from '../../domain/dedupe/model';
import type { ActivityDeps } from '../deps';
import { keepAlive } from '../keep-alive';
import { applyContacts, applyGoldens, type ApplyInput } from './apply-pass';
import { computeBlockKeys, type BlockKeysInput } from './block-keys';
import { clusterPass, type ClusterPassInput } from './cluster-pass';
import { beginPass, finishPass, type BeginPassInput, type IdRange } from './pass-lifecycle';
import { scoreBlocks, type ScoreBlocksInput } from './score-blocks';
import { assertHolds, releasePassLock, underPassLock } from './pass-lock';
import { recordDecision, type DedupeDecisionInput } from './decisions';

export type DedupeDeps = Pick<ActivityDeps, 'pool' | 's3' | 'buckets' | 'metrics'> & { dedupeModel?: DedupeModel };

/** The previous attempt's heartbeat details, when this attempt is a retry. */
function resumePoint<T>(): T | null {
  try {
    return (Context.current().info.heartbeatDetails as T | undefined) ?? null;
  } catch {
    return null;
  }
}

export function createDedupeActivities(deps: DedupeDeps) {
  const model = deps.dedupeModel ?? SHIPPED_MODEL;
  return {
    async beginDedupePass(input: BeginPassInput) {
      return keepAlive(() => beginPass(deps.pool, model, input));
    },
    async computeDedupeKeys(input: BlockKeysInput) {
      const resume = resumePoint<{ lastId: number }>();
      return keepAlive(() => underPassLock(deps.pool, input.passId, () => computeBlockKeys(deps.pool, input, resume?.lastId ?? null)));
    },
    async scoreDedupeBlocks(input: ScoreBlocksInput) {
      const resume = resumePoint<{ lastKey: number }>();
      return keepAlive(() => underPassLock(deps.pool, input.passId, () => scoreBlocks(deps.pool, model, input, resume?.lastKey ?? null)));
    },
    async clusterDedupePass(input: ClusterPassInput) {
      return keepAlive(() => underPassLock(deps.pool, input.passId, () => clusterPass(deps.pool, model, input)));
    },
    async applyDedupeGoldens(input: ApplyInput) {
      return keepAlive(() => underPassLock(deps.pool, input.passId, () => applyGoldens(deps.pool, input)));
    },
    async applyDedupeContacts(input: ApplyInput & { range: IdRange }) {
      return keepAlive(() => underPassLock(deps.pool, input.passId, () => applyContacts(deps.pool, input, input.range)));
    },
    /** A pass that failed or was cancelled: marked failed, its lock freed (its cut stays for the next pass). */
    async releaseDedupePassLock(input: { passId: number; workflowId: string }) {
      await deps.pool.query("UPDATE dedupe_passes SET status = 'failed', finished_at = CURRENT_TIMESTAMP(3) WHERE id = ? AND status = 'running'", [input.passId]);
      await releasePassLock(deps.pool, input.passId, input.workflowId);
    },
    async recordDedupeDecision(input: DedupeDecisionInput) {
      return keepAlive(() => recordDecision(deps, input));
    },
    async finishDedupePass(input: { passId: number; workflowId: string; stats: unknown }) {
      const [before] = await deps.pool.query<RowDataPacket[]>('SELECT status FROM dedupe_passes WHERE id = ?', [input.passId]);
      if (before[0]?.status !== 'committed') await assertHolds(deps.pool, input.passId);
      const counts = await keepAlive(() => finishPass(deps.pool, input.passId, input.workflowId, input.stats));
      // Counted once, by the call that committed the pass (a retry after the commit finds it committed).
      if (deps.metrics && before[0]?.status !== 'committed') {
        const [byRule] = await deps.pool.query<RowDataPacket[]>(
          "SELECT COALESCE(rule, 'none') AS rule, COUNT(*) AS n FROM dedupe_log WHERE pass_id = ? AND action = 'merge' GROUP BY rule", [input.passId],
        );
        deps.metrics.recordDedupePass({ merges: Object.fromEntries(byRule.map((r) => [String(r.rule), Number(r.n)])), reviewQueueSize: counts.reviewQueueOpen });
      }
      return counts;
    },
  };
}
