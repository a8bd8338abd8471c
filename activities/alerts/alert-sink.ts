// The one way anything in the project raises an alert: an Alert value handed to an AlertSink. This file holds the
// shape and the sink that always exists (a structured log line); webhook, SNS and "the same failure alerts once"
// are built behind the same interface (issue #13), so callers never change.

export type AlertSeverity = 'critical' | 'warning';

export interface Alert {
  /** What kind of failure: 'workflow-failed', 'snapshot-validation-failed', 'no-worker-polling', ... */
  kind: string;
  /** The failure's identity: one failure has one key, and a key alerts once (e.g. the workflow and run id). */
  key: string;
  severity: AlertSeverity;
  /** One line a person reads first; never a raw e-mail or phone number. */
  summary: string;
  workflowId?: string;
  runId?: string;
  /** The Temporal UI page of the workflow (temporalUiLink). */
  uiUrl?: string;
  /** Small structured context (ids, counts, reasons). */
  details?: Record<string, unknown>;
}

export interface AlertOutcome {
  /** Channels that accepted the alert ('log', 'webhook', 'sns'). */
  delivered: string[];
  /** True when this key had already alerted and nothing was sent again. */
  duplicate: boolean;
}

export interface AlertSink {
  send(alert: Alert): Promise<AlertOutcome>;
}

/** The structured-log sink: one `alert` line with the alert's fields. */
export function logAlertSink(write: (message: string, data: Record<string, unknown>) => void): AlertSink {
  return {
    async send(alert) {
      write('alert', { ...alert });
      return { delivered: ['log'], duplicate: false };
    },
  };
}

/** The Temporal UI page of a workflow execution (its latest run when runId is absent). */
export function temporalUiLink(uiUrl: string, namespace: string, workflowId: string, runId?: string): string {
  const base = `${uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}` : base;
}
