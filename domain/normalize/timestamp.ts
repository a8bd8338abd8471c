// Source "last updated" timestamps to UTC: epoch milliseconds for comparison and a MySQL DATETIME(3) string for storage.
import { invalid, type FieldResult } from '../field-result';
import { hasIsoDateShape, isCalendarDate, readDigits } from './calendar';

export interface TimestampValue {
  /** UTC epoch milliseconds. */
  ms: number;
  /** The same instant as MySQL DATETIME(3) in UTC: 'YYYY-MM-DD HH:MM:SS.fff'. */
  datetime: string;
}

/**
 * ISO 8601 / SQL: date, optional 'T' or ' ' and time (HH:MM, :SS, fraction), optional 'Z' or ±HH[:MM] offset.
 * Without an offset the time is UTC. Groups: y, mo, d, h, mi, s, frac, zone.
 */
const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:\s*(Z|[+-]\d{2}(?::?\d{2})?))?$/i;
const EPOCH_SECONDS = /^(\d{9,10})(?:\.(\d{1,6}))?$/;
const EPOCH_MILLIS = /^\d{12,13}$/;

/**
 * Earliest accepted instant: just after the Unix epoch. A "last updated" at or before 1970-01-01T00:00:00Z is a
 * placeholder (FROM_UNIXTIME(0), '1900-01-01'), and fold-batch.ts ranks undated rows at the epoch, so every
 * accepted timestamp must be later than that. Also the tolerated clock skew into the future.
 */
export const EARLIEST_TIMESTAMP_MS = 1;
export const FUTURE_SKEW_MS = 86_400_000;

export interface TimestampOptions {
  /** Current time in epoch ms (injected): instants more than a day after it are invalid. */
  now: number;
}

function fractionMillis(frac: string | undefined): number {
  if (!frac) return 0;
  return Number(frac.length >= 3 ? frac.slice(0, 3) : frac.padEnd(3, '0'));
}

function offsetMinutes(zone: string | undefined): number | null {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.charCodeAt(0) === 45 ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/**
 * 'YYYY-MM-DD[T ]HH:MM:SS[.fff][Z]' (UTC, the forms most sources write) read without a regex. Returns
 * undefined for any other shape or any invalid part: the general parser then decides.
 */
function parseCommonUtc(text: string, latest: number): TimestampValue | undefined {
  const length = text.length;
  const zulu = text.charCodeAt(length - 1) === 90;
  const body = zulu ? length - 1 : length;
  if ((body !== 19 && body !== 23) || !hasIsoDateShape(text)) return undefined;
  const sep = text.charCodeAt(10);
  if ((sep !== 32 && sep !== 84) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  if (body === 23 && text.charCodeAt(19) !== 46) return undefined;
  const year = readDigits(text, 0, 4);
  const month = readDigits(text, 5, 2);
  const day = readDigits(text, 8, 2);
  const hour = readDigits(text, 11, 2);
  const minute = readDigits(text, 14, 2);
  const second = readDigits(text, 17, 2);
  const milli = body === 23 ? readDigits(text, 20, 3) : 0;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) return undefined;
  if (year < 1970 || !isCalendarDate(year, month, day)) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, milli);
  if (ms < EARLIEST_TIMESTAMP_MS || ms > latest) return undefined;
  const datetime = `${text.slice(0, 10)} ${text.slice(11, 19)}.${body === 23 ? text.slice(20, 23) : '000'}`;
  return { ms, datetime };
}

/** DATETIME(3) text straight from the matched fields, for the common case of a time written in UTC. */
function datetimeAsWritten(m: RegExpExecArray): string {
  const frac = m[7];
  const millis = frac === undefined ? '000' : frac.length >= 3 ? frac.slice(0, 3) : frac.padEnd(3, '0');
  return `${m[1]}-${m[2]}-${m[3]} ${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}.${millis}`;
}

function parseIsoLike(m: RegExpExecArray): number | null {
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  // Also keeps Date.UTC away from years 0..99, which it would read as 1900..1999.
  if (year < 1970 || !isCalendarDate(year, month, day)) return null;
  if (m[4] === undefined && m[8] !== undefined) return null;
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offset = offsetMinutes(m[8]);
  if (offset === null) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, fractionMillis(m[7])) - offset * 60_000;
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '000'.slice(0, width - s.length) + s;
}

/**
 * 'YYYY-MM-DD HH:MM:SS.fff' (UTC) for epoch ms in years 0..9999, by arithmetic (days → civil date, H. Hinnant's
 * algorithm) rather than Date#toISOString, which costs a third of a row's budget.
 */
export function toDatetime3(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)} ${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(milli, 3)}`;
}

/**
 * Parses a source timestamp: ISO 8601 with or without offset ('Z', ±HH:MM; none = UTC), SQL
 * 'YYYY-MM-DD HH:MM:SS[.fff]' (UTC), epoch seconds (9–10 digits, optional fraction) or epoch milliseconds
 * (12–13 digits). Fractions beyond milliseconds are truncated. Empty → MISSING_TIMESTAMP; unreadable,
 * impossible, not after 1970-01-01T00:00:00Z, or more than a day after `now` → INVALID_TIMESTAMP.
 */
export function normalizeTimestamp(raw: string, options: TimestampOptions): FieldResult<TimestampValue> {
  const text = raw.trim();
  if (text === '') return invalid('MISSING_TIMESTAMP');
  const latest = options.now + FUTURE_SKEW_MS;
  const common = parseCommonUtc(text, latest);
  if (common) return { ok: true, value: common };
  let ms: number | null = null;
  let m: RegExpExecArray | null;
  if ((m = ISO_LIKE.exec(text))) {
    ms = parseIsoLike(m);
    const zone = m[8];
    // Written in UTC already: the DATETIME(3) text is the input's own fields (cheaper than formatting ms).
    if (ms !== null && ms >= EARLIEST_TIMESTAMP_MS && ms <= latest && (zone === undefined || zone === 'Z' || zone === 'z')) {
      return { ok: true, value: { ms, datetime: datetimeAsWritten(m) } };
    }
  } else if ((m = EPOCH_SECONDS.exec(text))) {
    ms = Number(m[1]) * 1000 + fractionMillis(m[2]);
  } else if (EPOCH_MILLIS.test(text)) {
    ms = Number(text);
  }
  if (ms === null || !Number.isFinite(ms) || ms < EARLIEST_TIMESTAMP_MS || ms > latest) return invalid('INVALID_TIMESTAMP');
  return { ok: true, value: { ms, datetime: toDatetime3(ms) } };
}
