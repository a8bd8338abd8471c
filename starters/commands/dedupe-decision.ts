// `merge A B` and `unmerge C`: a person's dedupe decision, started as DedupeDecisionWorkflow with the actor; waits
// for the decision to be recorded and the affected clusters recomputed, then prints the golden records.
import type { RowDataPacket } from 'mysql2';
import { loadConfig } from '../../config/env';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import { createDbPool, createTemporalClient } from '../../workers/clients';
import type { dedupeDecisionWorkflow } from '../../workflows/dedupe-decision';
import { resolveActor } from '../actor';
import { type Command, UsageError, parseCommandArgs } from '../command';
import { workflowUiLink } from '../follow-migration';

function contactId(text: string | undefined, what: string): number {
  const n = Number(text);
  if (text === undefined || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`${what} must be a contact id (a positive integer), got ${JSON.stringify(text)}`);
  return n;
}

function decisionCommand(name: 'merge' | 'unmerge' | 'keep-apart', args: string, summary: string, detail: string): Command {
  const usage = `Usage: npm run cli -- ${name} ${args} [--actor WHO] [--reason TEXT]\n\n${summary[0]!.toUpperCase()}${summary.slice(1)}. ${detail}\n`
    + 'The decision is recorded with the actor (review_decisions, dedupe_log), journaled for disaster recovery, and obeyed by every later pass.';
  return {
    name,
    summary,
    usage,
    async run(argv) {
      const { values, positionals } = parseCommandArgs(argv, { actor: { type: 'string' }, reason: { type: 'string' } });
      if (values.help) {
        console.log(usage);
        return 0;
      }
      const ids = name === 'unmerge' ? [contactId(positionals[0], 'C')] : [contactId(positionals[0], 'A'), contactId(positionals[1], 'B')];
      if (name !== 'unmerge' && ids[0] === ids[1]) throw new UsageError(`${name} needs two different contacts`);
      const actor = resolveActor(values.actor as string | undefined);
      const config = loadConfig();
      const { client, connection } = await createTemporalClient(config);
      const pool = createDbPool(config, { connectionLimit: 1 });
      try {
        const workflowId = WORKFLOW_IDS.dedupeDecision(name, ids, new Date().toISOString().replace(/[-:.]/g, ''));
        console.log(`${name} ${ids.join(' ')} as ${actor}: ${workflowUiLink(config, workflowId)}`);
        const result = await client.workflow.execute<typeof dedupeDecisionWorkflow>(WORKFLOW_TYPES.dedupeDecision, {
          workflowId, taskQueue: config.TEMPORAL_TASK_QUEUE,
          args: [{ decision: name, contactIds: ids, actor, ...(values.reason ? { reason: values.reason as string } : {}) }],
        });
        const [rows] = await pool.query<RowDataPacket[]>('SELECT id, golden_id, is_original FROM contacts WHERE id IN (?) ORDER BY id', [ids]);
        for (const r of rows) console.log(`contact ${r.id}: golden record ${r.golden_id}${r.is_original ? ' (representative)' : ''}`);
        console.log(`recorded ${result.recorded.pairs} decision pair(s); pass ${result.pass.passId} recomputed ${result.pass.contactsInScope} contact(s): `
          + `${result.pass.counts.merges} merge(s), ${result.pass.counts.splits} split(s)`);
        return 0;
      } finally {
        await pool.end();
        await connection.close();
      }
    },
  };
}

export const mergeCommand = decisionCommand('merge', 'A B', 'merge two contacts into one golden record', 'Their clusters become one; the older golden id survives.');
export const unmergeCommand = decisionCommand('unmerge', 'C', 'take a contact out of its golden record',
  'It is kept apart from every other member from now on; the part holding the representative keeps the golden id.');
export const keepApartCommand = decisionCommand('keep-apart', 'A B', 'decide that two contacts are different people',
  'Use it for a pair in the review queue (npm run cli -- review); merge A B is the other answer.');
