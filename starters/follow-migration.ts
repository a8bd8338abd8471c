// Follows a running migration: redraws progress until it ends, then prints the reconciliation table.
import type { WorkflowHandle } from '@temporalio/client';
import { CancelledFailure, TerminatedFailure, WorkflowFailedError } from '@temporalio/client';
import type { AppConfig } from '../config/env';
import { formatReconciliation } from '../domain/reconciliation';
import type { migrationWorkflow } from '../workflows/migration';
import { progressQuery, type MigrationProgress } from '../workflows/messages';
import { failureCause, formatFailureCause } from './failure-cause';
import { progressLines } from './progress-view';
import type { ProjectMetrics } from '../metrics/project-metrics';

export function workflowUiLink(config: Pick<AppConfig, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>, workflowId: string): string {
  return `${config.TEMPORAL_UI_URL.replace(/\/$/, '')}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** A migration's workflow handle: its result is the reconciliation summary. */
export type MigrationHandle = WorkflowHandle<typeof migrationWorkflow>;

export async function readProgress(handle: MigrationHandle): Promise<MigrationProgress | null> {
  try {
    return await handle.query(progressQuery);
  } catch {
    return null;
  }
}

export async function followMigration(
  handle: MigrationHandle, opts: { json: boolean; intervalMs?: number; metrics?: Pick<ProjectMetrics, 'recordMigrationProgress'> },
): Promise<number> {
  const tty = process.stdout.isTTY;
  let drawn = 0;
  let lastPrint = 0;
  let done = false;
  const mappingsShown = new Set<number>();
  const result = handle.result().finally(() => (done = true));
  result.catch(() => {});
  while (!done) {
    const p = await readProgress(handle);
    if (p) {
      for (const src of p.sources) opts.metrics?.recordMigrationProgress(p.name, src.sourceName, src.rowsRead, src.rowsPerSec);
      for (const src of p.sources) {
        if (src.mapping && !mappingsShown.has(src.sourceIndex)) {
          mappingsShown.add(src.sourceIndex);
          if (drawn) drawn = 0;
          console.log(`mapping for ${src.sourceName}: ${Object.entries(src.mapping).map(([f, c]) => `${f} <- ${Array.isArray(c) ? c.join(' + ') : c}`).join(', ')}`);
        }
      }
      const lines = progressLines(p);
      if (tty) {
        if (drawn) process.stdout.write(`\x1b[${drawn}A`);
        for (const l of lines) process.stdout.write(`\x1b[2K${l}\n`);
        drawn = lines.length;
      } else if (Date.now() - lastPrint > 5000) {
        console.log(lines.join('\n'));
        lastPrint = Date.now();
      }
    }
    await Promise.race([result.catch(() => {}), new Promise((r) => setTimeout(r, opts.intervalMs ?? 1000))]);
  }
  try {
    const summary = await result;
    console.log(opts.json ? JSON.stringify(summary) : `\n${formatReconciliation(summary)}`);
    return 0;
  } catch (err) {
    if (err instanceof WorkflowFailedError && (err.cause instanceof CancelledFailure || err.cause instanceof TerminatedFailure)) {
      console.error(`migration ${err.cause instanceof CancelledFailure ? 'cancelled' : 'terminated'}; every committed batch is kept`);
      return 1;
    }
    if (err instanceof WorkflowFailedError) {
      console.error(formatFailureCause(failureCause(err.cause ?? err)));
      return 1;
    }
    throw err;
  }
}
