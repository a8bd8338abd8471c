// Golden records: which id a recomputed cluster keeps (stable ids: the older golden id survives a merge, the part
// holding the representative keeps it after a split), who represents it, and its values by field-level survivorship
// (most trusted source, then most recent, then most complete) over the members' own values.

/** A member contact as the golden-record step reads it. */
export interface MemberRecord {
  id: number;
  goldenId: number | null;
  email: string | null;
  phoneE164: string | null;
  phoneExt: string | null;
  firstName: string | null;
  lastName: string | null;
  nameKey: string | null;
  addressLine: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  dob: string | null;
  /** DATETIME(3) text, UTC. */
  sourceUpdatedAt: string;
  nameUpdatedAt: string | null;
  addressUpdatedAt: string | null;
  dobUpdatedAt: string | null;
  /** Rank of the member's source in the model's source priority (0 = most trusted; unlisted sources rank last). */
  sourceRank: number;
}

export interface GoldenValues {
  email: string | null;
  phoneE164: string | null;
  phoneExt: string | null;
  firstName: string | null;
  lastName: string | null;
  nameKey: string | null;
  addressLine: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  dob: string | null;
  sourceUpdatedAt: string;
}

/** The golden columns and their value fields, in table order (change_history names the column). */
export const GOLDEN_COLUMNS: ReadonlyArray<[string, keyof GoldenValues]> = [
  ['email', 'email'], ['phone_e164', 'phoneE164'], ['phone_ext', 'phoneExt'], ['first_name', 'firstName'], ['last_name', 'lastName'],
  ['name_key', 'nameKey'], ['address_line', 'addressLine'], ['city', 'city'], ['state', 'state'], ['postal_code', 'postalCode'],
  ['country', 'country'], ['dob', 'dob'],
];

type Group = { fields: Array<keyof MemberRecord & keyof GoldenValues>; present: (m: MemberRecord) => boolean; at: (m: MemberRecord) => string };

/** Field groups that survive together, as ingestion groups them (a name never mixes two members' parts). */
const GROUPS: Group[] = [
  { fields: ['email'], present: (m) => m.email !== null, at: (m) => m.sourceUpdatedAt },
  { fields: ['phoneE164', 'phoneExt'], present: (m) => m.phoneE164 !== null, at: (m) => m.sourceUpdatedAt },
  { fields: ['firstName', 'lastName', 'nameKey'], present: (m) => m.firstName !== null || m.lastName !== null, at: (m) => m.nameUpdatedAt ?? m.sourceUpdatedAt },
  {
    fields: ['addressLine', 'city', 'state', 'postalCode', 'country'],
    present: (m) => m.addressLine !== null || m.city !== null || m.postalCode !== null,
    at: (m) => m.addressUpdatedAt ?? m.sourceUpdatedAt,
  },
  { fields: ['dob'], present: (m) => m.dob !== null, at: (m) => m.dobUpdatedAt ?? m.sourceUpdatedAt },
];

function completeness(m: MemberRecord, fields: Group['fields']): number {
  return fields.reduce((n, f) => n + (m[f] === null ? 0 : 1), 0);
}

/**
 * The golden values of a cluster: per field group, the member from the most trusted source, then with the newest
 * timestamp for that group, then the most complete group, then the lowest id (so the result never depends on order).
 */
export function survivorship(members: readonly MemberRecord[]): GoldenValues {
  const out = {} as Record<keyof GoldenValues, string | null>;
  for (const g of GROUPS) {
    let best: MemberRecord | null = null;
    for (const m of members) {
      if (!g.present(m)) continue;
      if (best === null) {
        best = m;
        continue;
      }
      const byRank = best.sourceRank - m.sourceRank;
      const byTime = g.at(m) < g.at(best) ? -1 : g.at(m) > g.at(best) ? 1 : 0;
      const byFill = completeness(m, g.fields) - completeness(best, g.fields);
      if (byRank > 0 || (byRank === 0 && (byTime > 0 || (byTime === 0 && (byFill > 0 || (byFill === 0 && m.id < best.id)))))) best = m;
    }
    for (const f of g.fields) out[f] = best ? (best[f] as string | null) : null;
  }
  out.sourceUpdatedAt = members.reduce((t, m) => (m.sourceUpdatedAt > t ? m.sourceUpdatedAt : t), members[0]?.sourceUpdatedAt ?? '1970-01-01 00:00:00.000');
  return out as unknown as GoldenValues;
}

/** The member that best stands for a new cluster: most complete, then most recent, then lowest id. */
export function chooseRepresentative(members: readonly MemberRecord[]): number {
  const fill = (m: MemberRecord) => GOLDEN_COLUMNS.reduce((n, [, f]) => n + (f !== 'sourceUpdatedAt' && m[f as keyof MemberRecord] !== null ? 1 : 0), 0);
  let best = members[0]!;
  for (const m of members.slice(1)) {
    const d = fill(m) - fill(best);
    if (d > 0 || (d === 0 && (m.sourceUpdatedAt > best.sourceUpdatedAt || (m.sourceUpdatedAt === best.sourceUpdatedAt && m.id < best.id)))) best = m;
  }
  return best.id;
}

export interface GoldenAssignment {
  /** The cluster's golden id, or null when it needs a fresh one (a split-off part with no founder of its own). */
  goldenId: number | null;
  representativeId: number;
  /** Golden ids this cluster absorbed (their representatives are members): retired into goldenId. */
  retired: number[];
}

/**
 * Stable golden ids for recomputed clusters. A golden id belongs to the cluster holding its representative; a
 * cluster holding several keeps the oldest (smallest) and retires the others into it; a cluster holding none takes
 * the id of its lowest never-clustered member (a contact founds the golden record of its own id), else a fresh id.
 */
export function assignGoldenIds(
  cluster: readonly MemberRecord[], representativeOf: ReadonlyMap<number, number>,
): GoldenAssignment {
  const ids = new Set(cluster.map((m) => m.id));
  const owned = [...new Set(cluster.map((m) => m.goldenId).filter((g): g is number => g !== null))]
    .filter((g) => ids.has(representativeOf.get(g) ?? -1))
    .sort((a, b) => a - b);
  if (owned.length > 0) {
    const goldenId = owned[0]!;
    return { goldenId, representativeId: representativeOf.get(goldenId)!, retired: owned.slice(1) };
  }
  const founders = cluster.filter((m) => m.goldenId === null).map((m) => m.id).sort((a, b) => a - b);
  const representativeId = chooseRepresentative(cluster);
  return { goldenId: founders[0] ?? null, representativeId, retired: [] };
}
