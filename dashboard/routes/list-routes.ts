// The priority list: golden records callable for a campaign now (the stored summary's records not blocked for the
// campaign's class, minus what the clock, the registry's age and the attempt log block at this moment), ranked by the
// priority score, filtered, sorted, paged; and its streamed CSV.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DashboardDeps } from '../dashboard-deps';
import { CHANNELS, DIAL_MODES } from '../../domain/compliance/tags';
import { STORED_TAGS, UNSCRUBBED } from '../../domain/compliance/stored-status';
import { classOf, neverListable } from '../../domain/compliance/list-classes';
import type { Campaign, ListConfig } from '../../domain/list-config';
import { CursorError, exportRows, readListPage, readListTotal, SORTS, type ListRequest, type SortName } from '../read/list-query';
import { PendingOptOutsError, readTimeExclusions, type ReadTimeExclusions } from '../read/read-time-rules';
import { cachedRead } from './cached-read';

interface ListQuery {
  channel?: Campaign['channel'];
  brand?: string;
  dialMode?: Campaign['dialMode'];
  state?: string;
  tag?: string;
  source?: string;
  scoreMin?: number;
  scoreMax?: number;
  updatedSince?: string;
  sort: SortName;
  after?: string;
  before?: string;
  page?: number;
  size?: number;
}

/** The tags the list filters on: the stored statuses a scrub writes, and UNSCRUBBED for a record without one. */
export const LIST_TAGS: readonly string[] = [...STORED_TAGS, UNSCRUBBED];

const filterProperties = {
  channel: { type: 'string', enum: [...CHANNELS] },
  brand: { type: 'string', pattern: '^[A-Za-z0-9 ._-]{1,128}$' },
  dialMode: { type: 'string', enum: [...DIAL_MODES] },
  state: { type: 'string', pattern: '^[A-Z]{2}(,[A-Z]{2}){0,19}$', description: 'USPS codes, comma-separated' },
  tag: { type: 'string', pattern: '^[A-Z_]{1,24}(,[A-Z_]{1,24}){0,7}$', description: `stored compliance tags, comma-separated: ${LIST_TAGS.join(', ')}` },
  source: { type: 'string', pattern: '^[a-z0-9_-]{1,16}$', description: 'source kind: mysql, sqlite, csv' },
  scoreMin: { type: 'integer', minimum: 0, maximum: 1000 },
  scoreMax: { type: 'integer', minimum: 0, maximum: 1000 },
  updatedSince: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC)' },
  sort: { type: 'string', enum: Object.keys(SORTS), default: 'score' },
} as const;

/**
 * Checks the schema cannot express: a 400 naming the parameter, or null. A tag no record on the campaign's list can
 * carry (OPTED_OUT on a VOICE list) is a 400, not an empty list: an empty answer would read as "no such records",
 * when the records exist and are left out because they are blocked (the compliance views show them).
 */
function badFilter(q: ListQuery, campaign: Campaign): { parameter: string; message: string } | null {
  const tags = q.tag?.split(',') ?? [];
  const unknownTag = tags.find((t) => !LIST_TAGS.includes(t));
  if (unknownTag !== undefined) return { parameter: 'tag', message: `tag ${unknownTag} is not one of ${LIST_TAGS.join(', ')}` };
  const cls = classOf(campaign);
  const blocked = tags.filter((t) => neverListable(t, cls));
  if (blocked.length) {
    const listable = LIST_TAGS.filter((t) => !neverListable(t, cls));
    return {
      parameter: 'tag',
      message: `records tagged ${blocked.join(', ')} are blocked for ${campaign.channel} ${campaign.channel === 'EMAIL' ? '' : `${campaign.dialMode} `}lists and never on one; this list's tags: ${listable.join(', ')}`,
    };
  }
  if (q.scoreMin !== undefined && q.scoreMax !== undefined && q.scoreMin > q.scoreMax) return { parameter: 'scoreMin', message: 'scoreMin must not be above scoreMax' };
  return null;
}

/** Exclusions change with the clock (window edges) and the attempt log: recomputed at most every 30 s per campaign. */
const EXCLUSIONS_MAX_AGE_MS = 30_000;

function campaignOf(q: ListQuery, lists: ListConfig): Campaign {
  const d = lists.defaultCampaign;
  return { channel: q.channel ?? d.channel, brand: q.brand ?? d.brand, dialMode: q.dialMode ?? d.dialMode };
}

