// Evaluates a contact, a campaign and a time into the full tag set and the one reported tag (COMPLIANCE.md's order),
// each tag with the row or rule behind it, plus the next time the contact becomes callable when only the clock blocks.
import { activeConsents, activeEbr, type ActiveExemption } from './exemptions';
import type { CampaignRef, ComplianceFacts, ContactRef } from './facts';
import { checkCap } from './frequency-cap';
import { jurisdictionOf, type Jurisdiction } from './jurisdiction';
import { formatLocal, insideWindow, nextWindowOpening } from './local-time';
import { nanpVerdict } from './nanp';
import { registryStale } from './registry-freshness';
import type { RuleSet } from './rules';
import { standingOptOuts } from './suppressions';
import { blockingRank, isPhoneChannel, type BlockingTag, type ExemptionTag } from './tags';

export interface TagFinding {
  tag: BlockingTag | ExemptionTag;
  blocks: boolean;
  reason: string;
  /** The row, list copy or rule the tag comes from. */
  basis: unknown;
}

export interface Verdict {
  at: string;
  reported: BlockingTag | 'CALLABLE';
  callable: boolean;
  /** Blocking tags in reporting order, then the active exemptions. */
  tags: TagFinding[];
  /** When only the clock blocks (window, cap): the first time both allow a call; otherwise null. */
  nextEligibleAt: string | null;
  rules: { version: string; sha256: string };
  jurisdiction: Jurisdiction | null;
}

const CLOCK_TAGS: ReadonlySet<BlockingTag> = new Set(['OUTSIDE_CALLING_WINDOW', 'FREQ_CAPPED']);

function exemptionFindings(ebr: ActiveExemption[], consents: ActiveExemption[]): TagFinding[] {
  const out: TagFinding[] = [];
  if (ebr[0]) out.push({ tag: 'EBR_ACTIVE', blocks: false, reason: `${(ebr[0].basis as { kind: string }).kind} evidence, active until ${new Date(ebr[0].lapsesAt!).toISOString()}`, basis: ebr[0].basis });
  if (consents[0]) out.push({ tag: 'CONSENT_ACTIVE', blocks: false, reason: `written consent for brand ${(consents[0].basis as { brand: string }).brand}`, basis: consents[0].basis });
  return out;
}

