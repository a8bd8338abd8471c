// The read-time half of COMPLIANCE.md for a list: what depends on the clock and the attempt log, evaluated when the
// list is asked for, with the compliance engine's own domain functions (domain/compliance/, #12): the calling window
// and the registry's freshness (REGISTRY_STALE) of each jurisdiction (area code | state) the list holds, the
// frequency cap of each number attempted recently, the EBRs that let a record onto the list at the refresh and
// have lapsed since, and the opt-outs recorded since the refresh read the stored statuses. Per jurisdiction, not per row: the list has ~a thousand jurisdictions and 10M+ rows.
import { jurisdictionOf } from '../../domain/compliance/jurisdiction';
import { checkCap } from '../../domain/compliance/frequency-cap';
import { insideWindow } from '../../domain/compliance/local-time';
import { registryStale } from '../../domain/compliance/registry-freshness';
import { shippedRules, type RuleSet } from '../../domain/compliance/rules';
import { isPhoneChannel } from '../../domain/compliance/tags';
import type { Campaign } from '../../domain/list-config';
import { selectRows, type ReadPool, type RequestTimings } from './read-pool';

export interface ReadTimeExclusions {
  evaluatedAt: string;
  rulesVersion: string;
  /** Jurisdiction keys (npa|state) whose local time is outside the strictest calling window now. */
  outsideWindow: string[];
  /** Jurisdiction keys whose area code is REGISTRY_STALE now: its newest federal copy is too old, or none was loaded. */
  registryStale: string[];
  /** Those area codes. */
  staleAreaCodes: string[];
  /** Records whose phone reached its frequency cap in the window ending now. */
  frequencyCapped: number[];
  /** Records an EBR let onto the list at the refresh (past a DNC listing) whose EBR has lapsed since. */
  exemptionLapsed: number[];
  /** Records with a phone or e-mail opted out after the refresh's suppression mark (their stored status may predate it). */
  optedOutSinceRefresh: number[];
}

/** More opt-outs since the last refresh than a request can leave out one by one: the list waits for the refresh. */
export class PendingOptOutsError extends Error {
  override name = 'PendingOptOutsError';
}

/** Opt-outs since the refresh a request leaves out record by record; above this the list answers 503 until a refresh. */
export const MAX_PENDING_OPT_OUTS = 10_000;

/** No exclusion (an e-mail list's; tests and the explain bench). */
export const NO_EXCLUSIONS: Omit<ReadTimeExclusions, 'evaluatedAt' | 'rulesVersion'> = {
  outsideWindow: [], registryStale: [], staleAreaCodes: [], frequencyCapped: [], exemptionLapsed: [], optedOutSinceRefresh: [],
};

/** Jurisdiction keys the list leaves out now (calling window or registry freshness). */
export const excludedJurisdictions = (ex: Pick<ReadTimeExclusions, 'outsideWindow' | 'registryStale'>): string[] => [...new Set([...ex.outsideWindow, ...ex.registryStale])];

/** Records the list leaves out now (frequency cap, a lapsed exemption, an opt-out since the refresh). */
export const excludedRecords = (ex: Pick<ReadTimeExclusions, 'frequencyCapped' | 'exemptionLapsed' | 'optedOutSinceRefresh'>): number[] =>
  [...new Set([...ex.frequencyCapped, ...ex.exemptionLapsed, ...ex.optedOutSinceRefresh])];

/**
 * Records (golden ids, or contact ids before dedupe) with a phone or e-mail opted out after the newest refresh's
 * suppression mark: every list leaves them out, whatever the channel or scope, until a refresh reads their new status.
 */
async function optedOutSinceRefresh(pool: ReadPool, max: number, t?: RequestTimings): Promise<number[]> {
  const [ref] = await selectRows<{ hwm: string | null }>(pool, "SELECT JSON_UNQUOTE(JSON_EXTRACT(stats, '$.suppressionHwm')) AS hwm FROM dash_refreshes ORDER BY id DESC LIMIT 1", [], t);
  // A refresh from before the mark was recorded: nothing to compare with (its next refresh records one).
  if (!ref || ref.hwm === null || ref.hwm === 'null') return [];
  const pending = await selectRows<{ phone_e164: string | null; email: string | null }>(pool,
    "SELECT phone_e164, email FROM suppression_log WHERE id > ? AND kind = 'opt-out' ORDER BY id LIMIT ?", [Number(ref.hwm), max + 1], t);
  if (pending.length > max) throw new PendingOptOutsError(`more than ${max} opt-outs since the last dashboard refresh: the lists wait for the next refresh`);
  const phones = [...new Set(pending.flatMap((p) => (p.phone_e164 ? [p.phone_e164] : [])))];
  const emails = [...new Set(pending.flatMap((p) => (p.email ? [p.email] : [])))];
  const parts: string[] = [];
  const params: unknown[] = [];
  if (phones.length) { parts.push('SELECT COALESCE(golden_id, id) AS id FROM contacts WHERE phone_e164 IN (?)'); params.push(phones); }
  if (emails.length) { parts.push('SELECT COALESCE(golden_id, id) AS id FROM contacts WHERE email IN (?)'); params.push(emails); }
  if (!parts.length) return [];
  return (await selectRows<{ id: number }>(pool, parts.join(' UNION '), params, t)).map((r) => Number(r.id));
}

