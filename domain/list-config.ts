// The call lists' configuration (config/dashboard-lists.json): the priority score, the default campaign a list is
// checked for when the request names none, and page sizes. Validated on load; a bad value names its path.
import { z } from 'zod';
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
