// Maps a source's column headers onto canonical fields by common names, with an explicit --mapping file able to override.
import { z } from 'zod';
import { fieldsWithRole, SOURCE_FIELD_SPECS, type SourceFieldSpec } from './contact-schema';
import { MAPPABLE_FIELDS, type CanonicalField, type MappableField } from './fields';

/** Known header spellings per field, most canonical first (earlier aliases win when several headers match one field): from the contact schema. */
export const FIELD_ALIASES: Readonly<Record<MappableField, readonly string[]>> = Object.fromEntries(
  MAPPABLE_FIELDS.map((f) => [f, (SOURCE_FIELD_SPECS[f] as SourceFieldSpec).aliases]),
) as Record<MappableField, readonly string[]>;

/** A source must map at least one match-key field or one name field. */
const KEY_FIELDS = fieldsWithRole('key');
const NAME_FIELDS = fieldsWithRole('name');

/** Header comparison form: lower-cased with everything but letters and digits removed ('E-Mail' → 'email'). */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

interface AliasHit {
  field: MappableField;
  rank: number;
}

const ALIAS_INDEX: ReadonlyMap<string, AliasHit> = (() => {
  const index = new Map<string, AliasHit>();
  for (const field of MAPPABLE_FIELDS) {
    FIELD_ALIASES[field].forEach((alias, rank) => {
      const key = normalizeHeader(alias);
      const seen = index.get(key);
      if (seen && seen.field !== field) throw new Error(`alias "${alias}" is claimed by both ${seen.field} and ${field}`);
      if (!seen) index.set(key, { field, rank });
    });
  }
  return index;
})();

export type MappingRule =
  | 'UNKNOWN_HEADER'
  | 'AMBIGUOUS_HEADER'
  | 'DUPLICATE_TARGET'
  | 'NO_KEY_OR_NAME_COLUMN'
  | 'INVALID_JSON'
  | 'UNKNOWN_FIELD'
  | 'INVALID_MAPPING_FILE';

