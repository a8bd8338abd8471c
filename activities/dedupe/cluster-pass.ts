// Turns a pass's match links into clusters and golden records: finds the connected components of the affected
// contacts (links, people's merge decisions and the current clusters), clusters each component with the chaining
// guard, gives each cluster its stable golden id and survivorship values, and stages them (dedupe_assign,
// dedupe_golden_stage) for the apply step. Components are processed in batches of a few thousand contacts.
import type { RowDataPacket } from 'mysql2';
import { clusterComponent, type ClusterLink } from '../../domain/dedupe/cluster';
import { featuresOf, type DedupeRecord, type Features } from '../../domain/dedupe/features';
import { assignGoldenIds, survivorship, type MemberRecord } from '../../domain/dedupe/golden';
import type { DedupeModel } from '../../domain/dedupe/model';
import { cannotLink, scorePair } from '../../domain/dedupe/score';
import type { DbPool } from '../deps';
import { heartbeatDetails, throwIfCancelled } from '../keep-alive';
import { ID_CHUNK, insertRows, membersById } from './dedupe-records';
import type { PassKind } from './pass-lifecycle';
import { loadFrequencies } from './value-frequencies';
import { forEachComponentBatch, labelComponents } from './components';
import type { ValueFrequencies } from '../../domain/dedupe/term-frequency';

export interface ClusterPassInput {
  passId: number;
  kind: PassKind;
}

export interface ClusterPassResult {
  affectedContacts: number;
  components: number;
  clusters: number;
  multiMemberClusters: number;
  refusedLinks: number;
  freshIds: number;
  /** Label-propagation rounds of the full pass's components (absent for an incremental pass). */
  componentRounds?: number;
}

const BATCH_CONTACTS = 5000;

