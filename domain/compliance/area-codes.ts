// Area code → IANA time zone(s), state and NANP region, from the versioned data file generated from libphonenumber.
import AREA_CODES from './data/area-codes.json';

export interface AreaCodeInfo {
  npa: string;
  zones: readonly string[];
  /** USPS state / territory codes (Canadian provinces for CA); empty outside the US and Canada. */
  states: readonly string[];
  /** NANP region (ISO 3166): US, CA, PR, JM, ... */
  region: string;
}

const TABLE = AREA_CODES.areaCodes as Record<string, { zones: string[]; states: string[]; region: string }>;
const STATE_ZONES = AREA_CODES.stateZones as Record<string, string[]>;

/** Where the file comes from and which version of it this is (recorded with each check). */
export const AREA_CODE_DATA = { version: AREA_CODES.version, source: AREA_CODES.source } as const;

/**
 * The zones a number is assumed to be in when neither its area code nor the contact's state says: every zone of
 * the 50 states, so the intersection of their windows is the strictest possible.
 */
export const ALL_US_ZONES: readonly string[] = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'];

export function areaCodeInfo(npa: string): AreaCodeInfo | null {
  const row = TABLE[npa];
  return row ? { npa, zones: row.zones, states: row.states, region: row.region } : null;
}

/** The zones of a state (every zone any of its area codes spans); empty for an unknown code. */
export function stateZones(state: string): readonly string[] {
  return STATE_ZONES[state] ?? [];
}

/** Every area code in the file, ascending. */
export function knownAreaCodes(): string[] {
  return Object.keys(TABLE).sort();
}
