// Opens and closes a dedupe pass: the pass row (its workflow id is the business key), the change-feed cut it works
// on, its scope (an incremental pass: the contacts changed in the cut, plus any never deduped), the partitions its
// activities run over, and at the end its counts, the cut marked consumed and its working rows removed.
import type { RowDataPacket } from 'mysql2';
import { claimChangeCut, changedInCut, consumeChangeCut } from '../change-feed';
import { RULE_NAMES, ruleKeyRange, type BlockingRule } from '../../domain/dedupe/blocking';
import type { DedupeModel } from '../../domain/dedupe/model';
import type { DbPool } from '../deps';
import { refreshFrequencies } from './value-frequencies';
import { acquirePassLock, bindPassLock, releasePassLock, type IfBusy } from './pass-lock';

export type PassKind = 'full' | 'incremental';

export interface BeginPassInput {
  workflowId: string;
  kind: PassKind;
  actor: string;
  /** A person's decision: recompute exactly these contacts' clusters (no change-feed cut is taken). */
  contactIds?: number[];
  /** While another pass holds the pass lock: wait for it (the default) or fail at once naming it. */
  ifBusy?: IfBusy;
}

export interface IdRange {
  from: number;
  to: number;
}

export interface KeyRange {
  rule: BlockingRule;
  from: number;
  to: number;
}

export interface PassPlan {
  passId: number;
  /** What runs: an incremental pass over most of the store (or the first pass ever) runs as full. */
  kind: PassKind;
  requestedKind: PassKind;
  contacts: number;
  contactsInScope: number;
  changeBatches: number;
  idRanges: IdRange[];
  keyRanges: KeyRange[];
}

/** Contacts per key-computation / apply partition, and per scoring partition of one rule. */
const CONTACTS_PER_ID_RANGE = 100_000;
const CONTACTS_PER_KEY_RANGE = 500_000;
/** An incremental scope above this share of the store is cheaper as a full pass. */
const FULL_PASS_SHARE = 0.3;

function splitIds(min: number, max: number, parts: number): IdRange[] {
  if (max < min) return [];
  const span = Math.ceil((max - min + 1) / parts);
  const out: IdRange[] = [];
  for (let from = min; from <= max; from += span) out.push({ from, to: Math.min(max, from + span - 1) });
  return out;
}

