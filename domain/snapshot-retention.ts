// Which snapshots retention deletes: older than the retention window, except the newest validated one (whatever its
// age) and any snapshot being validated. One rule for local backups and Aurora cluster snapshots.

export interface RetainedSnapshot {
  id: string;
  /** When it was taken (its consistency point). */
  takenAt: Date;
  validation: 'pending' | 'validating' | 'passed' | 'failed';
}

export interface RetentionDecision {
  delete: string[];
  keep: Array<{ id: string; reason: 'within retention' | 'newest validated' | 'being validated' }>;
}

export function retentionDecision(snapshots: RetainedSnapshot[], now: Date, retentionDays: number): RetentionDecision {
  const cutoff = now.getTime() - retentionDays * 86_400_000;
  const newestValidated = snapshots
    .filter((s) => s.validation === 'passed')
    .reduce<RetainedSnapshot | undefined>((best, s) => (!best || s.takenAt > best.takenAt ? s : best), undefined);
  const decision: RetentionDecision = { delete: [], keep: [] };
  for (const s of [...snapshots].sort((x, y) => x.takenAt.getTime() - y.takenAt.getTime())) {
    if (s.takenAt.getTime() >= cutoff) decision.keep.push({ id: s.id, reason: 'within retention' });
    else if (s.validation === 'validating') decision.keep.push({ id: s.id, reason: 'being validated' });
    else if (s.id === newestValidated?.id) decision.keep.push({ id: s.id, reason: 'newest validated' });
    else decision.delete.push(s.id);
  }
  return decision;
}
