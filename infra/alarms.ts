// Paging conditions: Aurora replica lag, CPU, local storage and connections, Glue failures and RDS events, all to the alert topic.
import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktn/provider-aws/lib/cloudwatch-metric-alarm';
import { DbEventSubscription } from '@cdktn/provider-aws/lib/db-event-subscription';
import { type RdsClusterInstance } from '@cdktn/provider-aws/lib/rds-cluster-instance';
import { type InfraConfig } from './config';

export interface AlarmsProps {
  readonly config: InfraConfig;
  readonly topicArn: string;
  readonly clusterIdentifier: string;
  readonly writer: RdsClusterInstance;
  readonly readers: RdsClusterInstance[];
  readonly glueFailureRuleName: string;
  /** The app's CloudWatch namespace (its metrics exporter publishes there). */
  readonly metricsNamespace: string;
}

interface MetricAlarmSpec {
  readonly key: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: 'Average' | 'Maximum' | 'Minimum' | 'Sum' | 'SampleCount';
  readonly comparisonOperator: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly treatMissingData: 'missing' | 'notBreaching' | 'breaching';
}

export class Alarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { config, topicArn } = props;
    const limits = config.alerts;
    const add = (spec: MetricAlarmSpec) => {
      this.alarms.push(
        new CloudwatchMetricAlarm(this, spec.key, {
          alarmName: `${config.namePrefix}-${spec.key}`,
          alarmDescription: spec.description,
          namespace: spec.namespace,
          metricName: spec.metricName,
          dimensions: spec.dimensions,
          statistic: spec.statistic,
          comparisonOperator: spec.comparisonOperator,
          threshold: spec.threshold,
          period: spec.periodSeconds,
          evaluationPeriods: spec.evaluationPeriods,
          treatMissingData: spec.treatMissingData,
          alarmActions: [topicArn],
          okActions: [topicArn],
        }),
      );
    };

    const rds = { namespace: 'AWS/RDS', periodSeconds: 300, treatMissingData: 'missing' } as const;
    const perInstance = [
      { metric: 'cpu', metricName: 'CPUUtilization', statistic: 'Average', comparisonOperator: 'GreaterThanThreshold',
        threshold: limits.cpuPercent, evaluationPeriods: 3, what: `CPU above ${limits.cpuPercent}% for 15 minutes` },
      { metric: 'free-local-storage', metricName: 'FreeLocalStorage', statistic: 'Minimum', comparisonOperator: 'LessThanThreshold',
        threshold: limits.freeLocalStorageBytes, evaluationPeriods: 1, what: `local (temp/log) storage below ${limits.freeLocalStorageBytes} bytes` },
      { metric: 'connections', metricName: 'DatabaseConnections', statistic: 'Maximum', comparisonOperator: 'GreaterThanThreshold',
        threshold: limits.connections, evaluationPeriods: 2, what: `connections above ${limits.connections}` },
    ] as const;
    const instances = [
      { name: 'writer', instance: props.writer },
      ...props.readers.map((instance, i) => ({ name: `reader-${i + 1}`, instance })),
    ];
    for (const { name, instance } of instances) {
      for (const { metric, what, ...spec } of perInstance) {
        add({ ...rds, ...spec, key: `aurora-${name}-${metric}`, description: `Aurora ${name}: ${what}`,
          dimensions: { DBInstanceIdentifier: instance.identifier } });
      }
    }
    props.readers.forEach((instance, i) => {
      add({
        ...rds,
        key: `aurora-reader-${i + 1}-replica-lag`,
        description: `Aurora reader-${i + 1} lags the writer by more than ${limits.replicaLagMilliseconds} ms for 5 minutes`,
        metricName: 'AuroraReplicaLag',
        dimensions: { DBInstanceIdentifier: instance.identifier },
        statistic: 'Maximum',
        comparisonOperator: 'GreaterThanThreshold',
        threshold: limits.replicaLagMilliseconds,
        periodSeconds: 60,
        evaluationPeriods: 5,
      });
    });

    // Every Glue job or crawler failure matched by the EventBridge rule counts; no events means healthy.
    add({
      key: 'glue-failures',
      description: 'A Glue job or crawler failed',
      namespace: 'AWS/Events',
      metricName: 'TriggeredRules',
      dimensions: { RuleName: props.glueFailureRuleName },
      statistic: 'Sum',
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      periodSeconds: 300,
      evaluationPeriods: 1,
      treatMissingData: 'notBreaching',
    });

    // The monitor counts its watchdog passes (every minute); none for 10 minutes means no monitor runs, so nothing
    // would notice a task queue without workers: the one failure the monitor cannot report itself.
    add({
      key: 'monitor-silent',
      description: 'The monitor has not run its watchdog for 10 minutes (is the monitor service running? is the contacts-monitor schedule applied?)',
      namespace: props.metricsNamespace,
      metricName: 'contacts_watchdog_runs_total',
      dimensions: { component: 'monitor' },
      statistic: 'Sum',
      comparisonOperator: 'LessThanThreshold',
      threshold: 1,
      periodSeconds: 300,
      evaluationPeriods: 2,
      treatMissingData: 'breaching',
    });

    // Failovers, failures and maintenance on the cluster (including backup problems RDS reports as notifications).
    new DbEventSubscription(this, 'cluster-events', {
      name: `${config.namePrefix}-aurora-events`,
      snsTopic: topicArn,
      sourceType: 'db-cluster',
      sourceIds: [props.clusterIdentifier],
      eventCategories: ['failover', 'failure', 'maintenance', 'notification'],
    });
  }
}
