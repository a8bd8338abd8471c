// The stored part of a contact's status (COMPLIANCE.md "What is stored"): what a scrub writes per contact. The clock
// tags (REGISTRY_STALE, calling window, frequency cap) are left to read time. `status` is the reported stored tag for
// a VOICE campaign with automated dialling and no brand: what a list without a campaign filters on.
import { activeConsents, activeEbr } from './exemptions';
import { evaluate } from './evaluate';
import type { CampaignRef, ComplianceFacts, ContactRef } from './facts';
import { nanpVerdict } from './nanp';
import type { RuleSet } from './rules';
import { standingOptOuts } from './suppressions';
import { CHANNELS, type BlockingTag } from './tags';

/**
 * The tags a stored status can hold: CALLABLE or a blocking tag a scrub stores (not the clock tags, not REGISTRY_STALE,
 * not the e-mail channel's INVALID_EMAIL). The dashboard's list filters on them, with UNSCRUBBED for a record no scrub
 * has a result for.
 */
export const STORED_TAGS = ['CALLABLE', 'INVALID_PHONE', 'OPTED_OUT', 'LITIGATOR', 'DNC_FEDERAL', 'DNC_STATE', 'WIRELESS_RESTRICTED'] as const satisfies ReadonlyArray<BlockingTag | 'CALLABLE'>;
export const UNSCRUBBED = 'UNSCRUBBED';

export const STORED_CAMPAIGN: CampaignRef = { channel: 'VOICE', brand: null, campaign: null, dialMode: 'automated' };

export interface StoredRow {
  contactId: number;
  npa: string | null;
  status: BlockingTag | 'CALLABLE';
  invalidPhone: boolean;
  /** Channels with a standing global opt-out: 'ALL', or some of VOICE,SMS,EMAIL comma-separated; '' for none. */
  optedOut: string;
  /** Brand- or campaign-scoped opt-outs exist. */
  scopedOptOuts: boolean;
  litigator: boolean;
  dncFederal: boolean;
  /** State lists holding the number, comma-separated USPS codes (each once, sorted). */
  dncStates: string;
  wireless: boolean;
  /** When the company-wide EBR lapses (epoch ms), null without one. */
  ebrUntil: number | null;
  consentBrands: string;
}

/** The common case: no suppression, evidence or consent row; only list memberships. */
export function storedRowFromLists(contactId: number, npa: string | null, invalidPhone: boolean, m: { litigator: boolean; federal: boolean; states: string[]; wireless: boolean }): StoredRow {
  const status: StoredRow['status'] = invalidPhone ? 'INVALID_PHONE' : m.litigator ? 'LITIGATOR' : m.federal ? 'DNC_FEDERAL' : m.states.length ? 'DNC_STATE' : m.wireless ? 'WIRELESS_RESTRICTED' : 'CALLABLE';
  return {
    contactId, npa, status, invalidPhone, optedOut: '', scopedOptOuts: false, litigator: m.litigator, dncFederal: m.federal, dncStates: m.states.join(','),
    wireless: m.wireless, ebrUntil: null, consentBrands: '',
  };
}

/** The general case, through the same evaluation `check` uses (without the clock tags). */
export function storedRow(contactId: number, contact: ContactRef, facts: ComplianceFacts, atMs: number, ruleSet: RuleSet): StoredRow {
  const nanp = nanpVerdict(contact.phone);
  const verdict = evaluate(contact, STORED_CAMPAIGN, atMs, facts, ruleSet, { clock: false });
  const channels = CHANNELS.filter((channel) => standingOptOuts(facts.suppressions, contact, { ...STORED_CAMPAIGN, channel }, atMs, true).some((o) => o.scope === 'global'));
  const ebr = activeEbr(facts, contact, STORED_CAMPAIGN, atMs, ruleSet.rules);
  const brands = [...new Set(facts.consents.map((c) => c.brand))].filter((brand) => activeConsents(facts, contact, { ...STORED_CAMPAIGN, brand }, atMs).length > 0);
  const reg = facts.registry;
  return {
    contactId, npa: nanp.ok ? nanp.number.npa : null, status: verdict.reported, invalidPhone: !nanp.ok,
    optedOut: channels.length === CHANNELS.length ? 'ALL' : channels.join(','),
    scopedOptOuts: facts.suppressions.some((s) => s.kind === 'opt-out' && s.scope !== 'global' && s.receivedAt <= atMs),
    litigator: Boolean(reg.litigator?.listed), dncFederal: Boolean(reg.federal?.listed), dncStates: reg.states.filter((s) => s.listed).map((s) => s.state).sort().join(','),
    wireless: Boolean(reg.wireless?.listed), ebrUntil: ebr[0]?.lapsesAt ?? null, consentBrands: brands.sort().join(',').slice(0, 255),
  };
}
