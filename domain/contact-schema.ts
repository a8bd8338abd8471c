// The contact, declared once: the source fields a column maps onto (aliases, limits, how each is normalized),
// the stored columns, the match-key columns, and the field groups with their timestamp columns. Normalization,
// folding, stage text, the SQL merge, integrity checks, the checksum and the bench floor all derive from here.
import { type FieldResult } from './field-result';
import { normalizeAddressText, normalizePostalCode, normalizeState } from './normalize/address';
import { normalizeCountry } from './normalize/country';
import { normalizeDob, type DobOptions } from './normalize/dob';
import { normalizeEmail } from './normalize/email';
import { nameKey, normalizeName } from './normalize/name';
import { normalizePhone, type PhoneValue } from './normalize/phone';
import { normalizeTimestamp, type TimestampOptions, type TimestampValue } from './normalize/timestamp';

/** What a field normalizer may read besides the value. */
export interface NormalizeOptions extends DobOptions, TimestampOptions {
  /** Region for national phone numbers (ISO alpha-2, e.g. 'US'). */
  defaultRegion: string;
}

/** A stored column's SQL type: free text VARCHAR(limit), a fixed-width code CHAR(limit), or a calendar DATE. */
export type ColumnType = { kind: 'text'; limit: number } | { kind: 'code'; limit: number } | { kind: 'date' };

/**
 * How a source field becomes stored values (`into` names the columns, in the order the normalizer fills them):
 * - `clean`: text cleaned to a value or nothing; the limit applies to the cleaned value;
 * - `check`: validated; an invalid value is stored empty with a warning; the limit applies to the trimmed raw text;
 * - `phone`: validated to E.164 and extension (two columns); the limit applies to the trimmed raw text;
 * - `recordId`: the row's source identity; `timestamp`: the row's source timestamp (every group's timestamp).
 */
export type FieldRecipe =
  | { kind: 'clean'; clean: (raw: string) => string | null; into: readonly [ValueColumn] }
  | { kind: 'check'; check: (raw: string, options: NormalizeOptions) => FieldResult<string>; into: readonly [ValueColumn] }
  | { kind: 'phone'; parse: (raw: string, region: string) => FieldResult<PhoneValue>; into: readonly [ValueColumn, ValueColumn] }
  | { kind: 'recordId' }
  | { kind: 'timestamp'; parse: (raw: string, options: NormalizeOptions) => FieldResult<TimestampValue> };

export interface SourceFieldSpec {
  /** Known header spellings, most canonical first (earlier aliases win when several headers match one field). */
  aliases: readonly string[];
  /** Maximum length in characters (code points, as utf8mb4 VARCHAR counts them); over it the row is rejected. */
  limit?: number;
  recipe: FieldRecipe;
  /** `key`: a match-key field; `name`: a name field. A source needs at least one of either to be mapped. */
  role?: 'key' | 'name';
}

/** The stored value columns of a contact, in this order everywhere (NormalizedContact.values, stage, checksum). */
export const VALUE_COLUMN_TYPES = {
  email: { kind: 'text', limit: 254 },
  phone_e164: { kind: 'text', limit: 16 },
  phone_ext: { kind: 'text', limit: 16 },
  first_name: { kind: 'text', limit: 100 },
  last_name: { kind: 'text', limit: 100 },
  name_key: { kind: 'text', limit: 201 },
  address_line: { kind: 'text', limit: 200 },
  city: { kind: 'text', limit: 100 },
  state: { kind: 'text', limit: 64 },
  postal_code: { kind: 'text', limit: 20 },
  country: { kind: 'code', limit: 2 },
  dob: { kind: 'date' },
} as const satisfies Record<string, ColumnType>;

export type ValueColumn = keyof typeof VALUE_COLUMN_TYPES;
export const VALUE_COLUMNS = Object.keys(VALUE_COLUMN_TYPES) as ValueColumn[];

/** The match key (email, phone_e164): a row's identity, taken from its first row and never updated. */
export const KEY_COLUMNS = ['email', 'phone_e164'] as const satisfies readonly ValueColumn[];

/**
 * The canonical source fields, in the column order of the canonical batch CSV (after row_no, before the
 * exporter's reject columns).
 */
