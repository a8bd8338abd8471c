// The business-rule scoring model: weights per field agreement level, thresholds, vetoes, fuzzy limits and
// blocking limits, read from a versioned JSON file (config/dedupe-model.json ships) and validated here.
import { z } from 'zod';
import { FIELD_LEVELS, type Field, type Levels } from './compare';
import shipped from '../../config/dedupe-model.json';

const levelWeights = <F extends Field>(field: F) =>
  z.object(Object.fromEntries(FIELD_LEVELS[field].map((l) => [l, z.number().finite()])) as Record<(typeof FIELD_LEVELS)[F][number], z.ZodNumber>).strict();

const weightsSchema = z.object({
  email: levelWeights('email'),
  phone: levelWeights('phone'),
  firstName: levelWeights('firstName'),
  lastName: levelWeights('lastName'),
  dob: levelWeights('dob'),
  street: levelWeights('street'),
  postal: levelWeights('postal'),
  city: levelWeights('city'),
  state: levelWeights('state'),
}).strict();

const fieldName = z.enum(Object.keys(FIELD_LEVELS) as [Field, ...Field[]]);

const vetoSchema = z.object({
  /** Shown in the evidence when the veto applies. */
  name: z.string().min(1),
  /** The veto applies when every condition holds: field → levels it is at. */
  when: z.partialRecord(fieldName, z.array(z.string()).min(1)),
  /** ... unless every one of these holds too. */
  unless: z.partialRecord(fieldName, z.array(z.string()).min(1)).default({}),
  /** ... unless neither record carries a contact detail (no email, no phone on either side: a bare legacy row). */
  unlessNoContactDetails: z.boolean().default(false),
  /** `review`: the pair can at most be reviewed; `none`: no link at all (and it is a cannot-link in clustering). */
  cap: z.enum(['review', 'none']),
}).strict();

export const dedupeModelSchema = z.object({
  version: z.string().min(1),
  description: z.string().optional(),
  thresholds: z.object({
    /** A pair scoring at least this (and not capped) is merged. */
    match: z.number(),
    /** A pair scoring at least this but below `match` (or capped at review) goes to the review queue. */
    review: z.number(),
    /** Two members of one would-be cluster scoring below this keep their clusters apart (the anti-chaining guard). */
    cannotLink: z.number(),
  }).strict().refine((t) => t.review <= t.match && t.cannotLink < t.review, 'thresholds must satisfy cannotLink < review <= match'),
  fuzzy: z.object({ name: z.number().min(0).max(1), weakName: z.number().min(0).max(1), street: z.number().min(0).max(1), city: z.number().min(0).max(1) }).strict(),
  weights: weightsSchema,
  vetoes: z.array(vetoSchema),
  blocking: z.object({
    /** A block larger than this is not paired all-to-all: it is sorted and each member compared to its next `window`. */
    maxBlockSize: z.number().int().min(2),
    window: z.number().int().min(1),
    /** Blocks larger than this are skipped for their rule (reported): a placeholder value, not evidence. */
    skipBlockSize: z.number().int().min(2),
  }).strict(),
  /** Term-frequency adjustments of exact agreements (domain/dedupe/term-frequency.ts). */
  termFrequency: z.object({
    phone: z.object({ reference: z.number().min(1), min: z.number() }).strict(),
    lastName: z.object({ referenceShare: z.number().positive().max(1), maxDown: z.number().min(0), maxUp: z.number().min(0) }).strict(),
    firstName: z.object({ referenceShare: z.number().positive().max(1), maxDown: z.number().min(0), maxUp: z.number().min(0) }).strict(),
  }).strict(),
  /** Survivorship: source names (source_files.source_name prefixes) in order of trust, most trusted first. */
  sourcePriority: z.array(z.string()).default([]),
}).strict();

export type DedupeModel = z.infer<typeof dedupeModelSchema>;
export type Veto = DedupeModel['vetoes'][number];

/** A model file that does not validate: names the file and the fields. */
export class DedupeModelError extends Error {
  override readonly name = 'DedupeModelError';
  constructor(message: string, readonly issues: readonly string[]) {
    super(message);
  }
}

/** Validates a parsed model file; vetoes must name real levels. */
export function parseDedupeModel(value: unknown, origin = 'dedupe model'): DedupeModel {
  const result = dedupeModelSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new DedupeModelError(`${origin}: invalid (${issues.join('; ')})`, issues);
  }
  for (const veto of result.data.vetoes) {
    for (const [field, levels] of [...Object.entries(veto.when), ...Object.entries(veto.unless)]) {
      const known: readonly string[] = [...FIELD_LEVELS[field as Field], 'missing'];
      const bad = (levels ?? []).filter((l) => !known.includes(l));
      if (bad.length > 0) throw new DedupeModelError(`${origin}: veto ${veto.name}: ${field} has no level ${bad.join(', ')}`, [`vetoes.${veto.name}.${field}`]);
    }
  }
  return result.data;
}

/** The model shipped with this version of the code. */
export const SHIPPED_MODEL: DedupeModel = parseDedupeModel(shipped, 'config/dedupe-model.json');

/**
 * True when `levels` satisfies every condition of a veto's `when`, not every condition of its `unless`, and (with
 * `unlessNoContactDetails`) at least one of the records has an email or a phone (`contactDetails`).
 */
export function vetoApplies(veto: Veto, levels: Levels, contactDetails = true): boolean {
  if (veto.unlessNoContactDetails && !contactDetails) return false;
  const { when, unless } = compiledVeto(veto);
  return when.length > 0 && allHold(when, levels) && !(unless.length > 0 && allHold(unless, levels));
}

type Conditions = ReadonlyArray<readonly [Field, readonly string[]]>;

/** A veto's conditions as arrays, made once per veto object: every scored pair checks every veto. */
const COMPILED = new WeakMap<Veto, { when: Conditions; unless: Conditions }>();

function compiledVeto(veto: Veto): { when: Conditions; unless: Conditions } {
  let c = COMPILED.get(veto);
  if (!c) {
    const list = (conditions: Partial<Record<Field, string[]>>): Conditions =>
      Object.entries(conditions).map(([f, ls]) => [f as Field, ls ?? []] as const);
    c = { when: list(veto.when), unless: list(veto.unless ?? {}) };
    COMPILED.set(veto, c);
  }
  return c;
}

function allHold(conditions: Conditions, levels: Levels): boolean {
  for (const [f, ls] of conditions) if (!ls.includes(levels[f])) return false;
  return true;
}
