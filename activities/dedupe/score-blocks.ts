// Scores the candidate pairs of the blocks in one block-key range: streams (key, contact) in key order, groups
// blocks, fetches the features of the members of blocks with two or more, pairs them (oversized blocks by sorted
// neighbourhood), scores every pair once and upserts the match and review links. Heartbeats the last key done.
import type { RowDataPacket } from 'mysql2';
import { allPairsCount, blockTreatment, forEachBlockPair } from '../../domain/dedupe/block-pairs';
import type { BlockingRule } from '../../domain/dedupe/blocking';
import { featuresOf, type Features } from '../../domain/dedupe/features';
import type { DedupeModel } from '../../domain/dedupe/model';
import { evidenceText, scorePair } from '../../domain/dedupe/score';
import type { DbPool } from '../deps';
import { heartbeatDetails } from '../keep-alive';
import { insertRows, recordsById } from './dedupe-records';
import { loadFrequencies } from './value-frequencies';
import type { KeyRange, PassKind } from './pass-lifecycle';

export interface ScoreBlocksInput {
  passId: number;
  kind: PassKind;
  range: KeyRange;
}

export interface RuleStats {
  rule: BlockingRule;
  blocks: number;
  /** Pairs a full comparison of every block would make (before sub-blocking). */
  estimatedPairs: number;
  /** Pairs scored. */
  candidatePairs: number;
  matchPairs: number;
  reviewPairs: number;
  oversizedBlocks: number;
  skippedBlocks: number;
  /** The largest blocks seen (sizes, largest first, at most 5). */
  largestBlocks: number[];
}

const KEY_PAGE = 20_000;
/** Member references gathered before their features are fetched and their pairs scored. */
const CHUNK_MEMBERS = 20_000;

const UPSERT_TAIL = `ON DUPLICATE KEY UPDATE rule = IF(pass_id = VALUES(pass_id) AND rule <= VALUES(rule), rule, VALUES(rule)),
  band = VALUES(band), score = VALUES(score), evidence = VALUES(evidence), pass_id = VALUES(pass_id)`;

export function emptyRuleStats(rule: BlockingRule): RuleStats {
  return { rule, blocks: 0, estimatedPairs: 0, candidatePairs: 0, matchPairs: 0, reviewPairs: 0, oversizedBlocks: 0, skippedBlocks: 0, largestBlocks: [] };
}

