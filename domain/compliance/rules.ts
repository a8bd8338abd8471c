// The jurisdiction table as data (data/rules.json): validated once, identified by its version and a hash of its content.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import RULES_JSON from './data/rules.json';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM' });
const windowSchema = z.object({ start: clock, end: clock }).refine((w) => w.start < w.end, { message: 'start must be before end' });
const capSchema = z.object({ attempts: z.number().int().min(1), windowHours: z.number().int().min(1).max(168) });
const exemption = z.enum(['EBR', 'CONSENT']);

export const rulesSchema = z.object({
  version: z.string().min(1),
  source: z.string().min(1),
  federal: z.object({
    callingWindow: windowSchema,
    registryMaxAgeDays: z.number().int().min(1),
    ebr: z.object({ transactionMonths: z.number().int().min(0), inquiryMonths: z.number().int().min(0) }),
    exemptions: z.array(exemption),
  }),
  policy: z.object({ note: z.string().optional(), frequencyCap: capSchema }),
  states: z.record(z.string().regex(/^[A-Z]{2}$/), z.object({
    callingWindow: windowSchema.optional(),
    frequencyCap: capSchema.optional(),
    keepsList: z.boolean(),
    listExemptions: z.array(exemption),
    note: z.string().optional(),
  })),
});

export type Rules = z.infer<typeof rulesSchema>;
export type ExemptionKind = z.infer<typeof exemption>;
export type CallingWindow = z.infer<typeof windowSchema>;

export interface RuleSet {
  rules: Rules;
  /** sha256 of the canonical JSON of the rules: what a stored result records beside the version. */
  sha256: string;
  /** The canonical JSON text (kept in compliance_rules_versions so an auditor can read the exact rules). */
  text: string;
}

/** A rules file whose content does not validate: names the field and the rule. */
export class RulesFileError extends Error {
  override name = 'RulesFileError';
  constructor(readonly field: string, readonly problem: string) {
    super(`compliance rules: ${field} ${problem}`);
  }
}

/** Validates a rules object (parsed JSON) into a rule set. */
export function ruleSetOf(json: unknown): RuleSet {
  const parsed = rulesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RulesFileError(issue.path.join('.') || '(root)', issue.message);
  }
  const text = JSON.stringify(parsed.data);
  return { rules: parsed.data, text, sha256: createHash('sha256').update(text).digest('hex') };
}

let shipped: RuleSet | undefined;

/** The rules shipped with this release (domain/compliance/data/rules.json). */
export function shippedRules(): RuleSet {
  shipped ??= ruleSetOf(RULES_JSON);
  return shipped;
}
