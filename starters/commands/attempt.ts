// `attempt <phone>`: records a contact attempt (every dial counts, answered or not) through RecordAttemptsWorkflow.
import { createHash } from 'node:crypto';
import { loadConfig } from '../../config/env';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { RecordAttemptsResult } from '../../activities/compliance/attempt-activities';
import type { RecordAttemptsWorkflowInput } from '../../workflows/record-attempts';
import { resolveActor } from '../actor';
import { type Command, UsageError, parseCommandArgs } from '../command';
import { enumFlag, phoneFlag, timeFlag } from '../compliance-args';
import { startWrite } from '../start-write';

const usage = `Usage: npm run cli -- attempt <phone> [--at TIME] [--channel VOICE|SMS] [--campaign C] [--brand B]
                                 [--outcome O] [--actor A] [--json]

Records one contact attempt to <phone> at TIME (ISO 8601 with Z or an offset; default now). Every dial counts,
answered or not: check counts attempts in the trailing 24 hours against the cap (3 in FL, OK, MD; the policy's
elsewhere). Recording the same number, time and channel again is recognised and adds nothing.
For many attempts at once load a CSV file: npm run cli -- registry load --kind attempts --file F.
  --actor A   who records it (default $CONTACTS_ACTOR, else cli:<user>)`;

export const attemptCommand: Command = {
  name: 'attempt',
  summary: 'record a contact attempt (counted by the frequency caps)',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      at: { type: 'string' }, channel: { type: 'string' }, campaign: { type: 'string' }, brand: { type: 'string' }, outcome: { type: 'string' },
      actor: { type: 'string' }, json: { type: 'boolean' },
    });
    const config = loadConfig();
    if (positionals[0] === undefined) throw new UsageError('the phone number is required');
    const phone = phoneFlag(positionals[0], 'phone', config.DEFAULT_PHONE_REGION)!;
    const attemptedAt = new Date(timeFlag(values.at as string | undefined, '--at')).toISOString();
    const channel = enumFlag(values.channel as string | undefined, '--channel', ['VOICE', 'SMS'] as const, 'VOICE');
    const actor = resolveActor(values.actor as string | undefined);
    const input: RecordAttemptsWorkflowInput = {
      actor, source: 'cli',
      attempts: [{ phone, attemptedAt, channel, campaign: (values.campaign as string | undefined) ?? null, brand: (values.brand as string | undefined) ?? null, outcome: (values.outcome as string | undefined) ?? null }],
    };
    const key = createHash('sha256').update(`${phone}|${attemptedAt}|${channel}`).digest('hex').slice(0, 24);
    const r = await startWrite<RecordAttemptsResult>(config, WORKFLOW_TYPES.recordAttempts, WORKFLOW_IDS.attempts(key), input, (l) => console.error(l));
    if (values.json) console.log(JSON.stringify(r));
    else console.log(`attempt: ${r.inserted === 1 ? 'recorded' : 'already recorded'} ${channel} attempt at ${attemptedAt} (actor ${actor}; journal ${r.journalKey})`);
    return 0;
  },
};
