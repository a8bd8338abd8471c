// Renders migration progress for a terminal: one line per source with a bar, rows/s and ETA.
import type { MigrationProgress, SourceProgress } from '../workflows/messages';

function bar(fraction: number, width = 24): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function eta(s: SourceProgress): string {
  const total = s.batchesTotal;
  if (!total || s.rowsPerSec <= 0) return 'ETA --';
  const remainingRows = Math.max(0, (s.declaredRows ?? s.exportedRows) - s.rowsRead);
  const sec = Math.round(remainingRows / s.rowsPerSec);
  return `ETA ${Math.floor(sec / 60)}m${String(sec % 60).padStart(2, '0')}s`;
}

export function sourceLine(s: SourceProgress): string {
  const total = s.batchesTotal;
  const fraction = total ? s.batchesDone / total : 0;
  return `${s.sourceName.slice(0, 48).padEnd(48)} ${bar(fraction)} ${String(s.batchesDone).padStart(4)}/${total ?? '?'} batches  ` +
    `${s.rowsRead.toLocaleString('en-US')} rows  ${s.rowsPerSec.toLocaleString('en-US')} rows/s  rejects ${s.rejected}  ${s.phase === 'running' ? eta(s) : s.phase}`;
}

export function progressLines(p: MigrationProgress): string[] {
  return [`migration ${p.name}: ${p.paused ? 'PAUSED' : p.phase}`, ...p.sources.map(sourceLine)];
}
