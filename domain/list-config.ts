// The call lists' configuration (config/dashboard-lists.json): the priority score, the default campaign a list is
// checked for when the request names none, and page sizes. Validated on load; a bad value names its path.
import { z } from 'zod';
import { CLASS_BIT, classOf } from './compliance/list-classes';
import { CHANNELS, DIAL_MODES } from './compliance/tags';
import { priorityScoreSchema } from './priority-score';

export const campaignSchema = z.object({
  channel: z.enum(CHANNELS),
  brand: z.string().regex(/^[A-Za-z0-9 ._-]{1,128}$/),
  dialMode: z.enum(DIAL_MODES),
});

export const listConfigSchema = z.object({
  version: z.string().min(1),
  priorityScore: priorityScoreSchema,
  defaultCampaign: campaignSchema,
  pageSize: z.number().int().min(1).max(1000),
  maxPageSize: z.number().int().min(1).max(1000),
});

export type ListConfig = z.infer<typeof listConfigSchema>;
export type Campaign = z.infer<typeof campaignSchema>;

export class ListConfigError extends Error {
  override name = 'ListConfigError';
}

export function parseListConfig(json: unknown): ListConfig {
  const r = listConfigSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ListConfigError(`config/dashboard-lists.json: ${issue.path.join('.') || '(root)'} ${issue.message}`);
  }
  return r.data;
}

/**
 * The condition a dash_priority row (`alias`) meets when it is on the campaign's list as far as the refresh's stored
 * facts go: something to reach on the channel (reach: 1 phone, 2 e-mail, 3 both) and not blocked for the campaign's
 * class (domain/compliance/list-classes.ts). Both are in every list index, so the check stays inside the index.
 */
export function listableSql(alias: string, campaign: Pick<Campaign, 'channel' | 'dialMode'>): string {
  const reach = campaign.channel === 'EMAIL' ? `${alias}.reach IN (2, 3)` : `${alias}.reach IN (1, 3)`;
  return `${reach} AND (${alias}.blocked_mask & ${CLASS_BIT[classOf(campaign)]}) = 0`;
}