/** `clock: false` leaves out what a scrub does not store (REGISTRY_STALE, the calling window, the frequency cap). */
export function evaluate(contact: ContactRef, campaign: CampaignRef, atMs: number, facts: ComplianceFacts, ruleSet: RuleSet, opts: { clock?: boolean } = {}): Verdict {
  const clock = opts.clock ?? true;
  const rules = ruleSet.rules;
  const found: TagFinding[] = [];
  const block = (tag: BlockingTag, reason: string, basis: unknown) => found.push({ tag, blocks: true, reason, basis });
  const phoneChannel = isPhoneChannel(campaign.channel);
  const nanp = nanpVerdict(contact.phone);
  if (phoneChannel && !nanp.ok) block('INVALID_PHONE', nanp.reason, { phone: contact.phone ? 'present' : null });
  if (!phoneChannel && !contact.email) block('INVALID_EMAIL', 'no e-mail address', null);

  const optOuts = standingOptOuts(facts.suppressions, contact, campaign, atMs, true);
  if (optOuts[0]) block('OPTED_OUT', `${optOuts[0].method} received ${new Date(optOuts[0].receivedAt).toISOString()}, channel ${optOuts[0].channel}, scope ${optOuts[0].scope}${optOuts[0].scopeValue ? ` ${optOuts[0].scopeValue}` : ''}`, optOuts[0]);

  const ebr = activeEbr(facts, contact, campaign, atMs, rules);
  const consents = activeConsents(facts, contact, campaign, atMs);
  let jurisdiction: Jurisdiction | null = null;
  if (phoneChannel && nanp.ok) {
    const reg = facts.registry;
    if (reg.litigator?.listed) block('LITIGATOR', `on the litigator list (copy ${reg.litigator.copy.copyId} as of ${reg.litigator.copy.asOf})`, reg.litigator.copy);
    if (!clock) {
      // stored part only
    } else if (!reg.federal) block('REGISTRY_STALE', `no federal copy was loaded for area code ${nanp.number.npa}`, { npa: nanp.number.npa });
    else if (registryStale(reg.federal.copy.asOf, atMs, rules)) {
      block('REGISTRY_STALE', `federal copy for area code ${nanp.number.npa} is as of ${reg.federal.copy.asOf}, older than ${rules.federal.registryMaxAgeDays} days`, reg.federal.copy);
    }
    const federalExempt = [...ebr, ...consents].filter((x) => rules.federal.exemptions.includes(x.kind));
    if (reg.federal?.listed && federalExempt.length === 0) block('DNC_FEDERAL', `on the federal registry (copy ${reg.federal.copy.copyId} as of ${reg.federal.copy.asOf})`, reg.federal.copy);
    for (const s of reg.states.filter((m) => m.listed)) {
      const allowed = rules.states[s.state]?.listExemptions ?? [];
      if (![...ebr, ...consents].some((x) => allowed.includes(x.kind))) {
        block('DNC_STATE', `on the ${s.state} list (copy ${s.copy.copyId} as of ${s.copy.asOf})${allowed.length ? '' : `; ${s.state} accepts no exemption`}`, s.copy);
      }
    }
    if (reg.wireless?.listed && campaign.dialMode === 'automated' && consents.length === 0) {
      block('WIRELESS_RESTRICTED', 'wireless number, automated dialling, no written consent for this brand', reg.wireless.copy);
    }
    if (!clock) return finish(found, ebr, consents, null, atMs, ruleSet, facts);
    jurisdiction = jurisdictionOf(contact, rules);
    const outside = jurisdiction.zones.filter((z) => !insideWindow(z, atMs, jurisdiction!.window));
    if (outside.length > 0) {
      block('OUTSIDE_CALLING_WINDOW', `local time ${outside.map((z) => `${formatLocal(z, atMs)} ${z}`).join(', ')} is outside ${jurisdiction.window.start}-${jurisdiction.window.end} (${jurisdiction.windowBasis.join(', ')})`, { window: jurisdiction.window, zones: jurisdiction.zones });
    }
    const cap = checkCap(facts.attempts, atMs, jurisdiction.cap);
    if (cap.capped) {
      block('FREQ_CAPPED', `${cap.counted.length} attempts in the last ${jurisdiction.cap.windowHours} h, cap ${jurisdiction.cap.attempts} (${jurisdiction.cap.basis})`, { attempts: cap.counted.map((t) => new Date(t).toISOString()), releasesAt: new Date(cap.releasesAt!).toISOString() });
    }
  }
  return finish(found, ebr, consents, jurisdiction, atMs, ruleSet, facts);
}

function finish(found: TagFinding[], ebr: ActiveExemption[], consents: ActiveExemption[], jurisdiction: Jurisdiction | null, atMs: number, ruleSet: RuleSet, facts: ComplianceFacts): Verdict {
  const rules = ruleSet.rules;
  found.sort((a, b) => blockingRank(a.tag as BlockingTag) - blockingRank(b.tag as BlockingTag));
  const reported = found[0]?.tag as BlockingTag | undefined;
  let nextEligibleAt: string | null = null;
  if (reported && jurisdiction && found.every((f) => CLOCK_TAGS.has(f.tag as BlockingTag))) {
    const release = checkCap(facts.attempts, atMs, jurisdiction.cap).releasesAt ?? atMs;
    const t = nextWindowOpening(jurisdiction.zones, Math.max(atMs, release), jurisdiction.window);
    nextEligibleAt = t === null ? null : new Date(t).toISOString();
  }
  return {
    at: new Date(atMs).toISOString(),
    reported: reported ?? 'CALLABLE',
    callable: reported === undefined,
    tags: [...found, ...exemptionFindings(ebr, consents)],
    nextEligibleAt,
    rules: { version: rules.version, sha256: ruleSet.sha256 },
    jurisdiction,
  };
}

