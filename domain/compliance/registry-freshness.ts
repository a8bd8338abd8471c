// COMPLIANCE.md's freshness rule: a scrub or check must use a federal copy no older than the rules allow (31 days).
// An area code's clock starts on its full copy's download date and moves to each applied change list's date
// (registry_versions.as_of of its newest version). Used by `check` (evaluate.ts) and by the call lists at read time.
import type { Rules } from './rules';

const DAY_MS = 86_400_000;

/** Whether an area code whose newest federal copy is as of `federalAsOf` (null: none was ever loaded) is REGISTRY_STALE at `atMs`. */
export function registryStale(federalAsOf: string | null, atMs: number, rules: Rules): boolean {
  if (federalAsOf === null) return true;
  return atMs - Date.parse(federalAsOf) > rules.federal.registryMaxAgeDays * DAY_MS;
}