/** Union-find over contact ids (positive) and golden ids (negative virtual nodes). */
class Components {
  private readonly parent = new Map<number, number>();
  find(x: number): number {
    let r = x;
    for (let p = this.parent.get(r); p !== undefined && p !== r; p = this.parent.get(r)) r = p;
    if (!this.parent.has(x)) this.parent.set(x, x);
    let y = x;
    while (y !== r) {
      const next = this.parent.get(y)!;
      this.parent.set(y, r);
      y = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  contacts(): number[] {
    return [...this.parent.keys()].filter((k) => k > 0);
  }
}

async function idsIn(pool: DbPool, sql: string, params: unknown[]): Promise<number[]> {
  const [rows] = await pool.query<RowDataPacket[]>(sql, params);
  return rows.map((r) => Number(Object.values(r)[0]));
}

/** Latest decision per pair, for pairs among `ids` (or all when null). */
async function decisions(pool: DbPool, ids: number[] | null): Promise<Map<string, { a: number; b: number; decision: string }>> {
  const out = new Map<string, { a: number; b: number; decision: string }>();
  const take = (rows: RowDataPacket[]) => {
    for (const r of rows) out.set(`${r.contact_a}:${r.contact_b}`, { a: Number(r.contact_a), b: Number(r.contact_b), decision: String(r.decision) });
  };
  if (ids === null) {
    take((await pool.query<RowDataPacket[]>('SELECT contact_a, contact_b, decision FROM review_decisions ORDER BY id'))[0]);
  } else {
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = ids.slice(i, i + ID_CHUNK);
      take((await pool.query<RowDataPacket[]>('SELECT contact_a, contact_b, decision FROM review_decisions WHERE contact_a IN (?) OR contact_b IN (?) ORDER BY id', [chunk, chunk]))[0]);
    }
  }
  return out;
}

/** The contacts an incremental pass recomputes (its scope, their partners, their clusters), joined into components. */
async function buildComponents(pool: DbPool, input: ClusterPassInput): Promise<Components> {
  const uf = new Components();
    const scope = await idsIn(pool, 'SELECT contact_id FROM dedupe_scope WHERE pass_id = ?', [input.passId]);
    for (const id of scope) uf.find(id);
    const seeds = new Set(scope);
    for (let i = 0; i < scope.length; i += ID_CHUNK) {
      const chunk = scope.slice(i, i + ID_CHUNK);
      const [rows] = await pool.query<RowDataPacket[]>(
        "SELECT contact_a, contact_b FROM dedupe_links WHERE band = 'match' AND (contact_a IN (?) OR contact_b IN (?))", [chunk, chunk]);
      for (const r of rows) {
        uf.union(Number(r.contact_a), Number(r.contact_b));
        seeds.add(Number(r.contact_a));
        seeds.add(Number(r.contact_b));
      }
    }
    const seedList = [...seeds];
    const goldenIds: number[] = [];
    for (let i = 0; i < seedList.length; i += ID_CHUNK) {
      goldenIds.push(...await idsIn(pool, 'SELECT DISTINCT golden_id FROM contacts WHERE id IN (?) AND golden_id IS NOT NULL', [seedList.slice(i, i + ID_CHUNK)]));
    }
  // Current clusters hold together what the pass does not relink, so a split is seen and gets its ids.
  for (let i = 0; i < goldenIds.length; i += ID_CHUNK) {
    const chunk = goldenIds.slice(i, i + ID_CHUNK);
    const [rows] = await pool.query<RowDataPacket[]>('SELECT id, golden_id FROM contacts WHERE golden_id IN (?)', [chunk]);
    for (const r of rows) uf.union(Number(r.id), -Number(r.golden_id));
  }
    // Links among the affected contacts that the scope did not touch (unchanged members of affected clusters).
    const affected = uf.contacts();
    const set = new Set(affected);
    for (let i = 0; i < affected.length; i += ID_CHUNK) {
      const [rows] = await pool.query<RowDataPacket[]>("SELECT contact_a, contact_b FROM dedupe_links WHERE band = 'match' AND contact_a IN (?)", [affected.slice(i, i + ID_CHUNK)]);
      for (const r of rows) if (set.has(Number(r.contact_b))) uf.union(Number(r.contact_a), Number(r.contact_b));
    }
    for (const d of (await decisions(pool, affected)).values()) if (d.decision === 'merge' && set.has(d.a) && set.has(d.b)) uf.union(d.a, d.b);
  return uf;
}

export async function clusterPass(pool: DbPool, model: DedupeModel, input: ClusterPassInput): Promise<ClusterPassResult> {
  // A retry starts the staging over (fresh ids a failed attempt drew are simply never used).
  await pool.query('DELETE FROM dedupe_assign WHERE pass_id = ?', [input.passId]);
  await pool.query('DELETE FROM dedupe_golden_stage WHERE pass_id = ?', [input.passId]);
  const result: ClusterPassResult = { affectedContacts: 0, components: 0, clusters: 0, multiMemberClusters: 0, refusedLinks: 0, freshIds: 0 };
  const rank = new Map(model.sourcePriority.map((s, i) => [s, i]));
  const rankOf = (name: string) => {
    for (const [prefix, i] of rank) if (name.startsWith(prefix)) return i;
    return model.sourcePriority.length;
  };
  const freq = await loadFrequencies(pool);
  let batches = 0;
  const onBatch = async (batch: number[][]) => {
    throwIfCancelled();
    await clusterBatch(pool, model, input, batch, rankOf, result, freq);
    result.affectedContacts += batch.reduce((n, c) => n + c.length, 0);
    heartbeatDetails({ phase: 'cluster', batches: ++batches, contacts: result.affectedContacts });
    // Let heartbeats and cancellation through between batches of CPU-bound clustering.
    await new Promise((resolve) => setImmediate(resolve));
  };
  if (input.kind === 'full') {
    // The full pass's components are labelled in the database and read back in label order: no worker holds them.
    const labels = await labelComponents(pool);
    result.componentRounds = labels.rounds;
    result.components = await forEachComponentBatch(pool, BATCH_CONTACTS, onBatch);
    return result;
  }
  // An incremental pass's components are those of its scope and their partners: small, in memory.
  const uf = await buildComponents(pool, input);
  const byRoot = new Map<number, number[]>();
  for (const id of uf.contacts()) {
    const root = uf.find(id);
    const list = byRoot.get(root);
    if (list) list.push(id);
    else byRoot.set(root, [id]);
  }
  result.components = byRoot.size;
  let batch: number[][] = [];
  let batchSize = 0;
  const components = [...byRoot.values()].sort((a, b) => Math.min(...a) - Math.min(...b));
  for (const comp of components) {
    batch.push(comp);
    batchSize += comp.length;
    if (batchSize < BATCH_CONTACTS) continue;
    await onBatch(batch);
    batch = [];
    batchSize = 0;
  }
  if (batch.length > 0) await onBatch(batch);
  return result;
}

type Member = MemberRecord & { record: DedupeRecord };

async function clusterBatch(
  pool: DbPool, model: DedupeModel, input: ClusterPassInput, batch: number[][], rankOf: (s: string) => number, result: ClusterPassResult,
  freq: ValueFrequencies,
): Promise<void> {
  const ids = batch.flat();
  const members = await membersById(pool, ids, rankOf);
  const features = new Map<number, Features>();
  for (const [id, m] of members) features.set(id, featuresOf(m.record));
  const links = new Map<string, ClusterLink & { rule: string; evidence: string }>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const [rows] = await pool.query<RowDataPacket[]>(
      "SELECT contact_a, contact_b, score, rule, evidence FROM dedupe_links WHERE band = 'match' AND contact_a IN (?)", [ids.slice(i, i + ID_CHUNK)]);
    for (const r of rows) links.set(`${r.contact_a}:${r.contact_b}`, { a: Number(r.contact_a), b: Number(r.contact_b), score: Number(r.score), kind: 'match', rule: String(r.rule), evidence: String(r.evidence) });
  }
  const decided = await decisions(pool, ids);
  for (const d of decided.values()) {
    if (d.decision === 'merge') links.set(`${d.a}:${d.b}`, { a: d.a, b: d.b, score: Number.MAX_SAFE_INTEGER, kind: 'must', rule: 'decision', evidence: 'a person merged them' });
    else links.delete(`${d.a}:${d.b}`);
  }
  const goldenIds = [...new Set([...members.values()].map((m) => m.goldenId).filter((g): g is number => g !== null))];
  const representativeOf = new Map<number, number>();
  for (let i = 0; i < goldenIds.length; i += ID_CHUNK) {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT id, representative_id FROM golden_records WHERE id IN (?)', [goldenIds.slice(i, i + ID_CHUNK)]);
    for (const r of rows) representativeOf.set(Number(r.id), Number(r.representative_id));
  }
  const assignRows: unknown[][] = [];
  const stageRows: Array<{ golden: number | null; row: unknown[] }> = [];
  for (const comp of batch) {
    const present = comp.filter((id) => members.has(id));
    const set = new Set(present);
    const compLinks = [...links.values()].filter((l) => set.has(l.a) && set.has(l.b));
    const keepApart = [...decided.values()].filter((d) => d.decision === 'keep-apart' && set.has(d.a) && set.has(d.b)).map((d) => [d.a, d.b] as const);
    // A huge component (a chain through a shared phone) gets fewer guard checks per join, so it stays bounded.
    const outcome = clusterComponent({
      members: present, links: compLinks, keepApart, maxChecks: present.length > 200 ? 40 : 400,
      compatible: (x, y) => !cannotLink(model, scorePair(model, features.get(x)!, features.get(y)!, freq)),
    });
    result.refusedLinks += outcome.refused.length;
    const via = new Map<number, ClusterLink & { rule: string; evidence: string }>();
    for (const l of outcome.accepted) {
      const full = links.get(`${Math.min(l.a, l.b)}:${Math.max(l.a, l.b)}`)!;
      if (!via.has(l.b)) via.set(l.b, full);
      else if (!via.has(l.a)) via.set(l.a, full);
    }
    for (const cluster of outcome.clusters) {
      const ms = cluster.map((id) => members.get(id)!) as Member[];
      const assignment = assignGoldenIds(ms, representativeOf);
      const values = survivorship(ms);
      result.clusters++;
      if (cluster.length > 1) result.multiMemberClusters++;
      for (const m of ms) {
        const v = via.get(m.id);
        const other = v ? (v.a === m.id ? v.b : v.a) : null;
        assignRows.push([input.passId, m.id, assignment.goldenId, assignment.representativeId, other, v ? Math.min(v.score, 99999) : null, v?.rule ?? null,
          v?.evidence ?? null]);
      }
      stageRows.push({
        golden: assignment.goldenId,
        row: [input.passId, assignment.goldenId, 'active', null, assignment.representativeId, cluster.length, values.email, values.phoneE164, values.phoneExt,
          values.firstName, values.lastName, values.nameKey, values.addressLine, values.city, values.state, values.postalCode, values.country, values.dob,
          values.sourceUpdatedAt],
      });
      for (const g of assignment.retired) {
        stageRows.push({ golden: g, row: [input.passId, g, 'retired', assignment.goldenId, representativeOf.get(g)!, 0, ...Array(12).fill(null), null] });
      }
    }
  }
  await writeBatch(pool, assignRows, stageRows, result);
}

