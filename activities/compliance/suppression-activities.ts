// Records one opt-out or re-opt-in in the append-only suppression log (INSERT only; a retried write is the same row by
// its request key) and journals it to the raw zone so disaster recovery can replay it.
import { createHash } from 'node:crypto';
import type { RowDataPacket } from 'mysql2';
import type { ActivityDeps } from '../deps';
import { appendJournal } from '../journal';
import { SCOPES, SUPPRESSION_CHANNELS, type Scope, type SuppressionChannel } from '../../domain/compliance/tags';
import { sqlOfMs } from './sql-time';

export interface SuppressionRequest {
  kind: 'opt-out' | 're-opt-in';
  phone: string | null;
  email: string | null;
  channel: SuppressionChannel;
  scope: Scope;
  scopeValue: string | null;
  /** How it was received: SMS_STOP, IVR, AGENT, WEB, EMAIL, UNSUBSCRIBE, ... */
  method: string;
  /** ISO 8601. */
  receivedAt: string;
  source: string;
  evidence: string | null;
  actor: string;
}

/** A suppression request that cannot be recorded as given: names the field. */
export class SuppressionInputError extends Error {
  override name = 'SuppressionInputError';
  constructor(readonly field: string, readonly problem: string) {
    super(`suppression: ${field} ${problem}`);
  }
}

export function validateSuppression(r: SuppressionRequest): void {
  if (!r.phone && !r.email) throw new SuppressionInputError('phone/email', 'one of them is required');
  if (r.phone && !/^\+[1-9]\d{6,14}$/.test(r.phone)) throw new SuppressionInputError('phone', 'must be E.164');
  if (!SUPPRESSION_CHANNELS.includes(r.channel)) throw new SuppressionInputError('channel', `must be one of ${SUPPRESSION_CHANNELS.join(', ')}`);
  if (!SCOPES.includes(r.scope)) throw new SuppressionInputError('scope', `must be one of ${SCOPES.join(', ')}`);
  if (r.scope !== 'global' && !r.scopeValue) throw new SuppressionInputError('scopeValue', `a ${r.scope}-scoped request names its ${r.scope}`);
  if (!/^[A-Z0-9_-]{1,32}$/i.test(r.method)) throw new SuppressionInputError('method', 'must be a short code such as SMS_STOP, IVR, AGENT, WEB');
  if (Number.isNaN(Date.parse(r.receivedAt))) throw new SuppressionInputError('receivedAt', 'must be a time');
  if (r.kind === 're-opt-in' && !r.evidence?.trim()) throw new SuppressionInputError('evidence', 'a re-opt-in is recorded only with evidence');
}

export function createSuppressionActivities(deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets'>) {
  return {
    async recordSuppression(input: { requestId: string; request: SuppressionRequest }): Promise<{ suppressionId: number; journalKey: string }> {
      const r = input.request;
      validateSuppression(r);
      const key = createHash('sha256').update(input.requestId).digest('hex');
      await deps.pool.query(
        `INSERT IGNORE INTO suppression_log (kind, phone_e164, email, channel, scope, scope_value, method, received_at, source, evidence, actor, request_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [r.kind, r.phone, r.email, r.channel, r.scope, r.scopeValue, r.method.toUpperCase(), sqlOfMs(Date.parse(r.receivedAt)), r.source, r.evidence, r.actor, key],
      );
      const [rows] = await deps.pool.query<RowDataPacket[]>('SELECT id FROM suppression_log WHERE request_key = ?', [key]);
      const { key: journalKey } = await appendJournal(deps, { stream: 'opt-outs', id: input.requestId, at: r.receivedAt, actor: r.actor, payload: { ...r } });
      return { suppressionId: Number(rows[0]!.id), journalKey };
    },
  };
}
