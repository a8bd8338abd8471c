// Which call lists a record may be on, from the stored part of its status (COMPLIANCE.md "What is stored"): the
// dashboard's refresh evaluates it once per record for each list class (channel x dialling mode) and keeps one bit per
// class (`blocked_mask`); a list request leaves out the records blocked for its class. The clock tags (calling window,
// frequency cap, REGISTRY_STALE) and the lapse of an EBR after the refresh are evaluated at request time
// (dashboard/read/read-time-rules.ts). The refresh computes the mask set-based with the SQL built here from the same
// rules; test/domain/list-classes.test.ts checks the SQL and blockedFor agree on every combination of facts.
//
// Where the stored facts cannot decide for a campaign the record is blocked (conservative): brand- or campaign-scoped
// opt-outs exist (which brand they name is not stored per record), and written consent for a brand is not an
// exemption here (a list class has no brand: a DNC or wireless record callable only with a brand's consent is left
// out; `check` for that brand would allow it). A record no scrub has a result for is blocked for every class.
import type { Rules } from './rules';
import type { StoredRow } from './stored-status';
import type { BlockingTag, Channel, DialMode } from './tags';

/**
 * List classes. SMS follows the dialling mode as `check` does (evaluate.ts blocks WIRELESS_RESTRICTED for automated
 * dialling on either phone channel: an autodialled text to a wireless number needs written consent, a text an agent
 * sends one by one does not), so a list never holds a record `check` blocks for the same campaign.
 */
export const LIST_CLASSES = ['VOICE_MANUAL', 'VOICE_AUTOMATED', 'SMS_MANUAL', 'SMS_AUTOMATED', 'EMAIL'] as const;
export type ListClass = (typeof LIST_CLASSES)[number];

/** A class's bit in `blocked_mask`. */
export const CLASS_BIT: Readonly<Record<ListClass, number>> = { VOICE_MANUAL: 1, VOICE_AUTOMATED: 2, SMS_MANUAL: 4, SMS_AUTOMATED: 8, EMAIL: 16 };
export const ALL_CLASSES_BLOCKED = 31;

export function classOf(campaign: { channel: Channel; dialMode: DialMode }): ListClass {
  if (campaign.channel === 'EMAIL') return 'EMAIL';
  return `${campaign.channel}_${campaign.dialMode === 'automated' ? 'AUTOMATED' : 'MANUAL'}`;
}

const channelOf = (cls: ListClass): Channel => (cls === 'EMAIL' ? 'EMAIL' : cls.startsWith('SMS') ? 'SMS' : 'VOICE');
const automated = (cls: ListClass) => cls.endsWith('_AUTOMATED');

/**
 * The stored facts of the member that gives a record its status: the columns a scrub stores (StoredRow), and two facts
 * about the record itself.
 */
export type StoredFacts = Pick<StoredRow, 'invalidPhone' | 'optedOut' | 'scopedOptOuts' | 'litigator' | 'dncFederal' | 'dncStates' | 'wireless' | 'ebrUntil'> & {
  /** A scrub has a result for it (false: never scrubbed). */
  scrubbed: boolean;
  /** The facts are about the e-mail address the record shows (a golden record's status member may have another). */
  emailCovered: boolean;
};

/** Why a record is off a class's list: a blocking tag, or what the stored facts cannot decide. */
export type ListBlock = BlockingTag | 'UNSCRUBBED' | 'SCOPED_OPT_OUT' | 'OTHER_EMAIL';

const items = (csv: string) => csv.split(',').filter((s) => s !== '');
const ebrActive = (f: StoredFacts, atMs: number) => f.ebrUntil !== null && f.ebrUntil > atMs;
const ebrExempts = (rules: Rules, state: string | null) => (state === null ? rules.federal.exemptions : rules.states[state]?.listExemptions ?? []).includes('EBR');

/** Everything that keeps the record off the class's list at `atMs` (empty: listable as far as the stored facts go). */
export function listBlocks(f: StoredFacts, cls: ListClass, atMs: number, rules: Rules): ListBlock[] {
  if (!f.scrubbed) return ['UNSCRUBBED'];
  const out: ListBlock[] = [];
  const channel = channelOf(cls);
  if (f.scopedOptOuts) out.push('SCOPED_OPT_OUT');
  const opted = items(f.optedOut);
  if (opted.includes('ALL') || opted.includes(channel)) out.push('OPTED_OUT');
  if (channel === 'EMAIL') {
    if (!f.emailCovered) out.push('OTHER_EMAIL');
    return out;
  }
  if (f.invalidPhone) out.push('INVALID_PHONE');
  if (f.litigator) out.push('LITIGATOR');
  if (f.dncFederal && !(ebrActive(f, atMs) && ebrExempts(rules, null))) out.push('DNC_FEDERAL');
  if (items(f.dncStates).some((s) => !(ebrActive(f, atMs) && ebrExempts(rules, s)))) out.push('DNC_STATE');
  if (f.wireless && automated(cls)) out.push('WIRELESS_RESTRICTED');
  return out;
}

export function blockedFor(f: StoredFacts, cls: ListClass, atMs: number, rules: Rules): boolean {
  return listBlocks(f, cls, atMs, rules).length > 0;
}

