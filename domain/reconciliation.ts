// The reconciliation rules (what must add up per source and per batch) and the readable table of a report.

export interface SourceReconciliation {
  sourceFileId: number;
  sourceName: string;
  declaredRows: number | null;
  exportedRows: number | null;
  batchCount: number | null;
  batchesIngested: number;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectedRowsStored: number;
  warnings: number;
  /** Batches whose read != inserted + updated + unchanged + rejected. */
  unbalancedBatches: number;
  problems: string[];
}

export interface OrphanCounts {
  contactsWithoutBatch: number;
  contactsWithoutSourceFile: number;
  batchErrorsWithoutBatch: number;
  versionsWithoutContact: number;
}

export interface ReconciliationSummary {
  migrationName: string;
  status: 'ok' | 'mismatch';
  generatedAt: string;
  sources: SourceReconciliation[];
  totals: { declaredRows: number; rowsRead: number; inserted: number; updated: number; unchanged: number; rejected: number; warnings: number };
  orphans: OrphanCounts;
  contactsInStore: number;
  problems: string[];
  objectKey: string;
}

/** Lists every rule a source breaks; empty means it adds up. */
export function sourceProblems(s: Omit<SourceReconciliation, 'problems'>): string[] {
  const p: string[] = [];
  if (s.declaredRows !== null && s.exportedRows !== s.declaredRows) p.push(`declared ${s.declaredRows} rows but exported ${s.exportedRows ?? 'none'}`);
  if (s.exportedRows === null) p.push('export did not finish');
  else if (s.rowsRead !== s.exportedRows) p.push(`exported ${s.exportedRows} rows but batches read ${s.rowsRead}`);
  if (s.batchCount !== null && s.batchesIngested !== s.batchCount) p.push(`exported ${s.batchCount} batches but ${s.batchesIngested} were ingested`);
  if (s.inserted + s.updated + s.unchanged + s.rejected !== s.rowsRead) {
    p.push(`read ${s.rowsRead} != inserted ${s.inserted} + updated ${s.updated} + unchanged ${s.unchanged} + rejected ${s.rejected}`);
  }
  if (s.unbalancedBatches > 0) p.push(`${s.unbalancedBatches} batches do not balance read = inserted + updated + unchanged + rejected`);
  if (s.rejectedRowsStored !== s.rejected) p.push(`${s.rejected} rows counted rejected but ${s.rejectedRowsStored} rejected rows stored with reasons`);
  return p;
}

export function orphanProblems(o: OrphanCounts): string[] {
  return Object.entries(o).filter(([, n]) => n > 0).map(([k, n]) => `referential integrity: ${n} ${k}`);
}

const num = (n: number | null) => (n === null ? '-' : n.toLocaleString('en-US'));

/** A fixed-width table of the report for terminals and logs. */
export function formatReconciliation(r: ReconciliationSummary): string {
  const header = ['source', 'declared', 'exported', 'read', 'inserted', 'updated', 'unchanged', 'rejected', 'warnings', 'batches', 'check'];
  const rows = r.sources.map((s) => [
    s.sourceName, num(s.declaredRows), num(s.exportedRows), num(s.rowsRead), num(s.inserted), num(s.updated), num(s.unchanged),
    num(s.rejected), num(s.warnings), `${s.batchesIngested}/${s.batchCount ?? '?'}`, s.problems.length ? 'MISMATCH' : 'ok',
  ]);
  const t = r.totals;
  rows.push(['TOTAL', num(t.declaredRows), '', num(t.rowsRead), num(t.inserted), num(t.updated), num(t.unchanged), num(t.rejected), num(t.warnings), '', r.status === 'ok' ? 'ok' : 'MISMATCH']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [`Reconciliation of migration ${r.migrationName} (${r.generatedAt}): ${r.status.toUpperCase()}`, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  out.push(`contacts in store: ${num(r.contactsInStore)}; orphans: ${Object.entries(r.orphans).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  for (const p of r.problems) out.push(`PROBLEM: ${p}`);
  out.push(`report object: ${r.objectKey}`);
  return out.join('\n');
}
