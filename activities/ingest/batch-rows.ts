// Turns folded candidates and per-row problems into the TSV lines the batch transaction bulk-loads.
import type { FoldedCandidate } from '../../domain/fold-batch';
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

/** A value that can never hold a tab, newline, backslash or NUL (hex keys, E.164, digits, dates): only NULL needs care. */
const plain = (value: string | null | undefined): string => value ?? '\\N';

/**
 * One stage line, columns in STAGE_LOAD_COLUMNS order (hot path: one template, escaping only the free-text fields).
 * Match key, E.164, extension digits, timestamps, dates and the country code are produced by domain/ in
 * shapes without any character LOAD DATA would need escaped.
 */
export function stageLine(c: FoldedCandidate): string {
  const lead = c.lead;
  const name = c.name;
  const address = c.address;
  return `${c.matchKey}\t${tsvField(lead.email)}\t${plain(lead.phoneE164)}\t${lead.hasContactKey ? 1 : 0}\t${plain(c.ext?.values.phoneExt)}\t${plain(c.ext?.ts)}\t` +
    `${tsvField(name?.values.firstName)}\t${tsvField(name?.values.lastName)}\t${tsvField(name?.values.nameKey)}\t${plain(name?.ts)}\t` +
    `${tsvField(address?.values.addressLine)}\t${tsvField(address?.values.city)}\t${tsvField(address?.values.state)}\t${tsvField(address?.values.postalCode)}\t${plain(address?.values.country)}\t${plain(address?.ts)}\t` +
    `${plain(c.dob?.values.dob)}\t${plain(c.dob?.ts)}\t${c.ts}\t${tsvField(lead.recordId)}\t${c.rows}\n`;
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
