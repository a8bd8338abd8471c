// Fixed time anchors and the date/timestamp spellings of each source; data times derive from these, never from the clock.
import type { StateInfo } from './places';

export const DAY = 86_400;
/** All generated activity happens before this instant (2025-01-01T00:00:00Z). */
export const EPOCH_END = Date.UTC(2025, 0, 1) / 1000;
export const FIRST_VERSION_FROM = Date.UTC(2008, 0, 1) / 1000;
export const FIRST_VERSION_TO = Date.UTC(2023, 5, 30) / 1000;
/** Later versions start no later than this, leaving room for records edited after the change. */
export const LATEST_VERSION = EPOCH_END - 60 * DAY;

export interface YearMonthDay {
  y: number;
  m: number;
  d: number;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** 1985-03-02 */
export function isoDate({ y, m, d }: YearMonthDay): string {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** 03/02/1985, or 3/2/1985 when unpadded (as spreadsheets write it). */
export function usDate({ y, m, d }: YearMonthDay, padded = true): string {
  return padded ? `${pad2(m)}/${pad2(d)}/${y}` : `${m}/${d}/${y}`;
}

/** 19850302 */
export function compactDate({ y, m, d }: YearMonthDay): string {
  return `${y}${pad2(m)}${pad2(d)}`;
}

/** MySQL DATETIME text in UTC: 2023-04-01 15:20:30. */
export function sqlDateTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The n-th Sunday (1-based) of a month, as a UTC day number since 1970. */
function nthSunday(year: number, monthIndex: number, n: number): number {
  const first = new Date(Date.UTC(year, monthIndex, 1));
  const offset = (7 - first.getUTCDay()) % 7;
  return Date.UTC(year, monthIndex, 1 + offset + 7 * (n - 1)) / 1000 / DAY;
}

/** Local-time day numbers when US daylight saving time starts and ends in a year (rules since 2007), memoised. */
const dstWindows = new Map<number, readonly [number, number]>();
function dstWindow(year: number): readonly [number, number] {
  let window = dstWindows.get(year);
  if (!window) {
    window = [nthSunday(year, 2, 2) + 2 / 24, nthSunday(year, 10, 1) + 1 / 24];
    dstWindows.set(year, window);
  }
  return window;
}

/** The state's UTC offset in minutes at that instant: 2nd Sunday of March to 1st Sunday of November is daylight time. */
export function utcOffsetMinutes(epochSeconds: number, state: StateInfo): number {
  const standard = state.utcOffset * 60;
  if (!state.observesDst) return standard;
  const localDay = (epochSeconds + standard * 60) / DAY;
  const [start, end] = dstWindow(1970 + Math.floor(localDay / 365.2425));
  return localDay >= start && localDay < end ? standard + 60 : standard;
}

/** ISO 8601 with an offset (2023-04-01T10:20:30-05:00), or in UTC with 'Z' when offsetMinutes is null. */
export function isoWithOffset(epochSeconds: number, offsetMinutes: number | null): string {
  if (offsetMinutes === null) return `${new Date(epochSeconds * 1000).toISOString().slice(0, 19)}Z`;
  const local = new Date((epochSeconds + offsetMinutes * 60) * 1000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
