// Where alerts go besides the log: a webhook (any JSON POST receiver: chat, paging) and an SNS topic (in AWS the same
// topic the infrastructure's alarms and Glue failure rule publish to). Each throws on failure so the send retries.
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Alert } from './alert-sink';

export interface AlertChannel {
  name: string;
  deliver(alert: Alert): Promise<void>;
}

/** A channel that did not accept an alert: retryable (a receiver down, a throttled topic). */
export class AlertDeliveryError extends Error {
  override name = 'AlertDeliveryError';
  constructor(readonly channel: string, readonly alertKey: string, message: string) {
    super(`alert ${alertKey} not accepted by ${channel}: ${message}`);
  }
}

/** POSTs the alert as JSON; any 2xx accepts it. */
export function webhookChannel(url: string, timeoutMs = 10_000): AlertChannel {
  return {
    name: 'webhook',
    async deliver(alert) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...alert, text: alertText(alert) }), signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw new AlertDeliveryError('webhook', alert.key, (err as Error).message);
      }
      if (res.status < 200 || res.status > 299) throw new AlertDeliveryError('webhook', alert.key, `HTTP ${res.status}`);
    },
  };
}

/** Publishes to an SNS topic: a subject line and the alert as JSON (e-mail subscribers read the text first). */
export function snsChannel(topicArn: string, opts: { region: string; endpoint?: string; client?: Pick<SNSClient, 'send'> }): AlertChannel {
  const client = opts.client ?? new SNSClient({ region: opts.region, ...(opts.endpoint ? { endpoint: opts.endpoint } : {}) });
  return {
    name: 'sns',
    async deliver(alert) {
      try {
        await client.send(new PublishCommand({
          TopicArn: topicArn,
          Subject: `[${alert.severity}] ${alert.kind}`.slice(0, 100),
          Message: `${alertText(alert)}\n\n${JSON.stringify(alert, null, 2)}`,
          MessageAttributes: { kind: { DataType: 'String', StringValue: alert.kind }, severity: { DataType: 'String', StringValue: alert.severity } },
        }));
      } catch (err) {
        throw new AlertDeliveryError('sns', alert.key, (err as Error).message);
      }
    },
  };
}

/** The lines a person reads: what failed and where to look. */
export function alertText(alert: Alert): string {
  return [`${alert.severity.toUpperCase()} ${alert.kind}: ${alert.summary}`, alert.workflowId ? `workflow: ${alert.workflowId}` : '', alert.uiUrl ? `Temporal UI: ${alert.uiUrl}` : '']
    .filter(Boolean).join('\n');
}