export const SOURCE_FIELD_SPECS = {
  record_id: {
    aliases: ['record_id', 'recordid', 'id', 'rec_id', 'customer_id', 'cust_id', 'contact_id', 'person_id'],
    limit: 128,
    recipe: { kind: 'recordId' },
  },
  email: {
    aliases: ['email', 'e_mail', 'email_address', 'emailaddr', 'mail'],
    limit: 254,
    recipe: { kind: 'check', check: normalizeEmail, into: ['email'] },
    role: 'key',
  },
  phone: {
    aliases: ['phone', 'phone_number', 'phonenumber', 'phone_no', 'mobile', 'mobile_phone', 'telephone', 'tel', 'cell', 'cell_phone'],
    limit: 64,
    recipe: { kind: 'phone', parse: normalizePhone, into: ['phone_e164', 'phone_ext'] },
    role: 'key',
  },
  first_name: {
    aliases: ['first_name', 'firstname', 'given_name', 'forename', 'fname'],
    limit: 100,
    recipe: { kind: 'clean', clean: normalizeName, into: ['first_name'] },
    role: 'name',
  },
  last_name: {
    aliases: ['last_name', 'lastname', 'surname', 'family_name', 'lname'],
    limit: 100,
    recipe: { kind: 'clean', clean: normalizeName, into: ['last_name'] },
    role: 'name',
  },
  address_line: {
    aliases: ['address_line', 'address', 'address_line1', 'address_1', 'address1', 'street_address', 'street', 'addr'],
    limit: 200,
    recipe: { kind: 'clean', clean: normalizeAddressText, into: ['address_line'] },
  },
  city: { aliases: ['city', 'town', 'locality', 'suburb'], limit: 100, recipe: { kind: 'clean', clean: normalizeAddressText, into: ['city'] } },
  state: { aliases: ['state', 'state_code', 'province', 'region', 'st'], limit: 64, recipe: { kind: 'clean', clean: normalizeState, into: ['state'] } },
  postal_code: {
    aliases: ['postal_code', 'postalcode', 'postcode', 'zip', 'zip_code', 'zipcode'],
    limit: 20,
    recipe: { kind: 'clean', clean: normalizePostalCode, into: ['postal_code'] },
  },
  country: { aliases: ['country', 'country_code'], recipe: { kind: 'check', check: normalizeCountry, into: ['country'] } },
  dob: { aliases: ['dob', 'date_of_birth', 'birth_date', 'birthdate', 'birthday'], recipe: { kind: 'check', check: normalizeDob, into: ['dob'] } },
  updated_at: {
    aliases: ['updated_at', 'updatedat', 'last_updated', 'last_modified', 'modified_at', 'modified', 'updated', 'timestamp'],
    recipe: { kind: 'timestamp', parse: normalizeTimestamp },
  },
} as const satisfies Record<string, SourceFieldSpec>;

export type SourceField = keyof typeof SOURCE_FIELD_SPECS;
export const SOURCE_FIELDS = Object.keys(SOURCE_FIELD_SPECS) as SourceField[];

/** Values computed from other values of the same row, never read from a source column. */
export const DERIVED_COLUMNS: ReadonlyArray<{ column: ValueColumn; from: readonly [ValueColumn, ValueColumn]; derive: (a: string | null, b: string | null) => string | null }> = [
  { column: 'name_key', from: ['first_name', 'last_name'], derive: nameKey },
];

/**
 * Field groups: values that are replaced together, each with the stored timestamp of the source row they came
 * from. The per-group rule (one definition, used by the TypeScript fold and generated into the SQL merge, see
 * group-rule.ts): a group with no value never wins; otherwise the newer timestamp wins, a tie goes to the
 * greater `compare` tuple (empty as ''), so the result does not depend on the order rows arrive in.
 * `compare` also decides presence: a row has the group when any compare column has a value.
 */
