// The project's alert sink as configured: the structured log always, a webhook when ALERT_WEBHOOK_URL is set, an SNS
// topic when ALERT_SNS_TOPIC_ARN is set, all behind the once-per-failure record. Workers and the monitor build it.
import type { AppConfig } from '../../config/env';
import type { ProjectMetrics } from '../../metrics/project-metrics';
import type { DbPool } from '../deps';
import { snsChannel, webhookChannel, type AlertChannel } from './alert-channels';
import type { AlertSink } from './alert-sink';
import { onceAlertSink } from './once-sink';

export type AlertConfig = Pick<AppConfig, 'ALERT_WEBHOOK_URL' | 'ALERT_SNS_TOPIC_ARN' | 'ALERT_SNS_ENDPOINT' | 'S3_REGION'>;

/** The structured-log channel: one `alert` line with the alert's fields. */
export function logChannel(write: (message: string, data: Record<string, unknown>) => void): AlertChannel {
  return {
    name: 'log',
    async deliver(alert) {
      write('alert', { ...alert });
    },
  };
}

export function alertChannels(config: AlertConfig, write: (message: string, data: Record<string, unknown>) => void): AlertChannel[] {
  const channels = [logChannel(write)];
  if (config.ALERT_WEBHOOK_URL) channels.push(webhookChannel(config.ALERT_WEBHOOK_URL));
  if (config.ALERT_SNS_TOPIC_ARN) channels.push(snsChannel(config.ALERT_SNS_TOPIC_ARN, { region: config.S3_REGION, endpoint: config.ALERT_SNS_ENDPOINT }));
  return channels;
}

export function createProjectAlertSink(config: AlertConfig, deps: { pool: DbPool; write: (message: string, data: Record<string, unknown>) => void; metrics?: ProjectMetrics }): AlertSink {
  return onceAlertSink({ pool: deps.pool, channels: alertChannels(config, deps.write), onSent: (a) => deps.metrics?.recordAlert(a.kind) });
}
