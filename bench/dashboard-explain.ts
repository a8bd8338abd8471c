// `npm run bench -- dashboard-explain`: the query plan (EXPLAIN) of each priority-list query shape against the
// dashboard bench database, so the indexes can be chosen from plans (docs/dashboard.md records them). The list's own
// code builds each statement; a pool that runs EXPLAIN before each statement captures its plan.
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { readListPage, type ListRequest } from '../dashboard/read/list-query';
import { NO_EXCLUSIONS, type ReadTimeExclusions } from '../dashboard/read/read-time-rules';
import { loadListConfig } from '../activities/dashboard/list-config-file';
import { classOf } from '../domain/compliance/list-classes';

export interface ExplainedQuery {
  name: string;
  sql: string;
  plan: Array<Record<string, unknown>>;
}

const NONE: ReadTimeExclusions = { evaluatedAt: '', rulesVersion: '', ...NO_EXCLUSIONS };

export async function explainListQueries(pool: Pick<Pool, 'query'>, deepPage: number): Promise<ExplainedQuery[]> {
  const campaign = loadListConfig().defaultCampaign;
  const rankedClass = classOf(campaign);
  const automated = { ...campaign, channel: 'VOICE' as const, dialMode: 'automated' as const };
  const email = { ...campaign, channel: 'EMAIL' as const };
  const shapes: Array<{ name: string; req: ListRequest; ex?: ReadTimeExclusions }> = [
    { name: 'page 1, score order', req: { campaign, sort: 'score', size: 50 } },
    { name: 'next page (keyset), score order', req: { campaign, sort: 'score', size: 50, after: Buffer.from(JSON.stringify([500, 1000])).toString('base64url') } },
    { name: `page ${deepPage} (rank)`, req: { campaign, rankedClass, sort: 'score', size: 50, page: deepPage } },
    { name: 'state page 1', req: { campaign, sort: 'score', size: 50, state: ['CA'] } },
    { name: `state page ${Math.floor(deepPage / 10)} (rank)`, req: { campaign, rankedClass, sort: 'score', size: 50, state: ['CA'], page: Math.floor(deepPage / 10) } },
    { name: 'state + score range, deep page (rank range)', req: { campaign, rankedClass, sort: 'score', size: 50, state: ['TX'], scoreMin: 300, page: Math.floor(deepPage / 20) } },
    { name: 'score range, deep page (rank range)', req: { campaign, rankedClass, sort: 'score', size: 50, scoreMin: 300, scoreMax: 700, page: Math.floor(deepPage / 2) } },
    { name: 'state + score range, deep page, with exclusions (deferred join)', req: { campaign, rankedClass, sort: 'score', size: 50, state: ['TX'], scoreMin: 300, page: Math.floor(deepPage / 20) }, ex: { ...NONE, outsideWindow: ['212|NY'] } },
    { name: 'page 1 with jurisdictions outside their window', req: { campaign, sort: 'score', size: 50 }, ex: { ...NONE, outsideWindow: ['212|NY', '305|FL', '718|NY'] } },
    { name: 'deep page with exclusions (deferred join)', req: { campaign, rankedClass, sort: 'score', size: 50, page: deepPage }, ex: { ...NONE, outsideWindow: ['212|NY'], frequencyCapped: [1, 2, 3] } },
    { name: 'automated dialling, page 1', req: { campaign: automated, sort: 'score', size: 50 } },
    { name: `automated dialling, page ${deepPage} (deferred join: ranks count the default class)`, req: { campaign: automated, rankedClass, sort: 'score', size: 50, page: deepPage } },
    { name: 'tag page 1', req: { campaign, sort: 'score', size: 50, tag: ['WIRELESS_RESTRICTED'] } },
    { name: 'two tags page 1', req: { campaign, sort: 'score', size: 50, tag: ['CALLABLE', 'WIRELESS_RESTRICTED'] } },
    { name: 'e-mail list, two rare tags page 1', req: { campaign: email, sort: 'score', size: 50, tag: ['LITIGATOR', 'INVALID_PHONE'] } },
    { name: 'tag + state page 1', req: { campaign, sort: 'score', size: 50, tag: ['WIRELESS_RESTRICTED'], state: ['CA'] } },
    { name: 'tag, next page (keyset)', req: { campaign, sort: 'score', size: 50, tag: ['CALLABLE'], after: Buffer.from(JSON.stringify([500, 1000])).toString('base64url') } },
    { name: 'tag, deep page (deferred join)', req: { campaign, sort: 'score', size: 50, tag: ['CALLABLE'], page: Math.floor(deepPage / 2) } },
    { name: 'e-mail list, two rare tags, deep page (deferred join)', req: { campaign: email, sort: 'score', size: 50, tag: ['LITIGATOR', 'INVALID_PHONE'], page: Math.floor(deepPage / 40) } },
    { name: 'tag + state, deep page (deferred join)', req: { campaign, sort: 'score', size: 50, tag: ['WIRELESS_RESTRICTED'], state: ['CA'], page: Math.floor(deepPage / 20) } },
    { name: 'tag + sort by updated', req: { campaign, sort: 'updated', size: 50, tag: ['WIRELESS_RESTRICTED'] } },
    { name: 'sort by updated, page 1', req: { campaign, sort: 'updated', size: 50 } },
    { name: 'updated since + sort by updated', req: { campaign, sort: 'updated', size: 50, updatedSince: '2025-06-01' } },
    { name: 'source + sort by name', req: { campaign, sort: 'name', size: 50, source: 'csv' } },
  ];
  const out: ExplainedQuery[] = [];
  for (const s of shapes) {
    const explaining = {
      async query(sql: string, params: unknown[]) {
        const [plan] = await pool.query<RowDataPacket[]>(`EXPLAIN ${sql}`, params);
        out.push({ name: s.name, sql: sql.replace(/\s+/g, ' ').trim(), plan: plan.map((r) => ({ ...r })) });
        // The real answer too: a shape whose later statement depends on an earlier one's rows (a rank range's
        // edges) gets explained with the values it would really use.
        return pool.query(sql, params);
      },
    } as unknown as Pick<Pool, 'query'>;
    await readListPage(explaining, s.req, s.ex ?? NONE);
  }
  return out;
}

/** One markdown section per query: the statement and its plan's key columns. */
export function formatExplains(list: ExplainedQuery[]): string {
  return list.map((q) => [
    `#### ${q.name}`, '', '```sql', q.sql, '```', '',
    '| id | select_type | table | type | key | rows | Extra |', '|---|---|---|---|---|---:|---|',
    ...q.plan.map((p) => `| ${p.id} | ${p.select_type} | ${p.table} | ${p.type} | ${p.key ?? ''} | ${p.rows} | ${p.Extra ?? ''} |`), '',
  ].join('\n')).join('\n');
}
