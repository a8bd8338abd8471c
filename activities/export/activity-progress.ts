// Resume points, cancellation checks and structured logs through the Temporal activity context, inert when called outside one (CLI, scripts).
import { Context } from '@temporalio/activity';

function current(): Context | undefined {
  try {
    return Context.current();
  } catch {
    // Not running inside an activity (direct call from a script): progress reporting is simply off.
    return undefined;
  }
}

/** The details of the last heartbeat of a previous attempt, if this is a retry. */
export function lastHeartbeatDetails(): unknown {
  return current()?.info.heartbeatDetails;
}

/** Throws the cancellation reason when the activity was cancelled (checked between batches). */
export function throwIfCancelled(): void {
  const signal = current()?.cancellationSignal;
  if (signal?.aborted) throw signal.reason;
}

/**
 * Calls `fn` with the reason once the activity is cancelled (workflow cancellation, heartbeat timeout, worker
 * shutdown), so I/O that has no bound of its own is ended rather than left running; returns the unsubscribe.
 */
export function onCancel(fn: (reason: unknown) => void): () => void {
  const signal = current()?.cancellationSignal;
  if (!signal) return () => {};
  const listener = () => fn(signal.reason);
  signal.addEventListener('abort', listener, { once: true });
  if (signal.aborted) listener();
  return () => signal.removeEventListener('abort', listener);
}

export function logInfo(message: string, data: Record<string, unknown>): void {
  current()?.log.info(message, data);
}

export function logWarn(message: string, data: Record<string, unknown>): void {
  current()?.log.warn(message, data);
}