const noTable = <T>(err: { code?: string }): T[] => {
  if (err.code === 'ER_NO_SUCH_TABLE') return [];
  throw err;
};

/** A dialable number in the area code, so the engine's jurisdiction lookup sees the area code's zones and states. */
const probeNumber = (npa: string | null) => (npa ? `+1${npa}2000000` : null);

export async function readTimeExclusions(
  pool: ReadPool, campaign: Campaign, atMs: number, t?: RequestTimings, ruleSet: RuleSet = shippedRules(), maxPendingOptOuts = MAX_PENDING_OPT_OUTS,
): Promise<ReadTimeExclusions> {
  const base = { evaluatedAt: new Date(atMs).toISOString(), rulesVersion: ruleSet.rules.version };
  const optedOut = await optedOutSinceRefresh(pool, maxPendingOptOuts, t);
  if (!isPhoneChannel(campaign.channel)) return { ...base, ...NO_EXCLUSIONS, optedOutSinceRefresh: optedOut };
  const rules = ruleSet.rules;
  const jurisdictions = await selectRows<{ jkey: string; npa: string | null; state: string }>(pool, 'SELECT jkey, npa, state FROM dash_jurisdictions', [], t);
  const outsideWindow = jurisdictions.filter((j) => {
    const jur = jurisdictionOf({ phone: probeNumber(j.npa), email: null, state: j.state || null }, rules);
    return jur.zones.some((zone) => !insideWindow(zone, atMs, jur.window));
  }).map((j) => j.jkey);

  // REGISTRY_STALE: the newest federal version of each area code (the one a check uses) and its date.
  const federal = await selectRows<{ npa: string; ms: number }>(pool, `
    SELECT v.npa, CAST(UNIX_TIMESTAMP(v.as_of) * 1000 AS UNSIGNED) AS ms FROM registry_versions v
      JOIN (SELECT npa, MAX(id) AS id FROM registry_versions WHERE list = 'federal' GROUP BY npa) m ON m.id = v.id`, [], t).catch(noTable<{ npa: string; ms: number }>);
  const asOf = new Map(federal.map((f) => [f.npa, new Date(Number(f.ms)).toISOString()]));
  // A jurisdiction without an area code holds records without a NANP phone: INVALID_PHONE, blocked by their stored facts.
  const stale = jurisdictions.filter((j) => j.npa !== null && registryStale(asOf.get(j.npa) ?? null, atMs, rules));
  const registryStaleKeys = stale.map((j) => j.jkey);
  const staleAreaCodes = [...new Set(stale.map((j) => j.npa!))].sort();

  const caps = [rules.policy.frequencyCap, ...Object.values(rules.states).flatMap((s) => (s.frequencyCap ? [s.frequencyCap] : []))];
  const minAttempts = Math.min(...caps.map((c) => c.attempts));
  const maxHours = Math.max(...caps.map((c) => c.windowHours));
  const attempted = await selectRows<{ golden_id: number; npa: string | null; state: string; times: string }>(pool, `
    SELECT p.golden_id, p.npa, p.state, a.times FROM (
      SELECT phone_e164, GROUP_CONCAT(CAST(UNIX_TIMESTAMP(attempted_at) * 1000 AS UNSIGNED)) AS times FROM contact_attempts
      WHERE attempted_at >= ? - INTERVAL ? HOUR AND attempted_at < ? AND channel IN ('VOICE', 'SMS')
      GROUP BY phone_e164 HAVING COUNT(*) >= ?) a
    JOIN dash_priority p ON p.phone_e164 = a.phone_e164`, [new Date(atMs), maxHours, new Date(atMs), minAttempts], t).catch(noTable<{ golden_id: number; npa: string | null; state: string; times: string }>);
  const frequencyCapped = attempted.filter((r) => {
    const jur = jurisdictionOf({ phone: probeNumber(r.npa), email: null, state: r.state || null }, rules);
    return checkCap(r.times.split(',').map(Number), atMs, jur.cap).capped;
  }).map((r) => Number(r.golden_id));
  const lapsed = await selectRows<{ golden_id: number }>(pool, 'SELECT golden_id FROM dash_priority WHERE exemption_lapses_at <= ?', [new Date(atMs)], t);
  return { ...base, outsideWindow, registryStale: registryStaleKeys, staleAreaCodes, frequencyCapped, exemptionLapsed: lapsed.map((r) => Number(r.golden_id)), optedOutSinceRefresh: optedOut };
}
