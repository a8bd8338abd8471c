// The dashboard's dedupe writes: an admin's merge and unmerge (the detail view) and a reviewer's merge / keep-apart
// of a review-queue pair, each started as the CLI starts it (DedupeDecisionWorkflow, the same id format) with the
// signed-in person as actor. The contacts are checked first so a bad id is a 400 naming it; the workflow records the
// decision, journals it and recomputes the clusters. Also the review queue itself (open pairs side by side).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { DedupeDecisionWorkflowInput, DedupeDecisionWorkflowResult } from '../../workflows/dedupe-decision';
import type { DashboardDeps } from '../dashboard-deps';
import type { DashboardUser } from '../auth/roles';
import { goldenOfContacts, isOpenReviewPair, otherMembers, readReviewQueue } from '../read/review-read';

const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
const common = {
  reason: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f]*$' },
  /** The page's key for one click: the same key again finds the first run instead of deciding twice. */
  requestId: { type: 'string', pattern: '^[A-Za-z0-9-]{8,64}$' },
} as const;

export const writeResponse = {
  type: 'object',
  properties: { workflowId: { type: 'string' }, status: { type: 'string', enum: ['completed', 'running'] }, actor: { type: 'string' }, result: {} },
} as const;

export class BadParameter extends Error {
  readonly statusCode = 400;
  constructor(readonly parameter: string, message: string) {
    super(message);
  }
}

interface MergeBody { contactA: number; contactB: number; reason?: string; requestId?: string }
interface UnmergeBody { contactId: number; reason?: string; requestId?: string }
interface ReviewBody extends MergeBody { decision: 'merge' | 'keep-apart' }

/** Starts the decision workflow; 200 with its result, or 202 while it still runs (the id says where to follow it). */
export async function startWrite<R>(deps: DashboardDeps, reply: FastifyReply, user: DashboardUser, type: string, workflowId: string, input: unknown) {
  if (!deps.workflows) return reply.code(503).send({ error: 'unavailable', message: 'this dashboard has no Temporal connection: writes are off' });
  const started = await deps.workflows.run<R>(type, workflowId, input);
  reply.request.log.info({ event: 'write started', workflowType: type, workflowId, status: started.status, actor: user.actor }, 'write');
  return reply.code(started.status === 'completed' ? 200 : 202).send({ ...started, actor: user.actor });
}

export function registerDecisionRoutes(app: FastifyInstance, deps: DashboardDeps): void {
  const requestKey = (requestId?: string) => requestId ?? `dash${new Date().toISOString().replace(/[-:.]/g, '')}`;
  const decide = async (reply: FastifyReply, user: DashboardUser, decision: DedupeDecisionWorkflowInput['decision'], ids: number[], reason: string | undefined, requestId: string | undefined) => {
    const input: DedupeDecisionWorkflowInput = { decision, contactIds: ids, actor: user.actor, ...(reason ? { reason } : {}) };
    return startWrite<DedupeDecisionWorkflowResult>(deps, reply, user, WORKFLOW_TYPES.dedupeDecision, WORKFLOW_IDS.dedupeDecision(decision, ids, requestKey(requestId)), input);
  };
  const checkPair = async (a: number, b: number, t: Parameters<typeof goldenOfContacts>[2]) => {
    if (a === b) throw new BadParameter('contactB', 'contactB must differ from contactA');
    const golden = await goldenOfContacts(deps.readPool, [a, b], t);
    if (!golden.has(a)) throw new BadParameter('contactA', `contactA: no contact ${a}`);
    if (!golden.has(b)) throw new BadParameter('contactB', `contactB: no contact ${b}`);
    return golden;
  };

  app.post<{ Body: MergeBody }>('/api/dedupe/merge', {
    config: { need: 'merge' },
    schema: {
      summary: 'Merge two contacts into one golden record (DedupeDecisionWorkflow, as `npm run cli -- merge A B`), as the signed-in admin',
      tags: ['dedupe'], security: [{ session: [], csrf: [] }],
      body: { type: 'object', additionalProperties: false, required: ['contactA', 'contactB'], properties: { contactA: id, contactB: id, ...common } },
      response: { 200: writeResponse, 202: writeResponse },
    },
  }, async (request, reply) => {
    const { contactA: a, contactB: b } = request.body;
    const golden = await checkPair(a, b, request.timings);
    if (golden.get(a) !== null && golden.get(a) === golden.get(b)) throw new BadParameter('contactB', `contactB is already in golden record ${golden.get(a)} with contactA`);
    return decide(reply, request.user!, 'merge', [a, b], request.body.reason, request.body.requestId);
  });

  app.post<{ Body: UnmergeBody }>('/api/dedupe/unmerge', {
    config: { need: 'merge' },
    schema: {
      summary: 'Take a contact out of its golden record (DedupeDecisionWorkflow, as `npm run cli -- unmerge C`), as the signed-in admin',
      tags: ['dedupe'], security: [{ session: [], csrf: [] }],
      body: { type: 'object', additionalProperties: false, required: ['contactId'], properties: { contactId: id, ...common } },
      response: { 200: writeResponse, 202: writeResponse },
    },
  }, async (request, reply) => {
    const c = request.body.contactId;
    const golden = (await goldenOfContacts(deps.readPool, [c], request.timings)).get(c);
    if (golden === undefined) throw new BadParameter('contactId', `contactId: no contact ${c}`);
    if (golden === null || (await otherMembers(deps.readPool, golden, c, request.timings)) === 0) {
      throw new BadParameter('contactId', `contactId: contact ${c} is not merged with any other contact`);
    }
    return decide(reply, request.user!, 'unmerge', [c], request.body.reason, request.body.requestId);
  });

  app.get<{ Querystring: { limit: number } }>('/api/review', {
    config: { need: 'review' },
    schema: {
      summary: 'The review queue: open pairs in the review band, strongest first, both contacts side by side',
      tags: ['dedupe'],
      querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } } },
    },
  }, async (request) => readReviewQueue(deps.readPool, request.query.limit, request.timings));

  app.post<{ Body: ReviewBody }>('/api/review/decisions', {
    config: { need: 'review' },
    schema: {
      summary: 'Decide an open review-queue pair: merge or keep-apart (DedupeDecisionWorkflow, as the CLI\'s merge / keep-apart), as the signed-in reviewer',
      tags: ['dedupe'], security: [{ session: [], csrf: [] }],
      body: {
        type: 'object', additionalProperties: false, required: ['contactA', 'contactB', 'decision'],
        properties: { contactA: id, contactB: id, decision: { type: 'string', enum: ['merge', 'keep-apart'] }, ...common },
      },
      response: { 200: writeResponse, 202: writeResponse },
    },
  }, async (request, reply) => {
    const { contactA: a, contactB: b, decision } = request.body;
    await checkPair(a, b, request.timings);
    if (!(await isOpenReviewPair(deps.readPool, a, b, request.timings))) throw new BadParameter('contactB', `contactA ${a} and contactB ${b} are not an open pair of the review queue`);
    return decide(reply, request.user!, decision, [Math.min(a, b), Math.max(a, b)], request.body.reason, request.body.requestId);
  });
}
