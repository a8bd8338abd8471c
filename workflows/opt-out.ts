// OptOutWorkflow (id opt-out-<request key>): records an opt-out or a re-opt-in (with evidence) in the append-only log,
// journals it, and re-scrubs the contacts with that phone or e-mail at once, so their stored status (and their golden
// record's) changes within seconds, not at the next daily scrub. `check` sees the log row as soon as it is written.
import { workflowInfo } from '@temporalio/workflow';
import type { SuppressionRequest } from '../activities/compliance/suppression-activities';
import { complianceWriteActivities, scrubActivities } from './activity-proxies';

export interface OptOutResult {
  suppressionId: number;
  journalKey: string;
  /** Contacts whose stored status was re-evaluated. */
  contactsRescrubbed: number;
  byStatus: Record<string, number>;
}

export async function optOutWorkflow(request: SuppressionRequest): Promise<OptOutResult> {
  const info = workflowInfo();
  const recorded = await complianceWriteActivities().recordSuppression({ requestId: info.workflowId, request });
  const act = scrubActivities();
  const begun = await act.beginScrub({ workflowId: info.workflowId, kind: 'contacts', actor: request.actor, at: new Date(info.startTime).toISOString() });
  const r = await act.scrubIdentifiers({ marks: begun.marks, phone: request.phone, email: request.email });
  await act.finishScrub({ marks: begun.marks, table: begun.table, workflowId: info.workflowId, full: false });
  return { ...recorded, contactsRescrubbed: r.contacts, byStatus: r.byStatus };
}
