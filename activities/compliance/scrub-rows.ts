// Evaluates scrub rows for contacts in memory (registry sets and rows already fetched) and streams them into a
// results table with one LOAD DATA per call: the set-based write path of every scrub.
import { Readable } from 'node:stream';
import type { DbPool } from '../deps';
import type { ComplianceFacts, RegistryFacts } from '../../domain/compliance/facts';
import { nanpVerdict } from '../../domain/compliance/nanp';
import type { RuleSet } from '../../domain/compliance/rules';
import { storedRow, storedRowFromLists, type StoredRow } from '../../domain/compliance/stored-status';
import { tsvLine } from '../ingest/load-data';
import { copyRefOf, type AreaCodeSets, type RowsByKey, type ScrubMarks } from './scrub-facts';
import { sqlOfMs } from './sql-time';

export interface ContactSlice {
  id: number;
  phone: string | null;
  email: string | null;
}

export const RESULT_COLUMNS = ['contact_id', 'npa', 'status', 'blocked', 'invalid_phone', 'opted_out', 'scoped_opt_outs', 'litigator', 'dnc_federal', 'dnc_states', 'wireless', 'ebr_until', 'consent_brands', 'scrub_id'];

export function resultLine(r: StoredRow, scrubId: number): string {
  return tsvLine([r.contactId, r.npa, r.status, r.status === 'CALLABLE' ? 0 : 1, r.invalidPhone ? 1 : 0, r.optedOut, r.scopedOptOuts ? 1 : 0, r.litigator ? 1 : 0,
    r.dncFederal ? 1 : 0, r.dncStates, r.wireless ? 1 : 0, r.ebrUntil === null ? null : sqlOfMs(r.ebrUntil), r.consentBrands, scrubId]);
}

const EMPTY: never[] = [];

/** The stored row of one contact. */
export function scrubOne(c: ContactSlice, sets: Map<string, AreaCodeSets>, rows: RowsByKey, marks: ScrubMarks, ruleSet: RuleSet): StoredRow {
  const nanp = nanpVerdict(c.phone);
  const area = nanp.ok ? sets.get(nanp.number.npa) : undefined;
  const line = nanp.ok ? nanp.number.line7 : 0;
  const pk = c.phone ? `p:${c.phone}` : null;
  const ek = c.email ? `e:${c.email}` : null;
  const pick = <T>(m: Map<string, T[]>): T[] => {
    const a = pk ? m.get(pk) : undefined;
    const b = ek ? m.get(ek) : undefined;
    return a && b ? [...new Set([...a, ...b])] : (a ?? b ?? EMPTY);
  };
  const suppressions = pick(rows.suppressions);
  const evidence = pick(rows.evidence);
  const consents = pick(rows.consents);
  let federal = false;
  let litigator = false;
  let wireless = false;
  const states: string[] = [];
  if (area) {
    for (const [list, set] of area.sets) {
      if (!set || !set.has(line)) continue;
      if (list === 'federal') federal = true;
      else if (list === 'litigator') litigator = true;
      else if (list === 'wireless') wireless = true;
      else if (list.startsWith('state:')) states.push(list.slice(6));
    }
    states.sort();
  }
  if (suppressions.length === 0 && evidence.length === 0 && consents.length === 0) {
    return storedRowFromLists(c.id, nanp.ok ? nanp.number.npa : null, !nanp.ok, { litigator, federal, states, wireless });
  }
  const registry: RegistryFacts = { federal: null, states: [], litigator: null, wireless: null };
  for (const v of area?.versions ?? []) {
    const m = { copy: copyRefOf(v), listed: Boolean(area!.sets.get(v.list)?.has(line)) };
    if (v.list === 'federal') registry.federal = m;
    else if (v.list === 'litigator') registry.litigator = m;
    else if (v.list === 'wireless') registry.wireless = m;
    else if (m.listed) registry.states.push({ ...m, state: v.list.slice(6) });
  }
  const facts: ComplianceFacts = { suppressions, evidence, consents, registry, attempts: [] };
  return storedRow(c.id, { phone: c.phone, email: c.email, state: null }, facts, marks.atMs, ruleSet);
}

/**
 * Streams rows into `table` with one LOAD DATA; `produce` pushes lines (it may await reads meanwhile). REPLACE when
 * rows may exist already (incremental scrubs, opt-outs); a full scrub writes a fresh table.
 */
export async function loadResults(pool: DbPool, table: string, replace: boolean, produce: (push: (text: string) => Promise<void>) => Promise<void>): Promise<void> {
  let wake: (() => void) | null = null;
  const stream = new Readable({
    read() {
      wake?.();
      wake = null;
    },
  });
  // Back-pressure: when the server reads slower than the contacts are evaluated, wait for it to ask for more.
  const push = async (text: string) => {
    if (!stream.push(Buffer.from(text))) await new Promise<void>((resolve) => (wake = resolve));
  };
  const conn = await pool.getConnection();
  try {
    const load = conn.query({
      sql: `LOAD DATA LOCAL INFILE 'scrub' ${replace ? 'REPLACE' : 'IGNORE'} INTO TABLE ${table} CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${RESULT_COLUMNS.join(', ')})`,
      infileStreamFactory: () => stream,
    });
    const fed = produce(push).then(() => stream.push(null), (err: unknown) => {
      stream.destroy(err as Error);
      throw err;
    });
    await Promise.all([load, fed]);
  } finally {
    conn.release();
  }
}