/** Writes a batch's staging rows in one transaction, drawing fresh golden ids for the clusters that need one. */
async function writeBatch(pool: DbPool, assignRows: unknown[][], stageRows: Array<{ golden: number | null; row: unknown[] }>, result: ClusterPassResult): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const needing = stageRows.filter((s) => s.golden === null && s.row[2] === 'active');
    if (needing.length > 0) {
      await conn.query("UPDATE dedupe_id_sequence SET next_id = LAST_INSERT_ID(next_id + ?) WHERE name = 'golden'", [needing.length]);
      const [[r]] = await conn.query<RowDataPacket[]>('SELECT LAST_INSERT_ID() AS next') as unknown as [RowDataPacket[]];
      let next = Number(r!.next) - needing.length;
      // Each cluster needing an id: its stage row and its members' assign rows (matched by representative).
      for (const s of needing) {
        const id = next++;
        const rep = s.row[4];
        s.row[1] = id;
        s.golden = id;
        for (const a of assignRows) if (a[2] === null && a[3] === rep) a[2] = id;
      }
      result.freshIds += needing.length;
    }
    await insertRows(conn, 'INSERT INTO dedupe_assign (pass_id, contact_id, golden_id, representative_id, via_contact_id, via_score, via_rule, via_evidence)', assignRows);
    await insertRows(conn, `INSERT INTO dedupe_golden_stage (pass_id, golden_id, status, retired_into_id, representative_id, member_count, email, phone_e164,
      phone_ext, first_name, last_name, name_key, address_line, city, state, postal_code, country, dob, source_updated_at)`, stageRows.map((s) => s.row));
    await conn.commit();
  } catch (err) {
    await conn.rollback().catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
}
