// A compliance officer's opt-out from the page: OptOutWorkflow, the workflow `npm run cli -- opt-out` starts (logged
// append-only with the actor and evidence, journaled, the stored statuses of every contact with that phone or e-mail
// re-evaluated at once), with the signed-in officer as actor and the dashboard as source.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { SuppressionRequest } from '../../activities/compliance/suppression-activities';
import { SCOPES, SUPPRESSION_CHANNELS, type Scope, type SuppressionChannel } from '../../domain/compliance/tags';
import type { OptOutResult } from '../../workflows/opt-out';
import type { DashboardDeps } from '../dashboard-deps';
import { BadParameter, startWrite, writeResponse } from './decision-routes';

interface OptOutBody {
  phone?: string; email?: string; method: string; channel: SuppressionChannel; scope: Scope; scopeValue?: string; evidence?: string; requestId?: string;
}

export const OPT_OUT_METHODS = ['SMS_STOP', 'IVR', 'AGENT', 'WEB', 'EMAIL', 'UNSUBSCRIBE', 'LETTER'] as const;

export function registerOptOutRoutes(app: FastifyInstance, deps: DashboardDeps): void {
  app.post<{ Body: OptOutBody }>('/api/compliance/opt-outs', {
    config: { need: 'compliance' },
    schema: {
      summary: 'Record an opt-out (OptOutWorkflow, as `npm run cli -- opt-out`) for a phone or an e-mail, as the signed-in compliance officer',
      tags: ['compliance'], security: [{ session: [], csrf: [] }],
      body: {
        type: 'object', additionalProperties: false, required: ['method'], minProperties: 2,
        properties: {
          phone: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', description: 'E.164' },
          email: { type: 'string', minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' },
          method: { type: 'string', enum: [...OPT_OUT_METHODS] },
          channel: { type: 'string', enum: [...SUPPRESSION_CHANNELS], default: 'ALL' },
          scope: { type: 'string', enum: [...SCOPES], default: 'global' },
          scopeValue: { type: 'string', pattern: '^[A-Za-z0-9 ._-]{1,128}$' },
          evidence: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^\\u0000-\\u001f]*$' },
          requestId: { type: 'string', pattern: '^[A-Za-z0-9-]{8,64}$' },
        },
      },
      response: { 200: writeResponse, 202: writeResponse },
    },
  }, async (request, reply) => {
    const b = request.body;
    if (!b.phone && !b.email) throw new BadParameter('phone', 'phone or email is required');
    if (b.phone && b.email) throw new BadParameter('email', 'one of phone and email per opt-out');
    if (b.scope !== 'global' && !b.scopeValue) throw new BadParameter('scopeValue', `scopeValue is required for scope ${b.scope}`);
    const user = request.user!;
    const suppression: SuppressionRequest = {
      kind: 'opt-out', phone: b.phone ?? null, email: b.email?.trim().toLowerCase() ?? null, channel: b.channel, scope: b.scope,
      scopeValue: b.scope === 'global' ? null : b.scopeValue ?? null, method: b.method, receivedAt: new Date().toISOString(), source: 'dashboard',
      evidence: b.evidence?.trim() || null, actor: user.actor,
    };
    // One click, one opt-out: the page's request key stands for the time (a repeat finds the first run).
    const { receivedAt: _at, ...what } = suppression;
    const key = createHash('sha256').update(JSON.stringify(b.requestId ? { ...what, requestId: b.requestId } : suppression)).digest('hex').slice(0, 24);
    return startWrite<OptOutResult>(deps, reply, user, WORKFLOW_TYPES.optOut, WORKFLOW_IDS.optOut(key), suppression);
  });
}
