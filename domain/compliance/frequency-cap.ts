// FREQ_CAPPED: attempts to the number in [t - window, t) against the cap, and when the count drops below it again.
import type { Jurisdiction } from './jurisdiction';

export interface CapCheck {
  /** Attempts counted, ascending. */
  counted: number[];
  capped: boolean;
  /** When enough counted attempts have left the window for the count to be under the cap (null: not capped). */
  releasesAt: number | null;
}

export function checkCap(attempts: readonly number[], atMs: number, cap: Jurisdiction['cap']): CapCheck {
  const windowMs = cap.windowHours * 3_600_000;
  const counted = attempts.filter((t) => t >= atMs - windowMs && t < atMs).sort((a, b) => a - b);
  if (counted.length < cap.attempts) return { counted, capped: false, releasesAt: null };
  // The count falls under the cap once counted.length - cap + 1 of the oldest attempts have left the window.
  return { counted, capped: true, releasesAt: counted[counted.length - cap.attempts]! + windowMs };
}
