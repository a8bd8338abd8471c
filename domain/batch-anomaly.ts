// Import anomaly detection, pure: a committed batch's figures against its source's history (earlier migrations of
// the same source and this migration's earlier batches) with the median and the median absolute deviation. A metric
// is anomalous only when it deviates past BOTH the robust bound and a minimum absolute change, so the ordinary
// jitter of a busy machine (a batch twice as slow as usual) is not an anomaly, and a flat history (MAD 0) does not
// turn every small change into one.

export interface BatchFigures {
  rowsRead: number;
  /** rejected / rows read */
  rejectRate: number;
  /** field warnings / rows read */
  warningRate: number;
  rowsPerSec: number;
  durationSec: number;
}

export type FigureName = keyof BatchFigures;

export interface AnomalyRule {
  metric: FigureName;
  /** Which way is a problem: more rejects, slower batches, fewer rows than a full batch. */
  direction: 'up' | 'down' | 'both';
  /** The least change that counts, in the metric's unit. */
  minAbsChange: number;
}

export const ANOMALY_RULES: readonly AnomalyRule[] = [
  { metric: 'rejectRate', direction: 'up', minAbsChange: 0.02 },
  { metric: 'warningRate', direction: 'up', minAbsChange: 0.05 },
  { metric: 'rowsPerSec', direction: 'down', minAbsChange: 3000 },
  { metric: 'durationSec', direction: 'up', minAbsChange: 60 },
  { metric: 'rowsRead', direction: 'both', minAbsChange: 1 },
];

/** Deviations beyond this many scaled MADs (1.4826·MAD estimates σ for normal data) are outside the bound. */
export const MAD_BOUND = 5;
/** Fewer earlier batches than this: no verdict (too little history to call anything unusual). */
export const MIN_HISTORY = 8;

export interface Anomaly {
  metric: FigureName;
  value: number;
  median: number;
  /** The robust bound on |value − median|: MAD_BOUND · 1.4826 · MAD. */
  bound: number;
  reason: string;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function mad(xs: readonly number[], center = median(xs)): number {
  return median(xs.map((x) => Math.abs(x - center)));
}

/** A batch's figures from its counts. */
export function batchFigures(b: { rowsRead: number; rejected: number; warnings: number; durationMs: number }): BatchFigures {
  const seconds = Math.max(b.durationMs, 1) / 1000;
  return {
    rowsRead: b.rowsRead,
    rejectRate: b.rowsRead ? b.rejected / b.rowsRead : 0,
    warningRate: b.rowsRead ? b.warnings / b.rowsRead : 0,
    rowsPerSec: b.rowsRead / seconds,
    durationSec: seconds,
  };
}

const fmt = (metric: FigureName, v: number) => (metric.endsWith('Rate') ? `${(v * 100).toFixed(1)}%` : metric === 'durationSec' ? `${v.toFixed(1)} s` : String(Math.round(v)));

/**
 * The metrics of `current` that are anomalous against `history`. `skip` leaves metrics out (the row count of a
 * source's last batch, which is short by construction).
 */
export function detectAnomalies(current: BatchFigures, history: readonly BatchFigures[], skip: ReadonlySet<FigureName> = new Set()): Anomaly[] {
  if (history.length < MIN_HISTORY) return [];
  const out: Anomaly[] = [];
  for (const rule of ANOMALY_RULES) {
    if (skip.has(rule.metric)) continue;
    const values = history.map((h) => h[rule.metric]).filter(Number.isFinite);
    if (values.length < MIN_HISTORY) continue;
    const m = median(values);
    const bound = MAD_BOUND * 1.4826 * mad(values, m);
    const value = current[rule.metric];
    const change = value - m;
    const wrongWay = (rule.direction === 'up' && change <= 0) || (rule.direction === 'down' && change >= 0);
    if (wrongWay || Math.abs(change) <= bound || Math.abs(change) < rule.minAbsChange) continue;
    out.push({
      metric: rule.metric, value, median: m, bound,
      reason: `${rule.metric} ${fmt(rule.metric, value)} against a median of ${fmt(rule.metric, m)} over ${values.length} earlier batches (bound ±${fmt(rule.metric, bound)}, least change ${fmt(rule.metric, rule.minAbsChange)})`,
    });
  }
  return out;
}
