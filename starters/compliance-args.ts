// Parsing shared by the compliance commands (check, attempt, opt-out): a phone to E.164, a time, a channel.
import { normalizePhone } from '../domain/normalize/phone';
import { normalizeEmail } from '../domain/normalize/email';
import { CHANNELS, type Channel } from '../domain/compliance/tags';
import { UsageError } from './command';

export function phoneFlag(value: string | undefined, flag: string, region: string): string | null {
  if (value === undefined) return null;
  const r = normalizePhone(value, region);
  if (!r.ok || !r.value) throw new UsageError(`${flag} ${JSON.stringify(value)} is not a valid phone number`);
  return r.value.e164;
}

export function emailFlag(value: string | undefined, flag: string): string | null {
  if (value === undefined) return null;
  const r = normalizeEmail(value);
  if (!r.ok || !r.value) throw new UsageError(`${flag} ${JSON.stringify(value)} is not a valid e-mail address`);
  return r.value;
}

/** An ISO 8601 time with a zone (Z or an offset); `now` when absent. */
export function timeFlag(value: string | undefined, flag: string, now = Date.now()): number {
  if (value === undefined) return now;
  const t = Date.parse(value);
  if (Number.isNaN(t) || !/(Z|[+-]\d\d:?\d\d)$/i.test(value)) throw new UsageError(`${flag} must be an ISO 8601 time with Z or an offset, e.g. 2026-03-03T17:00:00-05:00 (got ${JSON.stringify(value)})`);
  return t;
}

export function enumFlag<T extends string>(value: string | undefined, flag: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  const hit = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!hit) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  return hit;
}

export function channelFlag(value: string | undefined): Channel {
  return enumFlag(value, '--channel', CHANNELS, 'VOICE');
}
