// A record's detail with the compliance decision explained tag by tag (the compliance engine's own evaluation, for
// the campaign asked or the default one, at the time of the request), and exact search by e-mail or phone.
import type { FastifyInstance } from 'fastify';
import type { DashboardDeps } from '../dashboard-deps';
import { createFactsReader } from '../../activities/compliance/facts-reader';
import { evaluate } from '../../domain/compliance/evaluate';
import { shippedRules } from '../../domain/compliance/rules';
import { CHANNELS, DIAL_MODES } from '../../domain/compliance/tags';
import type { ListConfig } from '../../domain/list-config';
import { readRecordDetail, searchExact } from '../read/record-detail';
import { findSimilarNames } from '../read/similar-names';

interface CampaignQuery { channel?: (typeof CHANNELS)[number]; brand?: string; dialMode?: (typeof DIAL_MODES)[number] }

export function registerRecordRoutes(app: FastifyInstance, deps: DashboardDeps & { lists: ListConfig }): void {
  const facts = createFactsReader({ pool: deps.readPool, registry: deps.registry });
  app.get<{ Params: { id: number }; Querystring: CampaignQuery }>('/api/records/:id', {
    config: { need: 'overview' },
    schema: {
      summary: 'A golden record (or a contact before dedupe): members and sources, versions, dedupe evidence, and its compliance decision tag by tag',
      tags: ['records'],
      params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] },
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { channel: { type: 'string', enum: [...CHANNELS] }, brand: { type: 'string', pattern: '^[A-Za-z0-9 ._-]{1,128}$' }, dialMode: { type: 'string', enum: [...DIAL_MODES] } },
      },
    },
  }, async (request, reply) => {
    const detail = await readRecordDetail(deps.readPool, request.params.id, request.timings);
    if (!detail) return reply.code(404).send({ error: 'not_found', message: `no record ${request.params.id}` });
    const d = deps.lists.defaultCampaign;
    const q = request.query;
    const campaign = { channel: q.channel ?? d.channel, brand: q.brand ?? d.brand, campaign: null, dialMode: q.dialMode ?? d.dialMode };
    const v = detail.values;
    const contact = { phone: (v.phone_e164 as string) ?? null, email: (v.email as string) ?? null, state: (v.state as string) ?? null };
    const atMs = (deps.now ?? Date.now)();
    const verdict = evaluate(contact, campaign, atMs, await facts.read(contact, atMs), shippedRules());
    return { ...detail, compliance: { campaign, ...verdict } };
  });

  app.get<{ Querystring: { email?: string; phone?: string } }>('/api/search', {
    config: { need: 'overview' },
    schema: {
      summary: 'Exact search by e-mail or phone (E.164)',
      tags: ['records'],
      querystring: {
        type: 'object', additionalProperties: false, minProperties: 1, maxProperties: 1,
        properties: { email: { type: 'string', minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' }, phone: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$' } },
      },
    },
  }, async (request) => ({ results: await searchExact(deps.readPool, { email: request.query.email?.trim().toLowerCase(), phone: request.query.phone }, request.timings) }));

  app.get<{ Querystring: { contact: number; limit: number; threshold: number } }>('/api/search/similar', {
    config: { need: 'overview' },
    schema: {
      summary: 'Possible duplicates of a contact: contacts sharing one of its dedupe blocks, outside its golden record, ranked by fuzzy name match (fuse.js)',
      tags: ['records'],
      querystring: {
        type: 'object', additionalProperties: false, required: ['contact'],
        properties: {
          contact: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'contact id' },
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          threshold: { type: 'number', minimum: 0, maximum: 1, default: 0.45, description: 'fuse.js threshold: 0 exact names only, 1 anything' },
        },
      },
    },
  }, async (request, reply) => {
    const q = request.query;
    const answer = await findSimilarNames(deps.readPool, q.contact, { limit: q.limit, threshold: q.threshold }, request.timings);
    if (!answer) return reply.code(404).send({ error: 'not_found', parameter: 'contact', message: `no contact ${q.contact}` });
    return answer;
  });
}
