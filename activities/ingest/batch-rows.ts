// Turns folded candidates and per-row problems into the TSV lines the batch transaction bulk-loads.
import { FIELD_GROUPS, KEY_COLUMNS, valueIndex } from '../../domain/contact-schema';
import { groupTs, type FoldedCandidate } from '../../domain/fold-batch';
import { TsvChunks, tsvField, tsvLine, type StageText } from './load-data';

export interface BatchProblem {
  severity: 'reject' | 'warning';
  rowNo: number;
  recordId: string;
  code: string;
  field: string | null;
  /** Raw value or rule text; stored in the database only, never logged. */
  detail: string;
}

const DETAIL_MAX = 500;

/** Value indexes of the key columns, and per group (FIELD_GROUPS order) of its columns: STAGE_LOAD_COLUMNS order. */
const KEY_INDEXES: readonly number[] = KEY_COLUMNS.map(valueIndex);
const GROUP_INDEXES: readonly number[][] = FIELD_GROUPS.map((g) => g.columns.map(valueIndex));

/**
 * One stage line, columns in STAGE_LOAD_COLUMNS order: match key, key values and has-key flag (from the lead),
 * each group's values and timestamp (from its winning row; \N when none), newest timestamp, record id, rows.
 * Hot path: index loops precomputed from the schema, every text value escaped for LOAD DATA.
 */
export function stageLine(c: FoldedCandidate): string {
  const lead = c.lead;
  let line = c.matchKey;
  for (let k = 0; k < KEY_INDEXES.length; k++) line += '\t' + tsvField(lead.values[KEY_INDEXES[k]!]);
  line += lead.hasContactKey ? '\t1' : '\t0';
  for (let g = 0; g < GROUP_INDEXES.length; g++) {
    const idx = GROUP_INDEXES[g]!;
    const winner = c.winners[g];
    if (winner) {
      for (let i = 0; i < idx.length; i++) line += '\t' + tsvField(winner.values[idx[i]!]);
      line += '\t' + groupTs(winner);
    } else {
      for (let i = 0; i <= idx.length; i++) line += '\t\\N';
    }
  }
  return `${line}\t${c.ts}\t${tsvField(lead.recordId)}\t${c.rows}\n`;
}

/** The batch_errors rows of a batch, as LOAD DATA text. */
export function errorText(problems: BatchProblem[]): StageText {
  const out = new TsvChunks();
  for (const p of problems) {
    out.push(tsvLine([p.severity, p.rowNo, p.recordId.slice(0, 128), p.code, p.field, p.detail.length > DETAIL_MAX ? `${p.detail.slice(0, DETAIL_MAX)}…` : p.detail]));
  }
  return { chunks: out.finish(), lines: out.lines };
}

/** Counts per severity and code, stored on the import_batches row as its error-log summary. */
export function summarizeErrors(problems: BatchProblem[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = { reject: {}, warning: {} };
  for (const p of problems) {
    const bucket = out[p.severity]!;
    bucket[p.code] = (bucket[p.code] ?? 0) + 1;
  }
  return out;
}
