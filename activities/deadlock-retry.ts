// InnoDB picks a deadlock victim and rolls its whole transaction back; the caller runs the work again.

const DEADLOCK_RETRIES = 8;

/**
 * True for the errors after which running the same work again is correct: a deadlock victim, a row lock wait timeout,
 * or a wait for a table's AUTO-INC lock that timed out (MariaDB reports it as ER_AUTOINC_READ_FAILED).
 */
export function isLockConflict(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'ER_AUTOINC_READ_FAILED';
}

/**
 * Runs `fn` again, after a short random pause, when it failed as a deadlock victim or on a lock wait timeout; at most
 * eight tries, then the error goes to the caller (and the activity's retry policy). `fn` is a single statement outside
 * a transaction, or a whole transaction that has rolled back before it throws.
 */
export async function withDeadlockRetry<T>(fn: () => Promise<T>, onRetry?: (err: Error, attempt: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= DEADLOCK_RETRIES || !isLockConflict(err)) throw err;
      onRetry?.(err as Error, attempt);
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.floor(Math.random() * 50)));
    }
  }
}
