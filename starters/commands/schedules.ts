// `schedules apply | list`: puts the project's Temporal Schedules (starters/schedules.ts) on the server, idempotently,
// and shows them with their next and recent runs.
import { loadConfig } from '../../config/env';
import { createTemporalClient } from '../../workers/clients';
import { type Command, UsageError, parseCommandArgs } from '../command';
import { applySchedules, describeSchedules, scheduleDeclarations } from '../schedules';

const usage = `Usage: npm run cli -- schedules apply|list [--json]

  apply   create or update every schedule declared in starters/schedules.ts (overlap policy: skip a run while the
          previous one still runs) and delete the project's schedules that are no longer declared; safe to repeat
  list    each schedule: declared, present on the server, paused, next runs, recent runs

Schedules start workflows on TEMPORAL_TASK_QUEUE in TEMPORAL_NAMESPACE; a worker must poll it for them to run.`;

export const schedulesCommand: Command = {
  name: 'schedules',
  summary: 'apply or list the Temporal Schedules (daily scrub, snapshot, refresh, watchdog)',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    const verb = positionals[0];
    if (verb !== 'apply' && verb !== 'list') throw new UsageError(`expected "apply" or "list" (got ${JSON.stringify(verb ?? '')})`);
    const config = loadConfig();
    const declarations = scheduleDeclarations(config);
    const { client, connection } = await createTemporalClient(config);
    try {
      if (verb === 'apply') {
        const applied = await applySchedules(client, config.TEMPORAL_TASK_QUEUE, declarations);
        if (values.json) console.log(JSON.stringify(applied));
        else if (applied.length === 0) console.log('schedules: none declared, none to remove');
        else for (const a of applied) console.log(`schedules: ${a.action.padEnd(7)} ${a.id}`);
        return 0;
      }
      const states = await describeSchedules(client, declarations);
      if (values.json) {
        console.log(JSON.stringify(states));
      } else if (states.length === 0) {
        console.log('schedules: none declared and none on the server');
      } else {
        for (const s of states) {
          const flags = [s.declared ? 'declared' : 'NOT DECLARED', s.present ? 'present' : 'MISSING (run schedules apply)', s.paused ? 'PAUSED' : ''].filter(Boolean).join(', ');
          console.log(`${s.id}: ${flags}`);
          if (s.nextRuns.length) console.log(`  next: ${s.nextRuns.join(', ')}`);
          for (const r of s.recentRuns) console.log(`  ran:  ${r.scheduledAt}  ${r.workflowId}`);
        }
      }
      return states.every((s) => s.declared && s.present) ? 0 : 1;
    } finally {
      await connection.close();
    }
  },
};
