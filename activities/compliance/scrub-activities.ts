// The scrub's activities: begin (high-water marks, rules version, change cut, a fresh results table for a full scrub),
// one partition of contacts by phone range (keyset pages read while one LOAD DATA writes), a set of contacts by id
// (incremental scrubs, opt-outs), and finish (swap in the new table, re-apply what arrived meanwhile, golden status).
import type { RowDataPacket } from 'mysql2';
import mysql from 'mysql2';
import type { ActivityDeps } from '../deps';
import { claimChangeCut, consumeChangeCut } from '../change-feed';
import { heartbeatDetails, keepAlive } from '../keep-alive';
import { shippedRules } from '../../domain/compliance/rules';
import { knownAreaCodes } from '../../domain/compliance/area-codes';
import { loadResults, resultLine, scrubOne, type ContactSlice } from './scrub-rows';
import { refreshGolden } from './golden-status';
import { currentVersions, LineSetCache, type VersionRow } from './registry-store';
import { recordFactHits, rowsForIds, setsFor, setsOf, type AreaCodeSets, type RowsByKey, type ScrubMarks } from './scrub-facts';
import { sqlOfMs } from './sql-time';

export const LIVE_TABLE = 'contact_compliance';
const PAGE = 50_000;
const ID_CHUNK = 5_000;

/**
 * A slice of the contacts: by id, [fromId, toId) (a full scrub), or by phone, [from, to) in phone_e164 order (an
 * incremental scrub's area codes a full list replaced), or the contacts without a phone.
 */
export interface ScrubPartition {
  from: string;
  to: string;
  nullPhone?: boolean;
  fromId?: number;
  toId?: number;
  /** Contacts up to this id were matched against the facts by the scrub's one pass; later ones are looked up. */
  factsThrough?: number;
}

export interface BeginScrubInput {
  workflowId: string;
  kind: 'full' | 'incremental' | 'contacts';
  actor: string;
  /** The evaluation time (the workflow's clock). */
  at: string;
}

export interface BeginScrubResult {
  marks: ScrubMarks;
  /** Where this scrub writes: a fresh table for a full scrub, the live table otherwise. */
  table: string;
  partitions: ScrubPartition[];
  rulesVersion: string;
}

export interface PartitionResult {
  contacts: number;
  byStatus: Record<string, number>;
}

/** Contacts a full-scrub partition aims at: about an eighth of the contacts, within these bounds. */
export const PARTITION_MIN = 50_000;
export const PARTITION_MAX = 1_000_000;

/** The partition size for a full scrub of `total` contacts. */
export function partitionTarget(total: number): number {
  return Math.min(PARTITION_MAX, Math.max(PARTITION_MIN, Math.ceil(total / 8)));
}

/**
 * A full scrub's partitions: contiguous id ranges of about `target` contacts (ids [minId, maxId] counted as dense;
 * gaps only make a partition smaller), the first from 0 and the last open-ended, so a contact added while the scrub
 * runs is in one. By id, not by phone: each partition reads the contacts in primary-key order and writes its results
 * in the results table's primary-key order (phone-order inserts measured 3.5x slower, docs/compliance.md).
 */
export function plannedPartitions(minId: number, maxId: number, target: number): ScrubPartition[] {
  const parts: ScrubPartition[] = [];
  for (let lo = minId; lo <= maxId; lo += target) parts.push({ from: '', to: '', fromId: lo, toId: lo + target, factsThrough: maxId });
  if (parts.length === 0) parts.push({ from: '', to: '', fromId: 0, toId: 1, factsThrough: maxId });
  parts[0]!.fromId = 0;
  parts[parts.length - 1]!.toId = Number.MAX_SAFE_INTEGER;
  return parts;
}

/** One page of a partition, with what its evaluation needs already fetched. */
interface PreparedPage {
  contacts: ContactSlice[];
  sets: Map<string, AreaCodeSets>;
  rows: RowsByKey;
}

async function maxId(pool: ActivityDeps['pool'], table: string): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>(`SELECT COALESCE(MAX(id), 0) AS m FROM ${table}`);
  return Number(rows[0]!.m);
}