export const FIELD_GROUPS = [
  { name: 'ext', columns: ['phone_ext'], compare: ['phone_ext'], tsColumn: 'ext_updated_at' },
  { name: 'name', columns: ['first_name', 'last_name', 'name_key'], compare: ['first_name', 'last_name'], tsColumn: 'name_updated_at' },
  {
    name: 'address',
    columns: ['address_line', 'city', 'state', 'postal_code', 'country'],
    compare: ['address_line', 'city', 'state', 'postal_code', 'country'],
    tsColumn: 'address_updated_at',
  },
  { name: 'dob', columns: ['dob'], compare: ['dob'], tsColumn: 'dob_updated_at' },
] as const satisfies ReadonlyArray<{ name: string; columns: readonly ValueColumn[]; compare: readonly ValueColumn[]; tsColumn: string }>;

export type FieldGroup = (typeof FIELD_GROUPS)[number];

/** The row-level columns of a stored contact besides its values and group timestamps. */
export const CONTACT_META = {
  /** 0 when the row has neither email nor phone: identified by its source instead. */
  hasContactKey: 'has_contact_key',
  /** Newest source timestamp applied; its row's provenance goes with it. */
  sourceUpdatedAt: 'source_updated_at',
  sourceRecordId: 'source_record_id',
  sourceFileId: 'source_file_id',
} as const;

/** Index of each value column in VALUE_COLUMNS (and so in NormalizedContact.values). */
export function valueIndex(column: ValueColumn): number {
  const i = VALUE_COLUMNS.indexOf(column);
  if (i < 0) throw new Error(`unknown contact column ${column}`);
  return i;
}

/** The SQL type of a value column. */
export function sqlType(column: ValueColumn): string {
  const t: ColumnType = VALUE_COLUMN_TYPES[column];
  return t.kind === 'text' ? `VARCHAR(${t.limit})` : t.kind === 'code' ? `CHAR(${t.limit})` : 'DATE';
}

/** Source fields whose mapping makes a source usable: `role` key (email, phone) or name. */
export function fieldsWithRole(role: 'key' | 'name'): SourceField[] {
  return SOURCE_FIELDS.filter((f) => (SOURCE_FIELD_SPECS[f] as SourceFieldSpec).role === role);
}

function findField(kind: FieldRecipe['kind']): SourceField {
  const f = SOURCE_FIELDS.find((s) => (SOURCE_FIELD_SPECS[s] as SourceFieldSpec).recipe.kind === kind);
  if (f === undefined) throw new Error(`the contact schema has no ${kind} field`);
  return f;
}

/** The source field holding the row's source record id. */
export const RECORD_ID_FIELD = findField('recordId');

/** The phone field's normalized-number column (its limit is reported as `e164`). */
const PHONE_NUMBER_COLUMN = (SOURCE_FIELD_SPECS[findField('phone')].recipe as Extract<FieldRecipe, { kind: 'phone' }>).into[0];

/**
 * Maximum lengths, in characters (Unicode code points, as utf8mb4 VARCHAR counts them): per source field its
 * reject limit (or its column's width), and `e164` for the normalized phone number.
 */
type Limited<K extends SourceField> = (typeof SOURCE_FIELD_SPECS)[K] extends { limit: number } ? K
  : K extends ValueColumn ? ((typeof VALUE_COLUMN_TYPES)[K] extends { limit: number } ? K : never) : never;
export type LimitedField = { [K in SourceField]: Limited<K> }[SourceField] | 'e164';

export const FIELD_LIMITS = Object.freeze({
  ...Object.fromEntries(SOURCE_FIELDS.flatMap((f) => {
    const spec: SourceFieldSpec = SOURCE_FIELD_SPECS[f];
    const column = f in VALUE_COLUMN_TYPES ? (VALUE_COLUMN_TYPES[f as ValueColumn] as ColumnType) : null;
    const limit = spec.limit ?? (column && 'limit' in column ? column.limit : undefined);
    return limit === undefined ? [] : [[f, limit]];
  })),
  e164: (VALUE_COLUMN_TYPES[PHONE_NUMBER_COLUMN] as ColumnType & { limit: number }).limit,
}) as Readonly<Record<LimitedField, number>>;

/** The record id's limit: also the width of every source_record_id column. */
export const RECORD_ID_LIMIT: number = (SOURCE_FIELD_SPECS[RECORD_ID_FIELD] as SourceFieldSpec).limit ?? 0;
