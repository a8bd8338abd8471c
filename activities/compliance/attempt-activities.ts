// Records contact attempts (every dial, answered or not) for the frequency caps, and journals them for disaster
// recovery. Idempotent: an attempt is identified by (number, time, channel), so a retried insert adds nothing.
import type { ResultSetHeader } from 'mysql2';
import type { ActivityDeps } from '../deps';
import { appendJournal } from '../journal';
import { sqlOfMs } from './sql-time';

export interface AttemptInput {
  /** E.164. */
  phone: string;
  /** ISO 8601 with an offset or Z. */
  attemptedAt: string;
  channel: 'VOICE' | 'SMS';
  campaign?: string | null;
  brand?: string | null;
  outcome?: string | null;
}

export interface RecordAttemptsInput {
  /** The workflow id: the journal entry's idempotency key. */
  requestId: string;
  actor: string;
  /** When the request was made (the workflow's clock), for the journal. */
  at: string;
  source: string;
  /** At most MAX_INLINE_ATTEMPTS; bigger sets go through a file load. */
  attempts: AttemptInput[];
}

export interface RecordAttemptsResult {
  received: number;
  inserted: number;
  /** Already recorded (same number, time and channel). */
  duplicates: number;
  journalKey: string;
}

export const MAX_INLINE_ATTEMPTS = 1000;

/** An attempt that cannot be recorded as given: names the attempt and the field. */
export class AttemptInputError extends Error {
  override name = 'AttemptInputError';
  constructor(readonly index: number, readonly field: string, readonly problem: string) {
    super(`attempt ${index + 1}: ${field} ${problem}`);
  }
}

export function validateAttempt(a: AttemptInput, index: number): number {
  if (!/^\+[1-9]\d{6,14}$/.test(a.phone)) throw new AttemptInputError(index, 'phone', 'must be an E.164 number');
  const t = Date.parse(a.attemptedAt);
  if (!/(Z|[+-]\d\d:?\d\d)$/.test(a.attemptedAt) || Number.isNaN(t)) throw new AttemptInputError(index, 'attemptedAt', `must be an ISO 8601 time with a zone (got ${JSON.stringify(a.attemptedAt)})`);
  if (a.channel !== 'VOICE' && a.channel !== 'SMS') throw new AttemptInputError(index, 'channel', 'must be VOICE or SMS');
  return t;
}

export function createAttemptActivities(deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets'>) {
  return {
    async recordAttempts(input: RecordAttemptsInput): Promise<RecordAttemptsResult> {
      if (input.attempts.length > MAX_INLINE_ATTEMPTS) throw new AttemptInputError(MAX_INLINE_ATTEMPTS, 'attempts', `more than ${MAX_INLINE_ATTEMPTS} inline: load a file instead`);
      const values = input.attempts.map((a, i) => [a.phone, sqlOfMs(validateAttempt(a, i)), a.channel, a.campaign ?? null, a.brand ?? null, a.outcome ?? null, input.actor, input.source]);
      let inserted = 0;
      if (values.length > 0) {
        const [res] = await deps.pool.query<ResultSetHeader>(
          'INSERT IGNORE INTO contact_attempts (phone_e164, attempted_at, channel, campaign, brand, outcome, actor, source) VALUES ?', [values],
        );
        inserted = res.affectedRows;
      }
      const { key } = await appendJournal(deps, { stream: 'attempts', id: input.requestId, at: input.at, actor: input.actor, payload: { source: input.source, attempts: input.attempts } });
      return { received: values.length, inserted, duplicates: values.length - inserted, journalKey: key };
    },
  };
}
