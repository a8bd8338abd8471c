// EBR and written consent: when each is active at a time and when it lapses. An opt-out received after the
// evidence (or the consent) ends it: an opt-out beats EBR and consent.
import type { CampaignRef, ComplianceFacts, ConsentFact, ContactRef, EvidenceFact, SuppressionFact } from './facts';
import type { Rules } from './rules';
import { standingOptOuts } from './suppressions';

export interface ActiveExemption {
  kind: 'EBR' | 'CONSENT';
  /** When it lapses by itself (EBR: evidence date + 18 / 3 months; consent: never unless revoked → null). */
  lapsesAt: number | null;
  basis: EvidenceFact | ConsentFact;
}

/** `atMs` plus whole calendar months (UTC), clamped to the month's last day. */
export function addMonths(atMs: number, months: number): number {
  const d = new Date(atMs);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}

function endedByOptOut(since: number, optOuts: readonly SuppressionFact[]): SuppressionFact | undefined {
  return optOuts.find((o) => o.receivedAt > since);
}

/** The EBR evidence that is active for the campaign's brand at `atMs`, latest lapse first. */
export function activeEbr(facts: ComplianceFacts, contact: ContactRef, campaign: CampaignRef, atMs: number, rules: Rules): ActiveExemption[] {
  // Any standing opt-out of the contact for this brand ends the relationship, whatever its channel.
  const optOuts = standingOptOuts(facts.suppressions, contact, campaign, atMs, false);
  const out: ActiveExemption[] = [];
  for (const e of facts.evidence) {
    if (e.occurredAt > atMs || (e.brand !== null && e.brand !== campaign.brand)) continue;
    const months = e.kind === 'transaction' ? rules.federal.ebr.transactionMonths : rules.federal.ebr.inquiryMonths;
    const lapsesAt = addMonths(e.occurredAt, months);
    if (lapsesAt <= atMs || endedByOptOut(e.occurredAt, optOuts)) continue;
    out.push({ kind: 'EBR', lapsesAt, basis: e });
  }
  return out.sort((a, b) => b.lapsesAt! - a.lapsesAt!);
}

/** Written consents for the campaign's brand, granted by `atMs`, not revoked, not followed by an opt-out covering the campaign. */
export function activeConsents(facts: ComplianceFacts, contact: ContactRef, campaign: CampaignRef, atMs: number): ActiveExemption[] {
  if (campaign.brand === null) return [];
  const optOuts = standingOptOuts(facts.suppressions, contact, campaign, atMs, true);
  return facts.consents
    .filter((c) => c.brand === campaign.brand && c.grantedAt <= atMs && (c.revokedAt === null || c.revokedAt > atMs) && !endedByOptOut(c.grantedAt, optOuts))
    .map((c) => ({ kind: 'CONSENT' as const, lapsesAt: c.revokedAt, basis: c }));
}