export async function beginPass(pool: DbPool, model: DedupeModel, input: BeginPassInput): Promise<PassPlan> {
  // One pass at a time: taken before the pass row exists, so a waiting pass has claimed nothing yet.
  await acquirePassLock(pool, input.workflowId, input.ifBusy ?? 'wait');
  await pool.query(
    'INSERT IGNORE INTO dedupe_passes (workflow_id, kind, model_version, actor) VALUES (?, ?, ?, ?)',
    [input.workflowId, input.kind, model.version, input.actor],
  );
  const [passRows] = await pool.query<RowDataPacket[]>('SELECT id, kind FROM dedupe_passes WHERE workflow_id = ?', [input.workflowId]);
  const passId = Number(passRows[0]!.id);
  await bindPassLock(pool, input.workflowId, passId);
  const explicit = input.contactIds !== undefined;
  const cut = explicit ? null : await claimChangeCut(pool, 'dedupe', input.workflowId);
  const [[stats]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n, MIN(id) AS lo, MAX(id) AS hi FROM contacts') as unknown as [RowDataPacket[]];
  const contacts = Number(stats!.n);
  const [[golden]] = await pool.query<RowDataPacket[]>('SELECT EXISTS (SELECT 1 FROM golden_records) AS any_golden') as unknown as [RowDataPacket[]];
  let kind: PassKind = input.kind;
  let inScope = contacts;
  if (explicit) {
    kind = 'incremental';
    const ids = input.contactIds!;
    for (let i = 0; i < ids.length; i += 2000) {
      await pool.query('INSERT IGNORE INTO dedupe_scope (pass_id, contact_id) SELECT ?, id FROM contacts WHERE id IN (?)', [passId, ids.slice(i, i + 2000)]);
    }
    const [[scope]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM dedupe_scope WHERE pass_id = ?', [passId]) as unknown as [RowDataPacket[]];
    inScope = Number(scope!.n);
  } else if (kind === 'incremental') {
    if (!Number(golden!.any_golden)) kind = 'full';
    else {
      const changed = changedInCut(cut!, 'c');
      // Idempotent: a retried begin inserts nothing new.
      await pool.query(`INSERT IGNORE INTO dedupe_scope (pass_id, contact_id) SELECT ?, c.id FROM contacts c WHERE ${changed.sql}`, [passId, ...changed.params]);
      await pool.query('INSERT IGNORE INTO dedupe_scope (pass_id, contact_id) SELECT ?, c.id FROM contacts c WHERE c.golden_id IS NULL', [passId]);
      const [[scope]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM dedupe_scope WHERE pass_id = ?', [passId]) as unknown as [RowDataPacket[]];
      inScope = Number(scope!.n);
      if (inScope > contacts * FULL_PASS_SHARE && contacts > 10_000) kind = 'full';
    }
  }
  if (kind === 'full') {
    await pool.query('DELETE FROM dedupe_scope WHERE pass_id = ?', [passId]);
    inScope = contacts;
  }
  await pool.query('UPDATE dedupe_passes SET kind = ?, contacts_in_scope = ? WHERE id = ?', [kind, inScope, passId]);
  // Term-frequency counts: recounted by a full pass, counted once before the first incremental one.
  await refreshFrequencies(pool, kind === 'full');
  const lo = stats!.lo === null ? 1 : Number(stats!.lo);
  const hi = stats!.hi === null ? 0 : Number(stats!.hi);
  const idParts = Math.max(1, Math.ceil(contacts / CONTACTS_PER_ID_RANGE));
  const keyParts = kind === 'full' ? Math.max(1, Math.min(64, Math.ceil(contacts / CONTACTS_PER_KEY_RANGE))) : 1;
  const keyRanges = RULE_NAMES.flatMap((rule) => {
    const [from, to] = ruleKeyRange(rule);
    return splitIds(from, to, keyParts).map((r) => ({ rule, ...r }));
  });
  return {
    passId, kind, requestedKind: input.kind, contacts, contactsInScope: inScope, changeBatches: cut?.batches ?? 0,
    idRanges: splitIds(lo, hi, idParts), keyRanges,
  };
}

export interface PassCounts {
  merges: number;
  splits: number;
  retired: number;
  links: number;
  reviewQueueOpen: number;
  goldenRecords: number;
}

/** Commits the pass: counts, the change-feed cut consumed, the pass's working rows removed. Idempotent. */
export async function finishPass(pool: DbPool, passId: number, workflowId: string, stats: unknown): Promise<PassCounts> {
  // Pairs in the review band that the pass left in two clusters, and nobody decided yet, go to the review queue; a
  // pair already queued (open or decided) keeps its row: a reviewer's decision is never overwritten.
  await pool.query(
    `INSERT IGNORE INTO review_queue (contact_a, contact_b, score, evidence, pass_id)
     SELECT l.contact_a, l.contact_b, l.score, l.evidence, ? FROM dedupe_links l
     JOIN contacts a ON a.id = l.contact_a JOIN contacts b ON b.id = l.contact_b
     WHERE l.band = 'review' AND l.pass_id = ? AND NOT (a.golden_id <=> b.golden_id)
       AND NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.contact_a = l.contact_a AND d.contact_b = l.contact_b)`,
    [passId, passId],
  );
  const one = async (sql: string, params: unknown[] = []) => Number((await pool.query<RowDataPacket[]>(sql, params))[0][0]!.n);
  const counts: PassCounts = {
    merges: await one("SELECT COUNT(*) AS n FROM dedupe_log WHERE pass_id = ? AND action = 'merge'", [passId]),
    splits: await one("SELECT COUNT(*) AS n FROM dedupe_log WHERE pass_id = ? AND action = 'split'", [passId]),
    retired: await one("SELECT COUNT(*) AS n FROM dedupe_log WHERE pass_id = ? AND action = 'retire'", [passId]),
    links: await one("SELECT COUNT(*) AS n FROM dedupe_links WHERE band = 'match'"),
    reviewQueueOpen: await one("SELECT COUNT(*) AS n FROM review_queue WHERE status = 'open'"),
    goldenRecords: await one("SELECT COUNT(*) AS n FROM golden_records WHERE status = 'active'"),
  };
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    await consumeChangeCut(conn, 'dedupe', workflowId); // a decision's pass took no cut: nothing to consume
    await conn.query("UPDATE dedupe_passes SET status = 'committed', finished_at = COALESCE(finished_at, CURRENT_TIMESTAMP(3)), stats = ? WHERE id = ?",
      [JSON.stringify({ ...(stats as object), ...counts }), passId]);
    await releasePassLock(conn, passId, workflowId);
    await conn.commit();
  } catch (err) {
    await conn.rollback().catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
  for (const table of ['dedupe_scope', 'dedupe_assign', 'dedupe_golden_stage', 'dedupe_pass_parts']) {
    await pool.query(`DELETE FROM ${table} WHERE pass_id = ?`, [passId]);
  }
  // The full pass's component tables belong to whichever pass holds the lock; emptied here, refilled by the next.
  for (const table of ['dedupe_edges', 'dedupe_component', 'dedupe_component_next']) await pool.query(`TRUNCATE TABLE ${table}`);
  return counts;
}
