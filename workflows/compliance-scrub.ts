// ComplianceScrubWorkflow: a full scrub (every contact, partitioned by phone range = area codes, a sliding window of
// partition activities writing a fresh results table that is swapped in at the end) or an incremental one (contacts
// changed since the last scrub, numbers in the newest change lists, new suppression/evidence/consent rows). Counts per
// status in the result, for metrics. Its daily schedule is in starters/schedules.ts; it is post-migration's step 2.
import { patched, workflowInfo } from '@temporalio/workflow';
import type { PartitionResult, ScrubPartition } from '../activities/compliance/scrub-activities';
import { scrubActivities } from './activity-proxies';
import { startRefreshAfter } from './refresh-after';

export interface ComplianceScrubInput {
  mode: 'full' | 'incremental';
  actor: string;
  /** Partition activities in flight at once (full scrub). */
  window?: number;
  /** A standalone scrub (CLI, schedule): start the dashboard refresh when it finishes. Post-migration refreshes itself. */
  refreshDashboard?: boolean;
}

export interface ComplianceScrubResult {
  mode: 'full' | 'incremental';
  scrubId: number;
  /** Contacts evaluated by this scrub (a full scrub: all). */
  contactsScrubbed: number;
  /** Contacts per stored status in the results table after the scrub. */
  byStatus: Record<string, number>;
  /** Contacts in the results table. */
  contacts: number;
  /** Contacts re-scrubbed for opt-outs (or evidence) that arrived while a full scrub ran. */
  caughtUp: number;
  goldenRecords: number;
  /** Registry versions (copies per list and area code) the scrub used: all up to this id. */
  registryHwm: number;
  rulesVersion: string;
  /** The dashboard refresh this scrub started (refreshDashboard), running on after it. */
  dashboardRefreshId?: string;
}

function addCounts(into: Record<string, number>, r: PartitionResult): void {
  for (const [k, v] of Object.entries(r.byStatus)) into[k] = (into[k] ?? 0) + v;
}

export async function complianceScrubWorkflow(input: ComplianceScrubInput): Promise<ComplianceScrubResult> {
  const info = workflowInfo();
  const act = scrubActivities();
  const begun = await act.beginScrub({ workflowId: info.workflowId, kind: input.mode, actor: input.actor, at: new Date(info.startTime).toISOString() });
  const scrubbed: Record<string, number> = {};
  let contactsScrubbed = 0;
  const runPartitions = async (parts: ScrubPartition[], table: string) => {
    const queue = [...parts];
    const lanes = Array.from({ length: Math.max(1, input.window ?? 2) }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const r = await act.scrubPartition({ marks: begun.marks, table, partition: p });
        contactsScrubbed += r.contacts;
        addCounts(scrubbed, r);
      }
    });
    await Promise.all(lanes);
  };
  if (input.mode === 'full') {
    await runPartitions(begun.partitions, begun.table);
  } else {
    const changes = await act.scrubChanges({ marks: begun.marks, workflowId: info.workflowId });
    contactsScrubbed += changes.contacts;
    addCounts(scrubbed, changes);
    await runPartitions(changes.partitions, begun.table);
  }
  const done = await act.finishScrub({ marks: begun.marks, table: begun.table, workflowId: info.workflowId, full: input.mode === 'full' });
  const refreshed = input.refreshDashboard && patched('scrub-refresh-dashboard') ? { dashboardRefreshId: await startRefreshAfter('scrub') } : {};
  return {
    ...refreshed, mode: input.mode, scrubId: begun.marks.scrubId, contactsScrubbed, byStatus: done.byStatus, contacts: done.contacts, caughtUp: done.caughtUp,
    goldenRecords: done.goldenRecords, registryHwm: begun.marks.registryHwm, rulesVersion: begun.rulesVersion,
  };
}
