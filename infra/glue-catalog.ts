// Makes the processed zone queryable: a Glue catalog database, a crawler over the zone, and failure events routed to alerts.
import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktn/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktn/provider-aws/lib/cloudwatch-event-target';
import { GlueCatalogDatabase } from '@cdktn/provider-aws/lib/glue-catalog-database';
import { GlueCrawler } from '@cdktn/provider-aws/lib/glue-crawler';
import { type InfraConfig } from './config';
import { type AwsContext } from './policy-documents';
import { glueCrawlerPolicy } from './service-policies';
import { ServiceRole } from './service-role';

export interface GlueCatalogProps {
  readonly config: InfraConfig;
  readonly aws: AwsContext;
  readonly processedBucketName: string;
  readonly processedBucketArn: string;
  readonly kmsKeyArn: string;
  readonly alertTopicArn: string;
}

/** EventBridge pattern for failed Glue jobs (FAILED, TIMEOUT, ERROR) and failed crawlers (Failed). */
const GLUE_FAILURE_PATTERN = {
  source: ['aws.glue'],
  'detail-type': ['Glue Job State Change', 'Glue Crawler State Change'],
  detail: { state: ['FAILED', 'TIMEOUT', 'ERROR', 'Failed'] },
} as const;

/** Fields of the Glue state-change event that the alert message names. */
export const GLUE_ALERT_INPUT_PATHS = {
  detailType: '$.detail-type',
  state: '$.detail.state',
  jobName: '$.detail.jobName',
  crawlerName: '$.detail.crawlerName',
  jobRunId: '$.detail.jobRunId',
  message: '$.detail.message',
  time: '$.time',
} as const;

/** The alert as the app's sink words it: kind, severity, what failed, and the console page to open. */
export function glueAlertTemplate(region: string): string {
  const console = `https://${region}.console.aws.amazon.com/gluestudio/home?region=${region}#/job/<jobName>/run/<jobRunId>`;
  return JSON.stringify({
    kind: 'glue-failure',
    severity: 'critical',
    summary: '<detailType>: <jobName><crawlerName> is <state> at <time>: <message>',
    workflowId: '<jobName><crawlerName>',
    runId: '<jobRunId>',
    uiUrl: console,
  });
}

export class GlueCatalog extends Construct {
  readonly database: GlueCatalogDatabase;
  readonly crawler: GlueCrawler;
  readonly failureRule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: GlueCatalogProps) {
    super(scope, id);
    const { config, aws } = props;
    const databaseName = config.namePrefix.replace(/-/g, '_');

    this.database = new GlueCatalogDatabase(this, 'database', {
      name: databaseName,
      description: 'Curated contact data in the processed zone',
      locationUri: `s3://${props.processedBucketName}/`,
    });
    const role = new ServiceRole(this, 'crawler-role', {
      roleName: `${config.namePrefix}-glue-crawler`,
      description: 'Glue crawler: reads the processed zone, maintains its catalog database',
      assumedBy: 'glue.amazonaws.com',
      policy: glueCrawlerPolicy({ processedBucketArn: props.processedBucketArn, kmsKeyArn: props.kmsKeyArn, databaseName }, aws),
      aws,
    });
    this.crawler = new GlueCrawler(this, 'processed-crawler', {
      name: `${config.namePrefix}-processed`,
      databaseName: this.database.name,
      role: role.arn,
      schedule: config.glue.crawlerSchedule,
      s3Target: [{ path: `s3://${props.processedBucketName}/` }],
      schemaChangePolicy: { updateBehavior: 'UPDATE_IN_DATABASE', deleteBehavior: 'LOG' },
      dependsOn: [role.policy],
    });

    this.failureRule = new CloudwatchEventRule(this, 'failure-rule', {
      name: `${config.namePrefix}-glue-failures`,
      description: 'Glue job and crawler failures',
      eventPattern: JSON.stringify(GLUE_FAILURE_PATTERN),
    });
    // The same alerts topic the app's alert sink publishes to: one place for every failure. EventBridge sends one
    // event per state change, so one failed run is one message; it names the job and its run, and links the console.
    new CloudwatchEventTarget(this, 'failure-to-alerts', {
      rule: this.failureRule.name,
      targetId: 'alerts-topic',
      arn: props.alertTopicArn,
      inputTransformer: {
        inputPaths: GLUE_ALERT_INPUT_PATHS,
        inputTemplate: glueAlertTemplate(config.region),
      },
    });
  }
}
