// "The same failure does not alert twice": every alert is recorded by its key in the `alerts` table with the channels
// that accepted it; a second send of a key that went out does nothing, and a retry after a failed channel sends only
// to the channels that had not accepted it yet. The row lock serializes two sends of one key.
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import type { DbPool } from '../deps';
import { AlertDeliveryError, type AlertChannel } from './alert-channels';
import type { Alert, AlertSink } from './alert-sink';

export interface OnceSinkOptions {
  pool: DbPool;
  /** Channels in order; the structured log is one of them. */
  channels: AlertChannel[];
  /** Counted once per alert that went out. */
  onSent?: (alert: Alert) => void;
}

export function onceAlertSink(opts: OnceSinkOptions): AlertSink {
  return {
    async send(alert) {
      const conn = await opts.pool.getConnection();
      try {
        await conn.beginTransaction();
        await conn.execute<ResultSetHeader>(
          `INSERT IGNORE INTO alerts (alert_key, kind, severity, summary, workflow_id, run_id, ui_url, details, delivered_channels)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]')`,
          [alert.key.slice(0, 255), alert.kind, alert.severity, alert.summary.slice(0, 1000), alert.workflowId ?? null, alert.runId ?? null,
            alert.uiUrl ?? null, alert.details ? JSON.stringify(alert.details) : null],
        );
        const [rows] = await conn.execute<RowDataPacket[]>('SELECT delivered_channels, sent_at FROM alerts WHERE alert_key = ? FOR UPDATE', [alert.key.slice(0, 255)]);
        const row = rows[0]!;
        if (row.sent_at !== null) {
          await conn.commit();
          return { delivered: [], duplicate: true };
        }
        const done = new Set<string>(typeof row.delivered_channels === 'string' ? JSON.parse(row.delivered_channels) as string[] : row.delivered_channels as string[]);
        const failures: AlertDeliveryError[] = [];
        const delivered: string[] = [];
        for (const channel of opts.channels) {
          if (done.has(channel.name)) continue;
          try {
            await channel.deliver(alert);
            done.add(channel.name);
            delivered.push(channel.name);
          } catch (err) {
            failures.push(err instanceof AlertDeliveryError ? err : new AlertDeliveryError(channel.name, alert.key, (err as Error).message));
          }
        }
        await conn.execute(
          `UPDATE alerts SET delivered_channels = ?, sent_at = ${failures.length ? 'NULL' : 'CURRENT_TIMESTAMP(3)'} WHERE alert_key = ?`,
          [JSON.stringify([...done]), alert.key.slice(0, 255)],
        );
        await conn.commit();
        if (delivered.length && !failures.length) opts.onSent?.(alert);
        if (failures.length) throw failures[0]!;
        return { delivered, duplicate: false };
      } catch (err) {
        await conn.rollback().catch(() => {});
        throw err;
      } finally {
        conn.release();
      }
    },
  };
}
