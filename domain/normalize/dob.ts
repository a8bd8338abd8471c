// Date of birth: the usual written forms to 'YYYY-MM-DD', only real calendar dates from 1900-01-01 up to today.
import { EMPTY, invalid, type FieldResult } from '../field-result';
import { hasIsoDateShape, isCalendarDate, readDigits } from './calendar';

export interface DobOptions {
  /** Read 'NN/NN/YYYY' as day/month (Europe) instead of month/day (US, the default). */
  dayFirst?: boolean;
  /** The current time in epoch ms (injected, never read from the clock): dates after today are invalid. */
  now: number;
}

/** YYYY-MM-DD, YYYY/MM/DD, optionally with an ISO or SQL time part that is ignored (the date is taken as written). */
const YEAR_FIRST =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
/** NN/NN/YYYY or NN-NN-YYYY, optionally followed by a spreadsheet-style time ('3/7/1985 0:00'). */
const NUMERIC_SLASHED = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?$/i;
/** DD.MM.YYYY, always day first. */
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

const EARLIEST = 19000101;
const DAY_MS = 86_400_000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

let latestFor = { now: Number.NaN, ymd: 0 };

/** Latest acceptable date as YYYYMMDD: the UTC date of `now` plus one day, so no time zone makes "today" invalid. */
function latest(now: number): number {
  if (latestFor.now !== now) {
    const d = new Date(now + DAY_MS);
    latestFor = { now, ymd: d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate() };
  }
  return latestFor.ymd;
}

/**
 * Date of birth as 'YYYY-MM-DD'. Accepts YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, MM/DD/YYYY (DD/MM/YYYY with
 * `dayFirst`), DD.MM.YYYY and ISO/SQL timestamps (the date as written). Two-digit years, impossible dates
 * (Feb 30), dates before 1900-01-01 or after today → INVALID_DATE.
 */
export function normalizeDob(raw: string, options: DobOptions): FieldResult<string> {
  const text = raw.trim();
  if (text === '') return EMPTY;
  let year: number;
  let month: number;
  let day: number;
  let m: RegExpExecArray | null;
  if (text.length === 10 && hasIsoDateShape(text)) {
    // 'YYYY-MM-DD', the most common form, read without a regex.
    year = readDigits(text, 0, 4);
    month = readDigits(text, 5, 2);
    day = readDigits(text, 8, 2);
  } else if ((m = YEAR_FIRST.exec(text)) || (m = COMPACT.exec(text))) {
    year = Number(m[1]);
    month = Number(m.length === 5 ? m[3] : m[2]);
    day = Number(m.length === 5 ? m[4] : m[3]);
  } else if ((m = NUMERIC_SLASHED.exec(text))) {
    const first = Number(m[1]);
    const second = Number(m[3]);
    [month, day] = options.dayFirst ? [second, first] : [first, second];
    year = Number(m[4]);
  } else if ((m = DOTTED.exec(text))) {
    day = Number(m[1]);
    month = Number(m[2]);
    year = Number(m[3]);
  } else {
    return invalid('INVALID_DATE');
  }
  if (!isCalendarDate(year, month, day)) return invalid('INVALID_DATE');
  const ymd = year * 10000 + month * 100 + day;
  if (ymd < EARLIEST || ymd > latest(options.now)) return invalid('INVALID_DATE');
  return { ok: true, value: `${year}-${pad2(month)}-${pad2(day)}` };
}
