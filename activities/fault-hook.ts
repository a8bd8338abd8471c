// A test-only fault hook, so a test can kill a worker at an exact point of an activity instead of guessing with
// sleeps: FAULT_HOOK=pause-at:<point>[,<point>...] makes every activity that reaches one of those points print one
// JSON line ("fault hook paused", with the point, workflow, activity id and attempt) and then wait for ever (it keeps
// heartbeating through keepAlive, like a live activity would) until the test kills the process.
//
// Inert and zero-cost when FAULT_HOOK is unset (always, outside tests): the variable is read once when this module
// loads, and faultPoint() then returns undefined at once without touching the activity context.
import { Context } from '@temporalio/activity';
import type { DbPool } from './deps';

export type FaultPoint = 'inspect' | 'export' | 'ingest';

function parse(spec: string | undefined): ReadonlySet<string> {
  if (!spec) return new Set();
  const m = /^pause-at:([a-z,]+)$/.exec(spec.trim());
  if (!m) throw new Error(`FAULT_HOOK must look like pause-at:inspect[,export,ingest] (got ${JSON.stringify(spec)})`);
  return new Set(m[1]!.split(','));
}

const PAUSE_AT = parse(process.env.FAULT_HOOK);

/** Whether the hook pauses at `point` in this process; lets a caller skip even building its arguments. */
export function faultHookActive(point: FaultPoint): boolean {
  return PAUSE_AT.has(point);
}

/** Pauses here for ever when FAULT_HOOK names `point`; otherwise returns undefined immediately. */
export function faultPoint(point: FaultPoint, data: Record<string, unknown> = {}): Promise<never> | undefined {
  if (!PAUSE_AT.has(point)) return undefined;
  const info = Context.current().info;
  console.log(JSON.stringify({
    msg: 'fault hook paused', point, workflowId: info.workflowExecution?.workflowId, runId: info.workflowExecution?.runId,
    activityId: info.activityId, activityType: info.activityType, attempt: info.attempt, pid: process.pid, atMs: Date.now(), ...data,
  }));
  return new Promise<never>(() => {});
}

/**
 * The pool as it is, unless the hook pauses at `ingest`: then each connection's commit() first reaches
 * faultPoint('ingest'), so the batch pauses with its whole transaction staged and merged but not committed.
 */
export function pauseBeforeCommit(pool: DbPool, data: Record<string, unknown>): DbPool {
  if (!faultHookActive('ingest')) return pool;
  const connection = (conn: object) => new Proxy(conn, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'commit') return async (...args: unknown[]) => {
        await faultPoint('ingest', data);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    query: pool.query.bind(pool),
    execute: pool.execute.bind(pool),
    getConnection: async () => connection(await pool.getConnection()),
  } as DbPool;
}