export function registerListRoutes(app: FastifyInstance, deps: DashboardDeps & { lists: ListConfig }): void {
  const clock = deps.now ?? Date.now;
  const exclusionCache = new Map<string, { at: number; value: Promise<ReadTimeExclusions> }>();
  const exclusions = (request: FastifyRequest, campaign: Campaign, generation: number) => {
    const key = `${generation}:${campaign.channel}:${campaign.brand}:${campaign.dialMode}`;
    const hit = exclusionCache.get(key);
    if (hit && Math.abs(clock() - hit.at) < EXCLUSIONS_MAX_AGE_MS) return hit.value;
    const value = readTimeExclusions(deps.readPool, campaign, clock(), request.timings).catch((err: unknown) => {
      if (err instanceof PendingOptOutsError) throw Object.assign(err, { statusCode: 503, expose: true });
      throw err;
    });
    value.catch(() => exclusionCache.delete(key));
    if (exclusionCache.size > 100) exclusionCache.clear();
    exclusionCache.set(key, { at: clock(), value });
    return value;
  };
  const toRequest = (q: ListQuery, campaign: Campaign): Omit<ListRequest, 'size'> & { size: number } => ({
    campaign, rankedClass: classOf(deps.lists.defaultCampaign), sort: q.sort, size: Math.min(q.size ?? deps.lists.pageSize, deps.lists.maxPageSize),
    state: q.state?.split(','), tag: q.tag?.split(','), source: q.source, scoreMin: q.scoreMin, scoreMax: q.scoreMax, updatedSince: q.updatedSince,
    after: q.after, before: q.before, page: q.page,
  });
  const badCursor = (err: unknown, which: string) => {
    if (err instanceof CursorError) throw Object.assign(new Error(`${which} ${err.message}`), { statusCode: 400, parameter: which });
    throw err;
  };

  app.get<{ Querystring: ListQuery }>('/api/lists', {
    config: { need: 'lists' },
    schema: {
      summary: 'The priority list: golden records callable now for the campaign, ranked by priority score; keyset pages (after / before) or a page jump (page)',
      tags: ['lists'],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          ...filterProperties,
          after: { type: 'string', maxLength: 400, pattern: '^[A-Za-z0-9_-]+$' },
          before: { type: 'string', maxLength: 400, pattern: '^[A-Za-z0-9_-]+$' },
          page: { type: 'integer', minimum: 1, maximum: 10_000_000 },
          size: { type: 'integer', minimum: 1, maximum: deps.lists.maxPageSize },
        },
      },
    },
  }, async (request, reply) => {
    const q = request.query;
    if ([q.after, q.before, q.page].filter((x) => x !== undefined).length > 1) {
      return reply.code(400).send({ error: 'bad_request', parameter: q.page !== undefined ? 'page' : 'before', message: 'use one of after, before and page' });
    }
    const campaign = campaignOf(q, deps.lists);
    const bad = badFilter(q, campaign);
    if (bad) return reply.code(400).send({ error: 'bad_request', ...bad });
    const refresh = await deps.refreshInfo();
    const ex = await exclusions(request, campaign, refresh.generation);
    const req = toRequest(q, campaign);
    // The answer depends on the refresh, the request and the exclusions of this moment: all three are in the key.
    const key = {
      ...req, state: req.state?.join(','), tag: req.tag?.join(','), window: ex.outsideWindow.join(','), stale: ex.registryStale.join(','),
      capped: ex.frequencyCapped.join(','), lapsed: ex.exemptionLapsed.join(','), optedOut: ex.optedOutSinceRefresh.join(','),
    };
    const page = await cachedRead(deps, request, reply, 'lists', key, refresh.generation, async () => {
      const [p, total] = await Promise.all([
        readListPage(deps.readPool, req, ex, request.timings).catch((err: unknown) => badCursor(err, q.before ? 'before' : 'after')),
        req.after || req.before || (req.page ?? 1) > 1 ? Promise.resolve(null) : readListTotal(deps.readPool, req, ex, request.timings),
      ]);
      return { ...p, total };
    }, 60);
    return {
      ...page, page: q.page ?? null, size: req.size, campaign,
      evaluated: {
        at: ex.evaluatedAt, rulesVersion: ex.rulesVersion, class: classOf(campaign), outsideWindowJurisdictions: ex.outsideWindow.length,
        registryStaleAreaCodes: ex.staleAreaCodes, registryStaleJurisdictions: ex.registryStale.length,
        frequencyCapped: ex.frequencyCapped.length, exemptionsLapsed: ex.exemptionLapsed.length, optedOutSinceRefresh: ex.optedOutSinceRefresh.length,
      },
      refresh: { generation: refresh.generation, finishedAt: refresh.finishedAt },
    };
  });

  app.get<{ Querystring: ListQuery }>('/api/lists/export.csv', {
    config: { need: 'lists' },
    schema: {
      summary: 'The whole filtered list as CSV, streamed in order (keyset batches; never held in memory)',
      tags: ['lists'],
      querystring: { type: 'object', additionalProperties: false, properties: filterProperties },
    },
  }, async (request, reply) => {
    const q = request.query;
    const campaign = campaignOf(q, deps.lists);
    const bad = badFilter(q, campaign);
    if (bad) return reply.code(400).send({ error: 'bad_request', ...bad });
    const refresh = await deps.refreshInfo();
    const ex = await exclusions(request, campaign, refresh.generation);
    const { size: _size, ...req } = toRequest(q, campaign);
    const cell = (v: unknown) => {
      const s = v === null || v === undefined ? '' : String(v);
      // Quote what needs it; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula.
      const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
      return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
    };
    async function* lines() {
      yield 'golden_id,score,first_name,last_name,email,phone,state,source,members,attempts,updated_at,compliance_tag\n';
      for await (const rows of exportRows(deps.readPool, req, ex)) {
        yield rows.map((r) => [r.goldenId, r.score, r.firstName, r.lastName, r.email, r.phone, r.state, r.source, r.members, r.attempts, r.updatedAt, r.tag].map(cell).join(',')).join('\n') + '\n';
      }
    }
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="priority-list-${stamp}.csv"`);
    return reply.send(Readable.from(lines()));
  });
}