export function blockedMask(f: StoredFacts, atMs: number, rules: Rules): number {
  return LIST_CLASSES.reduce((m, cls) => (blockedFor(f, cls, atMs, rules) ? m | CLASS_BIT[cls] : m), 0);
}

/**
 * When the mask grows by itself: the EBR's lapse when it is what lets the record onto some list (a DNC listing it
 * exempts), else null. The request checks it (a refresh is hourly; an EBR can lapse in between).
 */
export function exemptionLapsesAt(f: StoredFacts, atMs: number, rules: Rules): number | null {
  return ebrActive(f, atMs) && blockedMask({ ...f, ebrUntil: null }, atMs, rules) !== blockedMask(f, atMs, rules) ? f.ebrUntil : null;
}

/** SQL expressions for each fact (columns of the row being built); booleans as 0/1, ebrUntil a DATETIME or NULL. */
export type FactColumns = Readonly<Record<keyof StoredFacts, string>>;

/** contact_compliance's columns under `alias` (scrubbed: the row exists); emailCovered given by the caller. */
export function contactComplianceColumns(alias: string, emailCovered: string): FactColumns {
  return {
    scrubbed: `(${alias}.contact_id IS NOT NULL)`, invalidPhone: `${alias}.invalid_phone`, optedOut: `${alias}.opted_out`, scopedOptOuts: `${alias}.scoped_opt_outs`,
    litigator: `${alias}.litigator`, dncFederal: `${alias}.dnc_federal`, dncStates: `${alias}.dnc_states`, wireless: `${alias}.wireless`, ebrUntil: `${alias}.ebr_until`,
    emailCovered,
  };
}

/**
 * blockedMask as one SQL expression, evaluated at a time given as a parameter (UTC 'YYYY-MM-DD HH:MM:SS'), the states
 * and exemptions from the rules (identifiers are USPS codes the rules schema validated). `ebr: false` evaluates it as
 * if there were no EBR (for exemption_lapses_at).
 */
export function blockedMaskSql(c: FactColumns, rules: Rules, atTime: string, opts: { ebr?: boolean } = {}): { sql: string; params: string[] } {
  const params: string[] = [];
  const ebr = () => {
    if (opts.ebr === false) return 'FALSE';
    params.push(atTime);
    return `(${c.ebrUntil} IS NOT NULL AND ${c.ebrUntil} > ?)`;
  };
  const covers = (channel: Channel) => `(FIND_IN_SET('ALL', ${c.optedOut}) > 0 OR FIND_IN_SET('${channel}', ${c.optedOut}) > 0)`;
  const exemptStates = Object.entries(rules.states).filter(([, s]) => s.listExemptions.includes('EBR')).map(([st]) => st);
  // States on the record's lists whose EBR exemption applies, counted; any other listed state blocks.
  const exemptListed = exemptStates.length ? exemptStates.map((st) => `(FIND_IN_SET('${st}', ${c.dncStates}) > 0)`).join(' + ') : '0';
  const listed = `(LENGTH(${c.dncStates}) - LENGTH(REPLACE(${c.dncStates}, ',', '')) + 1)`;
  const phoneBlocked = (isAutomated: boolean) => [
    `${c.invalidPhone} <> 0`, `${c.litigator} <> 0`,
    `(${c.dncFederal} <> 0 AND NOT (${ebr()} AND ${rules.federal.exemptions.includes('EBR') ? 'TRUE' : 'FALSE'}))`,
    `(${c.dncStates} <> '' AND (NOT ${ebr()} OR ${listed} > ${exemptListed}))`,
    ...(isAutomated ? [`${c.wireless} <> 0`] : []),
  ];
  const parts = LIST_CLASSES.map((cls) => {
    const channel = channelOf(cls);
    const conds = [`${c.scopedOptOuts} <> 0`, covers(channel), ...(channel === 'EMAIL' ? [`NOT (${c.emailCovered})`] : phoneBlocked(automated(cls)))];
    return `IF(${conds.join(' OR ')}, ${CLASS_BIT[cls]}, 0)`;
  });
  return { sql: `IF(${c.scrubbed}, ${parts.join(' + ')}, ${ALL_CLASSES_BLOCKED})`, params };
}

/**
 * Stored tags (the VOICE / automated / no-brand status a scrub reports, or UNSCRUBBED) a record listable for the class
 * can never carry: a filter on one of them could only answer an empty list. Derived from listBlocks: a stored status
 * is the first of these blocking tags for that campaign, and each one blocks these classes whatever else is stored.
 */
export function neverListable(tag: string, cls: ListClass): boolean {
  const channel = channelOf(cls);
  switch (tag) {
    case 'UNSCRUBBED': return true;
    // The status's opt-out covers VOICE (VOICE or ALL); it covers SMS or e-mail only when it is ALL.
    case 'OPTED_OUT': return channel === 'VOICE';
    case 'INVALID_PHONE': case 'LITIGATOR': return channel !== 'EMAIL';
    // Reported only when no EBR exempted it at the scrub: an EBR does not start by itself later.
    case 'DNC_FEDERAL': case 'DNC_STATE': return channel !== 'EMAIL';
    case 'WIRELESS_RESTRICTED': return automated(cls);
    default: return false;
  }
}
