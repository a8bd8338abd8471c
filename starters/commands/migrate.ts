// `migrate`: starts (or re-attaches to) MigrationWorkflow for the given sources and follows its progress.
import { readFileSync } from 'node:fs';
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { loadConfig } from '../../config/env';
import { DEFAULT_BATCH_SIZE, DEFAULT_BATCH_WINDOW, WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import { parseSourceArg } from '../../activities/export/source-spec';
import { parseMappingFile } from '../../domain/column-mapping';
import { MAPPABLE_FIELDS } from '../../domain/fields';
import { createTemporalClient } from '../../workers/clients';
import type { MigrationInput, migrationWorkflow } from '../../workflows/migration';
import { resolveActor } from '../actor';
import { type Command, UsageError, numberFlag, parseCommandArgs } from '../command';
import { followMigration, workflowUiLink } from '../follow-migration';
import { publishMetrics } from '../../metrics/publish-metrics';
import { noWorkerMessage, waitForWorker, watchWorkers } from '../worker-check';

const usage = `Usage: npm run cli -- migrate --name NAME --source KIND:LOCATION [--mapping FILE] [--source ...] [options]

Starts MigrationWorkflow (id migration-NAME) over one or more sources and follows it with a live progress view.
Running it again with the same NAME re-attaches; batches that already committed are never applied twice.
Once reconciled, it starts post-migration-NAME, which runs the engines' incremental passes in order.

Sources (repeatable, in order):
  --source mysql:mysql://user:pass@host:3306/db?table=customers
  --source sqlite:path/to/file.db[?table=contacts]
  --source csv:path/to/file.csv | csv:s3://bucket/key.csv
  --mapping FILE       JSON {"<field>":"<source column>",...} for the --source just before it; columns are
                       otherwise matched by their common names. Fields: ${MAPPABLE_FIELDS.join(', ')}

Options:
  --batch-size N       rows per batch (default ${DEFAULT_BATCH_SIZE})
  --window N           concurrent batch ingestions per source (default ${DEFAULT_BATCH_WINDOW})
  --actor NAME         who starts it, for the audit rows of the steps that follow (default $CONTACTS_ACTOR, else cli:<user>)
  --detach             start and return at once (watch with \`status\`)
  --json               print the final reconciliation summary as JSON
  -h, --help           this help`;

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'start a migration of legacy sources and follow its progress',
  usage,
  async run(argv) {
    const { values, tokens } = parseCommandArgsWithTokens(argv);
    if (!values.name || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(String(values.name))) {
      throw new UsageError('--name is required: letters, digits, ".", "_" or "-", at most 63 characters');
    }
    const sources: MigrationInput['sources'] = [];
    for (const t of tokens) {
      if (t.kind !== 'option') continue;
      if (t.name === 'source') sources.push({ spec: asUsage(() => parseSourceArg(String(t.value))) });
      if (t.name === 'mapping') {
        const last = sources.at(-1);
        if (!last) throw new UsageError('--mapping must follow the --source it applies to');
        const file = String(t.value);
        const text = asUsage(() => readFileSync(file, 'utf8'), `--mapping ${file}: `);
        asUsage(() => parseMappingFile(text), `--mapping ${file}: `);
        last.mappingJson = text;
      }
    }
    if (sources.length === 0) throw new UsageError('at least one --source is required');
    const config = loadConfig();
    const input: MigrationInput = {
      name: String(values.name),
      sources,
      batchSize: numberFlag(values['batch-size'] as string | undefined, 'batch-size', config.BATCH_SIZE, 1, 1_000_000),
      window: numberFlag(values.window as string | undefined, 'window', DEFAULT_BATCH_WINDOW, 1, 64),
      actor: resolveActor(values.actor as string | undefined),
    };
    const { client, connection } = await createTemporalClient(config);
    try {
      const workflowId = WORKFLOW_IDS.migration(input.name);
      const handle = await client.workflow.start<typeof migrationWorkflow>(WORKFLOW_TYPES.migration, {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowId,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
      console.log(`migration ${input.name} started: ${workflowUiLink(config, workflowId)}`);
      for (const s of sources) console.log(`  source ${s.spec.name}${s.mappingJson ? ' (explicit mapping)' : ''}`);
      if (values.detach) {
        const presence = await waitForWorker(client, config.TEMPORAL_TASK_QUEUE);
        if (!presence.ok) console.error(noWorkerMessage(config, presence));
        return 0;
      }
      const stopWatching = watchWorkers(client, config);
      // A long command: while it follows the migration, Prometheus scrapes its view of the pace (component=migrate).
      const published = await publishMetrics(config, 'migrate');
      try {
        return await followMigration(handle, { json: Boolean(values.json), metrics: published.metrics });
      } finally {
        stopWatching();
        await published.stop();
      }
    } finally {
      await connection.close();
    }
  },
};

/** Bad input on the command line is a usage error: print the message and the help, not a stack trace. */
function asUsage<T>(fn: () => T, prefix = ''): T {
  try {
    return fn();
  } catch (err) {
    throw new UsageError(`${prefix}${err instanceof Error ? err.message : String(err)}`);
  }
}

function parseCommandArgsWithTokens(argv: string[]) {
  const parsed = parseCommandArgs(argv, {
    name: { type: 'string' },
    source: { type: 'string', multiple: true },
    mapping: { type: 'string', multiple: true },
    'batch-size': { type: 'string' },
    window: { type: 'string' },
    actor: { type: 'string' },
    detach: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  return { values: parsed.values, tokens: parsed.tokens ?? [] };
}
