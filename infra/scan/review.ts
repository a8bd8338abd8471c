// Holds checkov's findings against the reviewed list: every failure must be accepted with a reason, and every acceptance must still fail.
import type { EnvironmentName } from '../config';
import type { Finding, StackScan } from './checkov';

export interface AcceptedFinding {
  readonly check: string;
  /** Addresses (`type.name`, as Finding.address) the acceptance covers, or `type.*` for every resource of a type. */
  readonly resources: readonly string[];
  readonly environments: readonly EnvironmentName[];
  /** Why failing this check is right here: cost, a dev-only trade-off, or why it does not apply. */
  readonly reason: string;
}

export interface EnvironmentScan {
  readonly environment: EnvironmentName;
  readonly scan: StackScan;
}

export interface ReviewedScan {
  readonly environment: EnvironmentName;
  readonly stack: string;
  readonly passed: Finding[];
  readonly accepted: Finding[];
  readonly unreviewed: Finding[];
}

/** An acceptance (one check, one resource pattern, one environment) that matched no failed check: it must go. */
export interface StaleAcceptance {
  readonly check: string;
  readonly resource: string;
  readonly environment: EnvironmentName;
}

export interface Review {
  readonly scans: ReviewedScan[];
  readonly stale: StaleAcceptance[];
}

function matches(pattern: string, address: string): boolean {
  return pattern.endsWith('.*') ? address.startsWith(pattern.slice(0, -1)) : address === pattern;
}

export function reviewFindings(scans: readonly EnvironmentScan[], acceptedList: readonly AcceptedFinding[]): Review {
  const used = new Set<string>();
  const usage = (entry: AcceptedFinding, pattern: string, environment: EnvironmentName) => `${entry.check}|${pattern}|${environment}`;
  const reviewed = scans.map(({ environment, scan }): ReviewedScan => {
    const accepted: Finding[] = [];
    const unreviewed: Finding[] = [];
    for (const finding of scan.failed) {
      let covered = false;
      for (const entry of acceptedList) {
        if (entry.check !== finding.check || !entry.environments.includes(environment)) continue;
        for (const pattern of entry.resources) {
          if (!matches(pattern, finding.address)) continue;
          covered = true;
          used.add(usage(entry, pattern, environment));
        }
      }
      (covered ? accepted : unreviewed).push(finding);
    }
    return { environment, stack: scan.stack, passed: scan.passed, accepted, unreviewed };
  });
  const scanned = new Set(scans.map((s) => s.environment));
  const stale = acceptedList.flatMap((entry) =>
    entry.environments
      .filter((environment) => scanned.has(environment))
      .flatMap((environment) =>
        entry.resources.filter((pattern) => !used.has(usage(entry, pattern, environment))).map((resource) => ({ check: entry.check, resource, environment })),
      ),
  );
  return { scans: reviewed, stale };
}

/** Lines for people: counts per stack, then every unreviewed finding and stale acceptance. */
export function formatReview(review: Review, checkovVersion: string): string[] {
  const lines = review.scans.map(
    (s) => `checkov ${checkovVersion} ${s.stack}: ${s.passed.length} passed, ${s.accepted.length + s.unreviewed.length} failed (${s.accepted.length} accepted, ${s.unreviewed.length} unreviewed)`,
  );
  for (const s of review.scans) {
    for (const f of s.unreviewed) lines.push(`  unreviewed in ${s.stack}: ${f.check} ${f.address} (${f.title})`);
  }
  for (const s of review.stale) lines.push(`  accepted but no longer failing in ${s.environment}: ${s.check} ${s.resource} (remove it from infra/scan/accepted-findings.ts)`);
  return lines;
}