/** A source whose columns cannot be mapped, or a mapping file that is wrong: fail fast, before any row is read. */
export class MappingError extends Error {
  override readonly name = 'MappingError';
  constructor(
    message: string,
    readonly rule: MappingRule,
    /** The offending names: headers, fields or keys, depending on the rule. */
    readonly offending: readonly string[],
    /** The headers the source had, when the error is about a source. */
    readonly headers: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * canonical field → source header, or several headers whose non-empty values are joined with a space into the field
 * (`"address_line": ["street_number", "address_1"]`).
 */
export type ColumnMapping = Partial<Record<MappableField, string | string[]>>;

/** The source headers a mapping entry reads, in order. */
export function columnsOf(value: string | readonly string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
}

/** Every source header a mapping reads, each once. */
export function mappedColumns(mapping: ColumnMapping): string[] {
  return [...new Set(Object.values(mapping).flatMap((v) => columnsOf(v)))];
}

export interface ResolvedMapping {
  /** canonical field → source header (exactly as spelled in the source). */
  mapping: ColumnMapping;
  /** Source headers that feed no field. */
  unmapped: string[];
}

function findExplicitHeader(headers: readonly string[], wanted: string, field: string): string {
  const exact = headers.filter((h) => h === wanted);
  if (exact.length === 1) return wanted;
  if (exact.length > 1) {
    throw new MappingError(`mapping for ${field}: header "${wanted}" occurs ${exact.length} times in the source`, 'AMBIGUOUS_HEADER', [wanted], headers);
  }
  const key = normalizeHeader(wanted);
  const loose = key === '' ? [] : headers.filter((h) => normalizeHeader(h) === key);
  if (loose.length === 1 && loose[0] !== undefined) return loose[0];
  if (loose.length > 1) {
    throw new MappingError(`mapping for ${field}: header "${wanted}" matches several source headers (${loose.join(', ')})`, 'AMBIGUOUS_HEADER', [wanted], headers);
  }
  throw new MappingError(`mapping for ${field}: header "${wanted}" does not exist in the source (headers: ${headers.join(', ')})`, 'UNKNOWN_HEADER', [wanted], headers);
}

/**
 * Resolves which source header feeds each canonical field. Explicit entries win; the rest is matched by alias.
 * Throws `MappingError` when an explicit header is missing or ambiguous, when two fields would read one header,
 * or when the source has neither a key column (email/phone) nor a name column (first/last name).
 */
export function resolveMapping(headers: readonly string[], explicit: Partial<Record<CanonicalField, string | string[]>> = {}): ResolvedMapping {
  rejectUnknownFields(Object.keys(explicit));
  const mapping: ColumnMapping = {};
  const used = new Map<string, MappableField>();
  const claim = (field: MappableField, header: string): void => {
    const other = used.get(header);
    if (other !== undefined) {
      throw new MappingError(`mapping: header "${header}" is mapped to both ${other} and ${field}`, 'DUPLICATE_TARGET', [header], headers);
    }
    used.set(header, field);
    mapping[field] = header;
  };

  for (const field of MAPPABLE_FIELDS) {
    const wanted = explicit[field];
    if (wanted === undefined) continue;
    if (typeof wanted === 'string') {
      claim(field, findExplicitHeader(headers, wanted, field));
      continue;
    }
    // Several headers joined into one field: each is claimed, the field keeps them in the given order.
    const found = wanted.map((w) => findExplicitHeader(headers, w, field));
    for (const h of found) claim(field, h);
    mapping[field] = found.length === 1 ? found[0]! : found;
  }

  const best = new Map<MappableField, { header: string; rank: number }>();
  for (const header of headers) {
    if (used.has(header)) continue;
    const hit = ALIAS_INDEX.get(normalizeHeader(header));
    if (!hit || mapping[hit.field] !== undefined) continue;
    const current = best.get(hit.field);
    if (!current || hit.rank < current.rank) best.set(hit.field, { header, rank: hit.rank });
  }
  for (const [field, { header }] of best) {
    if (headers.indexOf(header) !== headers.lastIndexOf(header)) {
      throw new MappingError(`mapping for ${field}: header "${header}" occurs more than once in the source`, 'AMBIGUOUS_HEADER', [header], headers);
    }
    claim(field, header);
  }

  const hasKey = KEY_FIELDS.some((f) => mapping[f] !== undefined);
  const hasName = NAME_FIELDS.some((f) => mapping[f] !== undefined);
  if (!hasKey && !hasName) {
    throw new MappingError(
      `mapping: no ${KEY_FIELDS.join(' or ')} column and no ${NAME_FIELDS.join(' or ')} column recognised among headers [${headers.join(', ')}]; pass an explicit mapping`,
      'NO_KEY_OR_NAME_COLUMN',
      [...headers],
      headers,
    );
  }
  return { mapping, unmapped: headers.filter((h) => !used.has(h)) };
}

const headerName = z.string().trim().min(1, 'must name a source header');
const mappingFileSchema = z.record(z.string(), z.union([headerName, z.array(headerName).min(1, 'must name at least one source header')]));

/**
 * Parses and validates a `--mapping` JSON file (`{"email": "Courriel", "address_line": ["No", "Rue"]}`): keys must be
 * mappable canonical fields, values a header name or a list of header names to join. Throws `MappingError` naming
 * the offending keys.
 */
export function parseMappingFile(jsonText: string): ColumnMapping {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch (err) {
    throw new MappingError(`mapping file: not valid JSON (${(err as Error).message})`, 'INVALID_JSON', []);
  }
  const result = mappingFileSchema.safeParse(parsed);
  if (!result.success) {
    const where = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    const keys = result.error.issues.map((i) => i.path.map(String).join('.')).filter((k) => k !== '');
    throw new MappingError(
      `mapping file: must be an object of canonical field → source header (${where.join('; ')})`,
      'INVALID_MAPPING_FILE',
      keys,
    );
  }
  rejectUnknownFields(Object.keys(result.data));
  return result.data as ColumnMapping;
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(MAPPABLE_FIELDS);

/** Only source-data fields can be mapped: row_no and reject_* are written by the exporter itself. */
function rejectUnknownFields(keys: readonly string[]): void {
  const unknown = keys.filter((k) => !KNOWN_FIELDS.has(k));
  if (unknown.length > 0) {
    throw new MappingError(
      `mapping: unknown canonical field(s) ${unknown.map((k) => `"${k}"`).join(', ')} (allowed: ${MAPPABLE_FIELDS.join(', ')})`,
      'UNKNOWN_FIELD',
      unknown,
    );
  }
}
