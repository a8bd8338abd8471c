// `dedupe [--full]`: starts a dedupe pass (incremental by default: the contacts changed since the last pass, against
// everything), follows its progress and prints pairs per rule, merges and the review queue.
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { loadConfig } from '../../config/env';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import { createTemporalClient } from '../../workers/clients';
import { dedupeProgressQuery, type DedupeProgress, type DedupeResult, type dedupeWorkflow } from '../../workflows/dedupe';
import { resolveActor } from '../actor';
import { type Command, parseCommandArgs } from '../command';
import { workflowUiLink } from '../follow-migration';
import { noWorkerMessage, waitForWorker } from '../worker-check';

const usage = `Usage: npm run cli -- dedupe [--full] [--name NAME] [--actor WHO] [--no-wait] [--detach] [--json]

Runs a dedupe pass: links contact rows that are the same person, keeps one golden record per person, and
queues doubtful pairs for review. Incremental by default (the contacts inserted or changed since the last
pass, compared against everything); --full recomputes every cluster. A pass never overrides a person's
merge / keep-apart decision, and golden ids stay stable. One pass runs at a time (CLI, post-migration,
schedule or a person's merge): a pass started while another runs waits for it, or with --no-wait fails at
once naming the running pass.

Options:
  --full         recompute everything (the first pass, or after a change to the model file)
  --name NAME    workflow id dedupe-NAME (default: a UTC timestamp); the same name re-attaches to a running pass
  --actor WHO    who asked (default $CONTACTS_ACTOR, else cli:<os user>)
  --no-wait      fail at once if another dedupe pass is running (default: wait for it)
  --detach       start it and return
  --json         print the result as one JSON object on the last line`;

function describe(p: DedupeProgress): string {
  return `pass ${p.passId ?? '?'} (${p.kind}): ${p.phase} ${p.partsDone}/${p.partsTotal}; ${p.contactsInScope.toLocaleString('en-US')} contacts in scope; `
    + `${p.candidatePairs.toLocaleString('en-US')} candidate pairs, ${p.matchPairs.toLocaleString('en-US')} match, ${p.reviewPairs.toLocaleString('en-US')} review`;
}

/** The per-rule table of a finished pass. */
export function ruleTable(r: Pick<DedupeResult, 'rules'>): string[] {
  const lines = ['rule          blocks     est. pairs   scored pairs   match   review   oversized  largest blocks'];
  for (const s of r.rules) {
    lines.push(`${s.rule.padEnd(12)} ${String(s.blocks).padStart(7)} ${String(s.estimatedPairs).padStart(14)} ${String(s.candidatePairs).padStart(14)} `
      + `${String(s.matchPairs).padStart(7)} ${String(s.reviewPairs).padStart(8)} ${String(s.oversizedBlocks + s.skippedBlocks).padStart(10)}  ${s.largestBlocks.join(', ')}`);
  }
  return lines;
}

export const dedupeCommand: Command = {
  name: 'dedupe',
  summary: 'run a dedupe pass (incremental, or --full) and print what it merged',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      full: { type: 'boolean' }, 'no-wait': { type: 'boolean' }, name: { type: 'string' }, actor: { type: 'string' }, detach: { type: 'boolean' }, json: { type: 'boolean' },
    });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    const actor = resolveActor(values.actor as string | undefined);
    const config = loadConfig();
    const { client, connection } = await createTemporalClient(config);
    try {
      const presence = await waitForWorker(client, config.TEMPORAL_TASK_QUEUE);
      if (presence.activityPollers.length === 0) console.error(noWorkerMessage(config, presence));
      const name = (values.name as string | undefined) ?? new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15);
      const workflowId = WORKFLOW_IDS.dedupe(name);
      const handle = await client.workflow.start<typeof dedupeWorkflow>(WORKFLOW_TYPES.dedupe, {
        workflowId, taskQueue: config.TEMPORAL_TASK_QUEUE, args: [{ kind: values.full ? 'full' : 'incremental', actor, refreshDashboard: true, ...(values['no-wait'] ? { ifBusy: 'refuse' as const } : {}) }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
      const log = (msg: string) => (values.json ? console.error(msg) : console.log(msg));
      log(`dedupe pass ${workflowId} started (${values.full ? 'full' : 'incremental'}, actor ${actor}): ${workflowUiLink(config, workflowId)}`);
      if (values.detach) return 0;
      let last = '';
      const timer = setInterval(() => {
        handle.query(dedupeProgressQuery).then((p) => {
          const line = describe(p);
          if (line !== last) log(line);
          last = line;
        }, () => {});
      }, 2000);
      let result: DedupeResult;
      try {
        result = await handle.result();
      } finally {
        clearInterval(timer);
      }
      if (values.json) {
        console.log(JSON.stringify(result));
        return 0;
      }
      for (const line of ruleTable(result)) console.log(line);
      const secs = ((result.finishedAtMs - result.startedAtMs) / 1000).toFixed(1);
      console.log(`pass ${result.passId} (${result.kind}) done in ${secs}s: ${result.contactsInScope.toLocaleString('en-US')} contacts in scope, `
        + `${result.candidatePairs.toLocaleString('en-US')} pairs scored, ${result.counts.merges} merges, ${result.counts.splits} splits, `
        + `${result.counts.retired} golden records retired; ${result.counts.goldenRecords.toLocaleString('en-US')} golden records; review queue ${result.counts.reviewQueueOpen} open`);
      return 0;
    } finally {
      await connection.close();
    }
  },
};
