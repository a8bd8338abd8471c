// Which jurisdictions a check falls under: the states of the number's area code and the contact's own state, the
// time zones the number may ring in, and from them the strictest calling window and frequency cap.
import { ALL_US_ZONES, areaCodeInfo, stateZones } from './area-codes';
import type { ContactRef } from './facts';
import { intersectWindows } from './local-time';
import type { CallingWindow, Rules } from './rules';
import { nanpVerdict } from './nanp';


export interface Jurisdiction {
  /** Area-code states then the contact's state, without repeats. */
  states: string[];
  /** Union of the area code's zones and the contact state's zones (the window must hold in all of them). */
  zones: string[];
  /** Why these zones: which area code / state contributed, or the all-US fallback. */
  zoneBasis: string;
  window: CallingWindow;
  /** The rule each edge of the window comes from ('federal', 'FL', ...). */
  windowBasis: string[];
  cap: { attempts: number; windowHours: number; basis: string };
}

export function jurisdictionOf(contact: ContactRef, rules: Rules): Jurisdiction {
  const verdict = nanpVerdict(contact.phone);
  const info = verdict.ok ? areaCodeInfo(verdict.number.npa) : null;
  const states = [...new Set([...(info?.states ?? []), ...(contact.state ? [contact.state.toUpperCase()] : [])])];
  const zones = new Set<string>(info?.zones ?? []);
  const basis: string[] = [];
  if (info) basis.push(`area code ${info.npa}: ${info.zones.join(', ')}`);
  if (contact.state) {
    const z = stateZones(contact.state.toUpperCase());
    z.forEach((zone) => zones.add(zone));
    if (z.length > 0) basis.push(`state ${contact.state.toUpperCase()}: ${z.join(', ')}`);
  }
  if (zones.size === 0) {
    ALL_US_ZONES.forEach((z) => zones.add(z));
    basis.push('area code and state unknown: every US zone');
  }
  const windows: Array<{ w: CallingWindow; from: string }> = [{ w: rules.federal.callingWindow, from: 'federal' }];
  for (const s of states) {
    const w = rules.states[s]?.callingWindow;
    if (w) windows.push({ w, from: s });
  }
  const window = intersectWindows(windows.map((x) => x.w));
  const windowBasis = windows.filter((x) => x.w.start === window.start || x.w.end === window.end).map((x) => x.from);
  let cap = { ...rules.policy.frequencyCap, basis: 'policy' };
  for (const s of states) {
    const c = rules.states[s]?.frequencyCap;
    if (c && (cap.basis === 'policy' || c.attempts < cap.attempts)) cap = { ...c, basis: s };
  }
  return { states, zones: [...zones].sort(), zoneBasis: basis.join('; '), window, windowBasis, cap };
}