export function createScrubActivities(deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets' | 'metrics'>) {
  const ruleSet = shippedRules();
  const cache = new LineSetCache(deps);

  async function evaluateInto(table: string, replace: boolean, marks: ScrubMarks, pages: AsyncIterable<PreparedPage>): Promise<PartitionResult> {
    const byStatus: Record<string, number> = {};
    let contacts = 0;
    await loadResults(deps.pool, table, replace, async (push) => {
      for await (const { contacts: page, sets, rows } of pages) {
        let text = '';
        for (const c of page) {
          const r = scrubOne(c, sets, rows, marks, ruleSet);
          byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
          text += resultLine(r, marks.scrubId);
        }
        contacts += page.length;
        await push(text);
        heartbeatDetails({ scrubId: marks.scrubId, contacts });
      }
    });
    return { contacts, byStatus };
  }

  /** Pages of contacts given by `next` (null at the end), each prepared while the one before it is evaluated. */
  async function* readAhead(next: () => Promise<PreparedPage | null>): AsyncGenerator<PreparedPage> {
    let pending = next();
    for (;;) {
      const page = await pending;
      if (!page) return;
      pending = next();
      // A failed read-ahead surfaces when it is awaited; until then keep it from being reported as unhandled.
      pending.catch(() => undefined);
      yield page;
    }
  }

  /** The current registry versions of every area code as of a scrub (one query per scrub and process). */
  const versionsByMark = new Map<number, Promise<Map<string, VersionRow[]>>>();
  function allVersions(marks: ScrubMarks): Promise<Map<string, VersionRow[]>> {
    let p = versionsByMark.get(marks.registryHwm);
    if (!p) {
      p = currentVersions(deps.pool, knownAreaCodes(), marks.registryHwm).then((vs) => {
        const m = new Map<string, VersionRow[]>();
        for (const v of vs) m.set(v.npa, [...(m.get(v.npa) ?? []), v]);
        return m;
      });
      p.catch(() => versionsByMark.delete(marks.registryHwm));
      versionsByMark.clear();
      versionsByMark.set(marks.registryHwm, p);
    }
    return p;
  }

  /**
   * Starts reading every area code's registry sets as of the scrub into the cache, without waiting: a full scrub's
   * pages each need them all, so the first page would otherwise wait for the whole read (about 2 s for 50M numbers)
   * after its contacts are read. Begin starts it too, for the partitions that run in the same process. A failed read
   * leaves the cache as it was; the page that needs the set reads it again and reports the error.
   */
  function prefetchSets(marks: ScrubMarks): void {
    allVersions(marks).then((byNpa) => setsOf(cache, [...byNpa.values()].flat())).catch(() => undefined);
  }

  /**
   * A full scrub's partition: pages in primary-key order; only the contacts the scrub's fact pass found (and any added
   * since it ran) have their suppression, evidence and consent rows read; the rest are evaluated from the registry.
   */
  function idPages(part: ScrubPartition, marks: ScrubMarks): AsyncGenerator<PreparedPage> {
    prefetchSets(marks);
    let lastId = part.fromId! - 1;
    let done = false;
    return readAhead(async () => {
      if (done) return null;
      const [rows] = await deps.pool.query<RowDataPacket[]>('SELECT id, phone_e164, email FROM contacts WHERE id > ? AND id < ? ORDER BY id LIMIT ?', [lastId, part.toId, PAGE]);
      if (rows.length < PAGE) done = true;
      if (rows.length === 0) return null;
      const first = Number(rows[0]!.id);
      lastId = Number(rows[rows.length - 1]!.id);
      const contacts: ContactSlice[] = rows.map((r) => ({ id: Number(r.id), phone: r.phone_e164 ?? null, email: r.email ?? null }));
      const [hits] = await deps.pool.query<RowDataPacket[]>('SELECT contact_id FROM compliance_scrub_hits WHERE scrub_id = ? AND contact_id BETWEEN ? AND ?', [marks.scrubId, first, lastId]);
      const withFacts = hits.map((r) => Number(r.contact_id));
      const through = part.factsThrough ?? Number.MAX_SAFE_INTEGER;
      if (lastId > through) for (const c of contacts) if (c.id > through) withFacts.push(c.id);
      const byNpa = await allVersions(marks);
      const npas = new Set(contacts.flatMap((c) => (c.phone && /^\+1\d{10}$/.test(c.phone) ? [c.phone.slice(2, 5)] : [])));
      const pageVersions = [...npas].flatMap((npa) => byNpa.get(npa) ?? []);
      const [sets, facts] = await Promise.all([setsOf(cache, pageVersions), rowsForIds(deps.pool, withFacts, marks)]);
      return { contacts, sets, rows: facts };
    });
  }

  /** Prepares a page of contacts of any kind (by id): registry sets of their area codes, rows by phone and e-mail. */
  async function prepared(contacts: ContactSlice[], marks: ScrubMarks): Promise<PreparedPage> {
    const npas = [...new Set(contacts.flatMap((c) => (c.phone && /^\+1\d{10}$/.test(c.phone) ? [c.phone.slice(2, 5)] : [])))];
    const [sets, rows] = await Promise.all([setsFor(deps, cache, npas, marks), rowsForIds(deps.pool, contacts.map((c) => c.id), marks)]);
    return { contacts, sets, rows };
  }

  /** A phone range (an incremental scrub's area codes a full list replaced) or no phone: keyset pages, facts by id. */
  function oddPages(part: ScrubPartition, marks: ScrubMarks): AsyncGenerator<PreparedPage> {
    let lastPhone = part.from;
    let lastId = 0;
    let done = false;
    return readAhead(async () => {
      if (done) return null;
      const [rows] = part.nullPhone
        ? await deps.pool.query<RowDataPacket[]>('SELECT id, phone_e164, email FROM contacts WHERE phone_e164 IS NULL AND id > ? ORDER BY id LIMIT ?', [lastId, PAGE])
        : await deps.pool.query<RowDataPacket[]>(
          'SELECT id, phone_e164, email FROM contacts WHERE phone_e164 >= ? AND phone_e164 < ? AND (phone_e164 > ? OR (phone_e164 = ? AND id > ?)) ORDER BY phone_e164, id LIMIT ?',
          [part.from, part.to, lastPhone, lastPhone, lastId, PAGE],
        );
      if (rows.length < PAGE) done = true;
      if (rows.length === 0) return null;
      const last = rows[rows.length - 1]!;
      lastPhone = last.phone_e164;
      lastId = Number(last.id);
      return prepared(rows.map((r) => ({ id: Number(r.id), phone: r.phone_e164 ?? null, email: r.email ?? null })), marks);
    });
  }

  async function scrubIds(marks: ScrubMarks, ids: number[]): Promise<PartitionResult> {
    async function* pages(): AsyncGenerator<PreparedPage> {
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const [rows] = await deps.pool.query<RowDataPacket[]>('SELECT id, phone_e164, email FROM contacts WHERE id IN (?)', [ids.slice(i, i + ID_CHUNK)]);
        yield prepared(rows.map((r) => ({ id: Number(r.id), phone: r.phone_e164 ?? null, email: r.email ?? null })), marks);
      }
    }
    if (ids.length === 0) return { contacts: 0, byStatus: {} };
    return evaluateInto(LIVE_TABLE, true, marks, pages());
  }

  return {
    async beginScrub(input: BeginScrubInput): Promise<BeginScrubResult> {
      // People's writes are evaluated when they are applied; scheduled scrubs at their workflow's time.
      const atMs = input.kind === 'contacts' ? Math.max(Date.parse(input.at), Date.now()) : Date.parse(input.at);
      await deps.pool.query('INSERT IGNORE INTO compliance_rules_versions (sha256, version, rules_json) VALUES (?, ?, ?)', [ruleSet.sha256, ruleSet.rules.version, ruleSet.text]);
      const [registryHwm, suppressionHwm, evidenceHwm, consentHwm] = await Promise.all(['registry_versions', 'suppression_log', 'ebr_evidence', 'written_consents'].map((t) => maxId(deps.pool, t)));
      await deps.pool.query(
        `INSERT IGNORE INTO compliance_scrubs (kind, workflow_id, actor, rules_version, rules_sha256, evaluated_at, registry_hwm, suppression_hwm, evidence_hwm, consent_hwm)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [input.kind, input.workflowId, input.actor, ruleSet.rules.version, ruleSet.sha256, sqlOfMs(atMs), registryHwm, suppressionHwm, evidenceHwm, consentHwm],
      );
      const [rows] = await deps.pool.query<RowDataPacket[]>('SELECT * FROM compliance_scrubs WHERE workflow_id = ?', [input.workflowId]);
      const s = rows[0]!;
      const marks: ScrubMarks = {
        scrubId: Number(s.id), atMs, registryHwm: Number(s.registry_hwm), suppressionHwm: Number(s.suppression_hwm), evidenceHwm: Number(s.evidence_hwm), consentHwm: Number(s.consent_hwm),
      };
      if (input.kind !== 'contacts') await claimChangeCut(deps.pool, 'scrub', input.workflowId);
      if (input.kind !== 'full') return { marks, table: LIVE_TABLE, partitions: [], rulesVersion: ruleSet.rules.version };
      prefetchSets(marks);
      const table = `contact_compliance_s${marks.scrubId}`;
      await deps.pool.query(`DROP TABLE IF EXISTS ${mysql.escapeId(table)}`);
      await deps.pool.query(`CREATE TABLE ${mysql.escapeId(table)} LIKE ${LIVE_TABLE}`);
      // Partitions of the id range, and the scrub's one pass over the facts.
      const [span] = await deps.pool.query<RowDataPacket[]>('SELECT COALESCE(MIN(id), 0) AS lo, COALESCE(MAX(id), 0) AS hi FROM contacts');
      const lo = Number(span[0]!.lo);
      const hi = Number(span[0]!.hi);
      await recordFactHits(deps.pool, marks);
      return { marks, table, partitions: plannedPartitions(lo, hi, partitionTarget(hi - lo + 1)), rulesVersion: ruleSet.rules.version };
    },

    async scrubPartition(input: { marks: ScrubMarks; table: string; partition: ScrubPartition }): Promise<PartitionResult> {
      if (!/^contact_compliance(_s\d+)?$/.test(input.table)) throw new Error(`not a results table: ${input.table}`);
      const part = input.partition;
      // An incremental scrub's whole area codes (a full list replaced them) have no e-mail pass: pages by id then.
      const pages = part.fromId !== undefined ? idPages(part, input.marks) : oddPages(part, input.marks);
      return keepAlive(() => evaluateInto(input.table, input.table === LIVE_TABLE, input.marks, pages));
    },

    /** Re-scrubs the contacts with this phone or e-mail into the live table (an opt-out applied at once). */
    async scrubIdentifiers(input: { marks: ScrubMarks; phone: string | null; email: string | null }): Promise<PartitionResult & { contactIds: number[] }> {
      const [rows] = await deps.pool.query<RowDataPacket[]>(
        'SELECT id FROM contacts WHERE phone_e164 = ? UNION SELECT id FROM contacts WHERE email = ?', [input.phone ?? '', input.email ?? ''],
      );
      const ids = rows.map((r) => Number(r.id));
      const r = await scrubIds(input.marks, ids);
      await refreshGolden(deps.pool, input.marks.scrubId, ids);
      return { ...r, contactIds: ids.slice(0, 100) };
    },

    /**
     * An incremental scrub's work: contacts in the change cut, contacts whose number a change list touched, and
     * contacts with suppression, evidence or consent rows newer than the previous scrub's marks. Whole area codes a
     * full list replaced are returned as partitions for the workflow to run.
     */
    async scrubChanges(input: { marks: ScrubMarks; workflowId: string }): Promise<PartitionResult & { partitions: ScrubPartition[] }> {
      return keepAlive(async () => {
        const [prev] = await deps.pool.query<RowDataPacket[]>("SELECT * FROM compliance_scrubs WHERE status = 'done' AND id < ? ORDER BY id DESC LIMIT 1", [input.marks.scrubId]);
        const p = prev[0];
        const since = { registry: Number(p?.registry_hwm ?? 0), suppression: Number(p?.suppression_hwm ?? 0), evidence: Number(p?.evidence_hwm ?? 0), consent: Number(p?.consent_hwm ?? 0) };
        const [copies] = await deps.pool.query<RowDataPacket[]>('SELECT DISTINCT copy_id FROM registry_versions WHERE id > ? AND id <= ?', [since.registry, input.marks.registryHwm]);
        const copyIds = copies.map((r) => Number(r.copy_id));
        const ids = new Set<number>();
        const collect = async (sql: string, params: unknown[]) => {
          const [rows] = await deps.pool.query<RowDataPacket[]>(sql, params);
          for (const r of rows) ids.add(Number(r.id));
        };
        const [cut] = await deps.pool.query<RowDataPacket[]>("SELECT MIN(import_batch_id) AS lo, MAX(import_batch_id) AS hi FROM change_feed WHERE consumer = 'scrub' AND pass_id = ?", [input.workflowId]);
        if (cut[0]?.lo !== null && cut[0]?.lo !== undefined) {
          await collect("SELECT c.id FROM contacts c JOIN change_feed f ON f.consumer = 'scrub' AND f.pass_id = ? AND f.import_batch_id = c.last_batch_id WHERE c.last_batch_id BETWEEN ? AND ?", [input.workflowId, cut[0].lo, cut[0].hi]);
        }
        let partitions: ScrubPartition[] = [];
        if (copyIds.length > 0) {
          await collect("SELECT c.id FROM registry_changes rc JOIN contacts c ON c.phone_e164 = rc.phone_e164 WHERE rc.copy_id IN (?) AND rc.phone_e164 <> ''", [copyIds]);
          const [whole] = await deps.pool.query<RowDataPacket[]>("SELECT DISTINCT npa FROM registry_changes WHERE copy_id IN (?) AND phone_e164 = ''", [copyIds]);
          partitions = whole.map((r) => ({ from: `+1${r.npa}`, to: `+1${Number(r.npa) + 1}` }));
        }
        for (const [table, lo, hi] of [['suppression_log', since.suppression, input.marks.suppressionHwm], ['ebr_evidence', since.evidence, input.marks.evidenceHwm], ['written_consents', since.consent, input.marks.consentHwm]] as const) {
          await collect(`SELECT c.id FROM ${table} t JOIN contacts c ON c.phone_e164 = t.phone_e164 WHERE t.id > ? AND t.id <= ?`, [lo, hi]);
          await collect(`SELECT c.id FROM ${table} t JOIN contacts c ON c.email = t.email WHERE t.id > ? AND t.id <= ?`, [lo, hi]);
        }
        const list = [...ids].sort((a, b) => a - b);
        const r = await scrubIds(input.marks, list);
        await refreshGolden(deps.pool, input.marks.scrubId, list);
        return { ...r, partitions };
      });
    },

    /**
     * Ends a scrub. A full scrub swaps its table in atomically and then re-scrubs the contacts of every suppression,
     * evidence or consent row recorded since it began (an opt-out that arrived meanwhile wins); the change cut is
     * consumed; golden records get the status of their best phone; the counts are recorded.
     */
    async finishScrub(input: { marks: ScrubMarks; table: string; workflowId: string; full: boolean }): Promise<{ byStatus: Record<string, number>; contacts: number; caughtUp: number; goldenRecords: number }> {
      return keepAlive(async () => {
        let caughtUp = 0;
        if (input.full && input.table !== LIVE_TABLE) {
          const [exists] = await deps.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [input.table]);
          if (Number(exists[0]!.n) === 1) {
            await deps.pool.query(`RENAME TABLE ${LIVE_TABLE} TO ${mysql.escapeId(`${input.table}_old`)}, ${mysql.escapeId(input.table)} TO ${LIVE_TABLE}`);
            await deps.pool.query(`DROP TABLE ${mysql.escapeId(`${input.table}_old`)}`);
          }
          const ids = new Set<number>();
          for (const [table, hwm] of [['suppression_log', input.marks.suppressionHwm], ['ebr_evidence', input.marks.evidenceHwm], ['written_consents', input.marks.consentHwm]] as const) {
            for (const key of ['phone_e164', 'email']) {
              const [rows] = await deps.pool.query<RowDataPacket[]>(`SELECT c.id FROM ${table} t JOIN contacts c ON c.${key} = t.${key} WHERE t.id > ?`, [hwm]);
              rows.forEach((r) => ids.add(Number(r.id)));
            }
          }
          if (ids.size > 0) {
            const now = { ...input.marks, atMs: Math.max(input.marks.atMs, Date.now()), suppressionHwm: await maxId(deps.pool, 'suppression_log'), evidenceHwm: await maxId(deps.pool, 'ebr_evidence'), consentHwm: await maxId(deps.pool, 'written_consents') };
            caughtUp = (await scrubIds(now, [...ids])).contacts;
          }
          await refreshGolden(deps.pool, input.marks.scrubId, null);
          await deps.pool.query('DELETE FROM compliance_scrub_hits WHERE scrub_id = ?', [input.marks.scrubId]);
        }
        await consumeChangeCut(deps.pool, 'scrub', input.workflowId);
        const [counts] = await deps.pool.query<RowDataPacket[]>(`SELECT status, COUNT(*) AS n FROM ${LIVE_TABLE} GROUP BY status`);
        const byStatus = Object.fromEntries(counts.map((r) => [String(r.status), Number(r.n)]));
        const contacts = Object.values(byStatus).reduce((a, b) => a + b, 0);
        const [golden] = await deps.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM golden_compliance');
        await deps.pool.query("UPDATE compliance_scrubs SET status = 'done', finished_at = CURRENT_TIMESTAMP(3), contacts = ?, counts = ? WHERE id = ?", [contacts, JSON.stringify(byStatus), input.marks.scrubId]);
        // The store's status tags after this scrub (a gauge: a retried finish sets the same values).
        deps.metrics?.recordScrub({ tags: byStatus });
        return { byStatus, contacts, caughtUp, goldenRecords: Number(golden[0]!.n) };
      });
    },
  };
}

