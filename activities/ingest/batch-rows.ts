// Turns folded candidates and per-row problems into the TSV lines the batch transaction bulk-loads.
import type { FoldedCandidate } from '../../domain/fold-batch';
import { tsvLine } from './load-data';

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

/** One stage line, columns in STAGE_LOAD_COLUMNS order. */
export function stageLine(c: FoldedCandidate): string {
  const lead = c.lead;
  return tsvLine([
    c.matchKey,
    lead.email,
    lead.phoneE164,
    lead.hasContactKey ? 1 : 0,
    c.ext?.values.phoneExt ?? null,
    c.ext?.ts ?? null,
    c.name?.values.firstName ?? null,
    c.name?.values.lastName ?? null,
    c.name?.values.nameKey ?? null,
    c.name?.ts ?? null,
    c.address?.values.addressLine ?? null,
    c.address?.values.city ?? null,
    c.address?.values.state ?? null,
    c.address?.values.postalCode ?? null,
    c.address?.values.country ?? null,
    c.address?.ts ?? null,
    c.dob?.values.dob ?? null,
    c.dob?.ts ?? null,
    c.ts,
    lead.recordId,
    c.rows,
  ]);
}

export function errorLines(problems: BatchProblem[]): string[] {
  return problems.map((p) =>
    tsvLine([p.severity, p.rowNo, p.recordId.slice(0, 128), p.code, p.field, p.detail.length > DETAIL_MAX ? `${p.detail.slice(0, DETAIL_MAX)}…` : p.detail]),
  );
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
