// What a scrub needs for a slice of contacts, fetched set-wise: the registry sets of its area codes (as of the scrub's
// registry high-water mark, through a bounded cache), and the suppression, EBR and consent rows of its phones and
// e-mails (as of the scrub's high-water marks), so each contact is then evaluated in memory.
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
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
  return setsOf(cache, await currentVersions(deps.pool, npas, marks.registryHwm));
}

/** The sets of the given versions (through the cache), by area code. */
export async function setsOf(cache: LineSetCache, versions: VersionRow[]): Promise<Map<string, AreaCodeSets>> {
  const out = new Map<string, AreaCodeSets>();
  const sets = await Promise.all(versions.map((v) => (v.objectKey ? cache.get(v.objectKey) : null)));
  for (const [i, v] of versions.entries()) {
    let entry = out.get(v.npa);
    if (!entry) out.set(v.npa, (entry = { versions: [], sets: new Map() }));
    entry.versions.push(v);
    entry.sets.set(v.list, sets[i] ?? null);
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

const FACT_TABLES = ['suppression_log', 'ebr_evidence', 'written_consents'] as const;
type FactTable = (typeof FACT_TABLES)[number];

function hwmOf(table: FactTable, marks: ScrubMarks): number {
  return table === 'suppression_log' ? marks.suppressionHwm : table === 'ebr_evidence' ? marks.evidenceHwm : marks.consentHwm;
}

/** Collects fact rows into `RowsByKey`, each row once per table however many queries returned it. */
class RowsCollector {
  readonly out: RowsByKey = { suppressions: new Map(), evidence: new Map(), consents: new Map() };
  private readonly seen = new Map<FactTable, Set<number>>(FACT_TABLES.map((t) => [t, new Set<number>()]));

  keep(table: FactTable, rows: RowDataPacket[]): void {
    const seen = this.seen.get(table)!;
    for (const r of rows) {
      const id = Number(r.id);
      if (seen.has(id)) continue;
      seen.add(id);
      if (table === 'suppression_log') {
        const f = suppressionOfRow(r);
        add(this.out.suppressions, f.phone && `p:${f.phone}`, f);
        add(this.out.suppressions, f.email && `e:${f.email}`, f);
      } else if (table === 'ebr_evidence') {
        const f = evidenceOfRow(r);
        add(this.out.evidence, r.phone_e164 && `p:${r.phone_e164}`, f);
        add(this.out.evidence, r.email && `e:${r.email}`, f);
      } else {
        const f = consentOfRow(r);
        add(this.out.consents, r.phone_e164 && `p:${r.phone_e164}`, f);
        add(this.out.consents, r.email && `e:${r.email}`, f);
      }
    }
  }
}

/**
 * Rows keyed `p:<phone>` and `e:<email>` for a set of contacts by id (incremental scrubs, opt-outs, contacts outside
 * the NANP ranges): by phone and by e-mail through the contacts' rows.
 */
export async function rowsForIds(pool: Pick<DbPool, 'query'>, ids: number[], marks: ScrubMarks): Promise<RowsByKey> {
  const c = new RowsCollector();
  if (ids.length === 0) return c.out;
  await Promise.all(FACT_TABLES.map(async (table) => {
    const [byPhone] = await pool.query<RowDataPacket[]>(`SELECT t.* FROM contacts c JOIN ${table} t ON t.phone_e164 = c.phone_e164 WHERE c.id IN (?) AND t.id <= ?`, [ids, hwmOf(table, marks)]);
    const [byEmail] = await pool.query<RowDataPacket[]>(`SELECT t.* FROM contacts c JOIN ${table} t ON t.email = c.email WHERE c.id IN (?) AND t.id <= ?`, [ids, hwmOf(table, marks)]);
    c.keep(table, byPhone);
    c.keep(table, byEmail);
  }));
  return c.out;
}

/**
 * The scrub's one pass over the facts (set-based, once per full scrub): every contact whose phone or e-mail has a
 * suppression, evidence or consent row up to the marks. Driven from those tables (usually far smaller than the
 * contacts) through the contacts' phone and e-mail indexes; a retried pass inserts the same rows.
 */
export async function recordFactHits(pool: Pick<DbPool, 'query'>, marks: ScrubMarks): Promise<number> {
  const facts = (key: 'phone_e164' | 'email') => FACT_TABLES.map((t) => `SELECT ${key} AS k FROM ${t} WHERE ${key} IS NOT NULL AND id <= ?`).join(' UNION ');
  const hwms = [marks.suppressionHwm, marks.evidenceHwm, marks.consentHwm];
  let n = 0;
  for (const key of ['phone_e164', 'email'] as const) {
    const [r] = await pool.query<ResultSetHeader>(
      `INSERT IGNORE INTO compliance_scrub_hits (scrub_id, contact_id) SELECT ?, c.id FROM (${facts(key)}) f JOIN contacts c ON c.${key} = f.k`,
      [marks.scrubId, ...hwms],
    );
    n += r.affectedRows;
  }
  return n;
}
