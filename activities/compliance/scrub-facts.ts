// What a scrub needs for a slice of contacts, fetched set-wise: the registry sets of its area codes (as of the scrub's
// registry high-water mark, through a bounded cache), and the suppression, EBR and consent rows of its phones and
// e-mails (as of the scrub's high-water marks), so each contact is then evaluated in memory.
import type { RowDataPacket } from 'mysql2';
import type { ActivityDeps, DbPool } from '../deps';
import type { LineSet } from '../../domain/compliance/bitmap';
import type { ConsentFact, EvidenceFact, SuppressionFact } from '../../domain/compliance/facts';
import { consentOfRow, evidenceOfRow, suppressionOfRow } from './facts-reader';
import { currentVersions, type LineSetCache, copyRefOf, type VersionRow } from './registry-store';

export interface ScrubMarks {
  scrubId: number;
  atMs: number;
  registryHwm: number;
  suppressionHwm: number;
  evidenceHwm: number;
  consentHwm: number;
}

export interface AreaCodeSets {
  versions: VersionRow[];
  sets: Map<string, LineSet | null>;
}

/** The current set of every list for each area code, as of the scrub. */
export async function setsFor(deps: Pick<ActivityDeps, 's3' | 'buckets'> & { pool: Pick<DbPool, 'query'> }, cache: LineSetCache, npas: string[], marks: ScrubMarks): Promise<Map<string, AreaCodeSets>> {
  const out = new Map<string, AreaCodeSets>();
  for (const v of await currentVersions(deps.pool, npas, marks.registryHwm)) {
    let entry = out.get(v.npa);
    if (!entry) out.set(v.npa, (entry = { versions: [], sets: new Map() }));
    entry.versions.push(v);
    entry.sets.set(v.list, v.objectKey ? await cache.get(v.objectKey) : null);
  }
  return out;
}

export { copyRefOf };

export interface RowsByKey {
  suppressions: Map<string, SuppressionFact[]>;
  evidence: Map<string, EvidenceFact[]>;
  consents: Map<string, ConsentFact[]>;
}

function add<T>(map: Map<string, T[]>, key: string | null, value: T): void {
  if (key === null) return;
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Rows keyed `p:<phone>` and `e:<email>`: by phone for a phone range (an index range scan), by e-mail for the
 * e-mail-keyed rows of the contacts in the same range (driven from the small e-mail-keyed rows).
 */
export async function rowsForRange(pool: Pick<DbPool, 'query'>, range: { from: string; to: string } | { ids: number[] }, marks: ScrubMarks): Promise<RowsByKey> {
  const out: RowsByKey = { suppressions: new Map(), evidence: new Map(), consents: new Map() };
  const tables = [
    ['suppression_log', marks.suppressionHwm, (r: RowDataPacket) => { const f = suppressionOfRow(r); add(out.suppressions, f.phone && `p:${f.phone}`, f); add(out.suppressions, f.email && `e:${f.email}`, f); }],
    ['ebr_evidence', marks.evidenceHwm, (r: RowDataPacket) => { const f = evidenceOfRow(r); add(out.evidence, r.phone_e164 && `p:${r.phone_e164}`, f); add(out.evidence, r.email && `e:${r.email}`, f); }],
    ['written_consents', marks.consentHwm, (r: RowDataPacket) => { const f = consentOfRow(r); add(out.consents, r.phone_e164 && `p:${r.phone_e164}`, f); add(out.consents, r.email && `e:${r.email}`, f); }],
  ] as const;
  for (const [table, hwm, take] of tables) {
    const seen = new Set<number>();
    const keep = (rows: RowDataPacket[]) => rows.forEach((r) => !seen.has(Number(r.id)) && (seen.add(Number(r.id)), take(r)));
    if ('ids' in range) {
      if (range.ids.length === 0) continue;
      const [byPhone] = await pool.query<RowDataPacket[]>(`SELECT t.* FROM contacts c JOIN ${table} t ON t.phone_e164 = c.phone_e164 WHERE c.id IN (?) AND t.id <= ?`, [range.ids, hwm]);
      const [byEmail] = await pool.query<RowDataPacket[]>(`SELECT t.* FROM contacts c JOIN ${table} t ON t.email = c.email WHERE c.id IN (?) AND t.id <= ?`, [range.ids, hwm]);
      keep(byPhone);
      keep(byEmail);
    } else {
      const [byPhone] = await pool.query<RowDataPacket[]>(`SELECT * FROM ${table} WHERE phone_e164 >= ? AND phone_e164 < ? AND id <= ?`, [range.from, range.to, hwm]);
      const [byEmail] = await pool.query<RowDataPacket[]>(
        `SELECT t.* FROM ${table} t STRAIGHT_JOIN contacts c ON c.email = t.email WHERE t.email IS NOT NULL AND t.id <= ? AND c.phone_e164 >= ? AND c.phone_e164 < ?`,
        [hwm, range.from, range.to],
      );
      keep(byPhone);
      keep(byEmail);
    }
  }
  return out;
}
