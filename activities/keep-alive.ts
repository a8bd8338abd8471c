// Keeps a long activity visibly alive: heartbeats every third of its heartbeat timeout while it runs (through one
// long SQL statement or a slow source scan), resending its latest progress details, so a dead worker's activity
// times out and is retried on another worker within the heartbeat timeout, and a live one never does.
import { Context } from '@temporalio/activity';

/** The latest details each running activity reported (resent by the timer so they are never overwritten). */
const latest = new WeakMap<Context, unknown>();

function current(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside an activity (a script or a test): nothing to keep alive
  }
}

/** Heartbeats `details` now and makes them the details the keep-alive timer resends. */
export function heartbeatDetails(details: unknown): void {
  const ctx = current();
  if (!ctx) return;
  latest.set(ctx, details);
  ctx.heartbeat(details);
}

/** Runs `fn` while heartbeating; a no-op wrapper outside an activity or when the activity has no heartbeat timeout. */
export async function keepAlive<T>(fn: () => Promise<T>): Promise<T> {
  const ctx = current();
  const timeoutMs = ctx?.info.heartbeatTimeoutMs;
  if (!ctx || !timeoutMs) return fn();
  // Until this attempt reports progress, resend the previous attempt's details: they are its resume point.
  if (!latest.has(ctx)) latest.set(ctx, ctx.info.heartbeatDetails);
  const timer = setInterval(() => ctx.heartbeat(latest.get(ctx)), Math.max(1000, Math.floor(timeoutMs / 3)));
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

/**
 * Throws when the running activity was cancelled (its heartbeat timed out, the worker is shutting down): a long loop
 * calls it between steps so an abandoned attempt stops writing before its retry starts. A no-op outside an activity.
 */
export function throwIfCancelled(): void {
  current()?.cancellationSignal.throwIfAborted();
}