export async function scoreBlocks(pool: DbPool, model: DedupeModel, input: ScoreBlocksInput, resumeAfter: number | null): Promise<RuleStats> {
  const stats = emptyRuleStats(input.range.rule);
  const limits = model.blocking;
  let cursor = resumeAfter === null ? input.range.from - 1 : resumeAfter;
  let blocks: Array<{ key: number; ids: number[] }> = [];
  let refs = 0;
  let inScope: Set<number> | null = null;
  const freq = await loadFrequencies(pool);
  let writing: Promise<void> | null = null;

  const flush = async () => {
    if (blocks.length === 0) return;
    const scored = new Set<string>();
    const ids = [...new Set(blocks.flatMap((b) => (blockTreatment(b.ids.length, limits) === 'skipped' ? [] : b.ids)))];
    const records = await recordsById(pool, ids);
    const features = new Map<number, Features>();
    for (const [id, r] of records) features.set(id, featuresOf(r));
    const links: unknown[][] = [];
    for (const b of blocks) {
      const members = b.ids.map((id) => features.get(id)).filter((f): f is Features => f !== undefined);
      const treatment = forEachBlockPair(members, limits, (x, y) => {
        const k = `${x.id}:${y.id}`;
        if (scored.has(k)) return;
        scored.add(k);
        stats.candidatePairs++;
        const s = scorePair(model, x, y, freq);
        if (s.band === 'none') return;
        if (s.band === 'match') stats.matchPairs++;
        else stats.reviewPairs++;
        links.push([x.id, y.id, s.band, s.score, stats.rule, evidenceText(model, s).slice(0, 512), input.passId]);
      }, inScope ? (id) => inScope!.has(id) : undefined);
      if (treatment === 'neighbourhood') stats.oversizedBlocks++;
      if (treatment === 'skipped') stats.skippedBlocks++;
    }
    // Key order for every writer: concurrent partitions upserting the same pairs lock them in one order.
    links.sort((p, q) => (p[0] as number) - (q[0] as number) || (p[1] as number) - (q[1] as number));
    const doneKey = blocks[blocks.length - 1]!.key;
    const doneStats = { ...stats };
    blocks = [];
    refs = 0;
    // One chunk's links are written while the next chunk is read and scored; the heartbeat reports a chunk's last
    // key only once its links are stored, so a retry resumes after it.
    if (writing) await writing;
    writing = insertRows(pool, 'INSERT INTO dedupe_links (contact_a, contact_b, band, score, rule, evidence, pass_id)', links, UPSERT_TAIL, 1000, true)
      .then(() => {
        cursor = doneKey;
        heartbeatDetails({ lastKey: cursor, ...doneStats });
      });
    writing.catch(() => {});
  };

  const noteBlock = (key: number, ids: number[]) => {
    stats.blocks++;
    stats.estimatedPairs += allPairsCount(ids.length);
    if (ids.length > (stats.largestBlocks[4] ?? 1)) {
      stats.largestBlocks = [...stats.largestBlocks, ids.length].sort((a, b) => b - a).slice(0, 5);
    }
    if (ids.length >= 2) {
      blocks.push({ key, ids });
      refs += ids.length;
    }
  };

  if (input.kind === 'incremental') {
    // New against all: only the blocks holding a contact of the scope, and only pairs with one in it.
    const [scope] = await pool.query<RowDataPacket[]>('SELECT contact_id FROM dedupe_scope WHERE pass_id = ?', [input.passId]);
    inScope = new Set(scope.map((r) => Number(r.contact_id)));
  }

  // Reading runs ahead of the flushed blocks; the heartbeat only ever reports the last flushed key.
  let readCursor = cursor;
  for (;;) {
    const [rows] = input.kind === 'full'
      ? await pool.query<RowDataPacket[]>(
        'SELECT bkey, contact_id FROM dedupe_keys WHERE bkey > ? AND bkey <= ? ORDER BY bkey, contact_id LIMIT ?', [readCursor, input.range.to, KEY_PAGE])
      : await pool.query<RowDataPacket[]>(
        `SELECT k.bkey, k.contact_id FROM dedupe_keys k WHERE k.bkey IN (
           SELECT DISTINCT sk.bkey FROM dedupe_scope s JOIN dedupe_keys sk ON sk.contact_id = s.contact_id
           WHERE s.pass_id = ? AND sk.bkey > ? AND sk.bkey <= ?) ORDER BY k.bkey, k.contact_id LIMIT ?`,
        [input.passId, readCursor, input.range.to, KEY_PAGE]);
    if (rows.length === 0) break;
    const complete = rows.length < KEY_PAGE;
    const lastKey = Number(rows[rows.length - 1]!.bkey);
    if (!complete && Number(rows[0]!.bkey) === lastKey) {
      // One block fills a whole page: read it by itself (it is oversized and will be sub-blocked or skipped).
      const [all] = await pool.query<RowDataPacket[]>('SELECT contact_id FROM dedupe_keys WHERE bkey = ? ORDER BY contact_id', [lastKey]);
      noteBlock(lastKey, all.map((r) => Number(r.contact_id)));
      readCursor = lastKey;
    } else {
      // The page may end inside a block: keep the rows before the last key and read that block again next time.
      let open: { key: number; ids: number[] } | null = null;
      for (const r of rows) {
        const key = Number(r.bkey);
        if (!complete && key === lastKey) break;
        if (open && open.key !== key) {
          noteBlock(open.key, open.ids);
          open = null;
        }
        if (!open) open = { key, ids: [] };
        open.ids.push(Number(r.contact_id));
      }
      if (open) {
        noteBlock(open.key, open.ids);
        readCursor = open.key;
      }
    }
    if (refs >= CHUNK_MEMBERS) await flush();
    if (complete) break;
  }
  await flush();
  if (writing) await writing;
  return stats;
}
