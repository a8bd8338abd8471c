// The read-time half of COMPLIANCE.md for a list: what depends on the clock and the attempt log, evaluated when the
// list is asked for, with the compliance engine's own domain functions (domain/compliance/, #12): the calling window
// of each jurisdiction (area code | state) the list holds, and the frequency cap of each number attempted recently.
// Per jurisdiction, not per row: the list has ~a thousand jurisdictions and 10M+ rows.
import { jurisdictionOf } from '../../domain/compliance/jurisdiction';
import { checkCap } from '../../domain/compliance/frequency-cap';
import { insideWindow } from '../../domain/compliance/local-time';
import { shippedRules, type RuleSet } from '../../domain/compliance/rules';
import { isPhoneChannel } from '../../domain/compliance/tags';
import type { Campaign } from '../../domain/list-config';
import { selectRows, type ReadPool, type RequestTimings } from './read-pool';

export interface ReadTimeExclusions {
  evaluatedAt: string;
  rulesVersion: string;
  /** Jurisdiction keys (npa|state) whose local time is outside the strictest calling window now. */
  outsideWindow: string[];
  /** Records whose phone reached its frequency cap in the window ending now. */
  frequencyCapped: number[];
}

/** A dialable number in the area code, so the engine's jurisdiction lookup sees the area code's zones and states. */
const probeNumber = (npa: string | null) => (npa ? `+1${npa}2000000` : null);

export async function readTimeExclusions(pool: ReadPool, campaign: Campaign, atMs: number, t?: RequestTimings, ruleSet: RuleSet = shippedRules()): Promise<ReadTimeExclusions> {
  const base = { evaluatedAt: new Date(atMs).toISOString(), rulesVersion: ruleSet.rules.version };
  if (!isPhoneChannel(campaign.channel)) return { ...base, outsideWindow: [], frequencyCapped: [] };
  const rules = ruleSet.rules;
  const jurisdictions = await selectRows<{ jkey: string; npa: string | null; state: string }>(pool, 'SELECT jkey, npa, state FROM dash_jurisdictions', [], t);
  const outsideWindow = jurisdictions.filter((j) => {
    const jur = jurisdictionOf({ phone: probeNumber(j.npa), email: null, state: j.state || null }, rules);
    return jur.zones.some((zone) => !insideWindow(zone, atMs, jur.window));
  }).map((j) => j.jkey);

  const caps = [rules.policy.frequencyCap, ...Object.values(rules.states).flatMap((s) => (s.frequencyCap ? [s.frequencyCap] : []))];
  const minAttempts = Math.min(...caps.map((c) => c.attempts));
  const maxHours = Math.max(...caps.map((c) => c.windowHours));
  const attempted = await selectRows<{ golden_id: number; npa: string | null; state: string; times: string }>(pool, `
    SELECT p.golden_id, p.npa, p.state, a.times FROM (
      SELECT phone_e164, GROUP_CONCAT(CAST(UNIX_TIMESTAMP(attempted_at) * 1000 AS UNSIGNED)) AS times FROM contact_attempts
      WHERE attempted_at >= ? - INTERVAL ? HOUR AND attempted_at < ? AND channel IN ('VOICE', 'SMS')
      GROUP BY phone_e164 HAVING COUNT(*) >= ?) a
    JOIN dash_priority p ON p.phone_e164 = a.phone_e164`, [new Date(atMs), maxHours, new Date(atMs), minAttempts], t).catch((err: { code?: string }) => {
    if (err.code === 'ER_NO_SUCH_TABLE') return [];
    throw err;
  });
  const frequencyCapped = attempted.filter((r) => {
    const jur = jurisdictionOf({ phone: probeNumber(r.npa), email: null, state: r.state || null }, rules);
    return checkCap(r.times.split(',').map(Number), atMs, jur.cap).capped;
  }).map((r) => Number(r.golden_id));
  return { ...base, outsideWindow, frequencyCapped };
}
