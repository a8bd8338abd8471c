// The priority score of a golden record on the call lists (0..1000): a weighted mean of recency (exponential decay
// with a half-life), completeness (share of the configured fields present), source (a weight per source kind) and
// attempts (fewer recent attempts first). Inputs and weights live in config/dashboard-lists.json; the refresh
// computes it set-based with the SQL expression built here, which the tests check against scoreOf.
import { z } from 'zod';

const SCORE_FIELDS = ['email', 'phone_e164', 'first_name', 'last_name', 'address_line', 'city', 'state', 'postal_code', 'dob'] as const;
type ScoreField = (typeof SCORE_FIELDS)[number];

export const priorityScoreSchema = z.object({
  weights: z.object({ recency: z.number().min(0), completeness: z.number().min(0), source: z.number().min(0), attempts: z.number().min(0) })
    .refine((w) => w.recency + w.completeness + w.source + w.attempts > 0, { message: 'at least one weight must be above 0' }),
  recencyHalfLifeDays: z.number().positive().max(36500),
  completenessFields: z.array(z.enum(SCORE_FIELDS)).min(1),
  sourceKinds: z.record(z.string().regex(/^[a-z0-9_-]{1,16}$/), z.number().min(0).max(1)),
  otherSource: z.number().min(0).max(1),
  attemptsWindowDays: z.number().int().min(1).max(365),
});

export type PriorityScoreConfig = z.infer<typeof priorityScoreSchema>;

export interface ScoreInputs {
  /** Days between the record's newest source timestamp and the refresh. */
  ageDays: number;
  /** Which configured fields are present. */
  present: Partial<Record<ScoreField, boolean>>;
  sourceKind: string;
  /** Attempts to its phone in the configured window. */
  attempts: number;
}

export function scoreOf(c: PriorityScoreConfig, i: ScoreInputs): number {
  const w = c.weights;
  const recency = 0.5 ** (Math.max(0, i.ageDays) / c.recencyHalfLifeDays);
  const completeness = c.completenessFields.filter((f) => i.present[f]).length / c.completenessFields.length;
  const source = c.sourceKinds[i.sourceKind] ?? c.otherSource;
  const attempts = 1 / (1 + i.attempts);
  const total = w.recency + w.completeness + w.source + w.attempts;
  return Math.round((1000 * (w.recency * recency + w.completeness * completeness + w.source * source + w.attempts * attempts)) / total);
}

/**
 * The same score as one SQL expression over columns of `alias` (the fields, `updated_at`, `source_kind`, `attempts`)
 * and the reference time (UTC 'YYYY-MM-DD HH:MM:SS'); numbers come from the validated config, source kinds as parameters.
 */
export function scoreSql(c: PriorityScoreConfig, alias: string, referenceTime: string): { sql: string; params: Array<string | number> } {
  const w = c.weights;
  const total = w.recency + w.completeness + w.source + w.attempts;
  const recency = `POW(0.5, GREATEST(0, TIMESTAMPDIFF(SECOND, ${alias}.updated_at, ?)) / 86400 / ${c.recencyHalfLifeDays})`;
  // Compared as text: a DATE column (dob) compared with '' is an "incorrect datetime value", an error inside
  // INSERT ... SELECT under strict mode.
  const present = c.completenessFields.map((f) => `(${alias}.${f} IS NOT NULL AND CAST(${alias}.${f} AS CHAR) <> '')`).join(' + ');
  const kinds = Object.entries(c.sourceKinds);
  const source = kinds.length ? `CASE ${alias}.source_kind ${kinds.map(() => 'WHEN ? THEN ?').join(' ')} ELSE ${c.otherSource} END` : String(c.otherSource);
  const sql = `ROUND(1000 * (${w.recency} * ${recency} + ${w.completeness} * (${present}) / ${c.completenessFields.length}`
    + ` + ${w.source} * ${source} + ${w.attempts} / (1 + ${alias}.attempts)) / ${total})`;
  return { sql, params: [referenceTime, ...kinds.flatMap(([k, v]) => [k, v])] };
}
