// `opt-out` and `re-opt-in`: one person's request through OptOutWorkflow (logged append-only with the actor and the
// evidence, journaled, their stored status re-evaluated at once). A file of them: registry load --kind suppression.
import { createHash } from 'node:crypto';
import { loadConfig } from '../../config/env';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { SuppressionRequest } from '../../activities/compliance/suppression-activities';
import type { OptOutResult } from '../../workflows/opt-out';
import { SCOPES, SUPPRESSION_CHANNELS } from '../../domain/compliance/tags';
import { resolveActor } from '../actor';
import { type Command, UsageError, parseCommandArgs } from '../command';
import { emailFlag, enumFlag, phoneFlag, timeFlag } from '../compliance-args';
import { startWrite } from '../start-write';

function usageOf(name: string): string {
  return `Usage: npm run cli -- ${name} (--phone P | --email E) --method M [--channel VOICE|SMS|EMAIL|ALL] [--scope global|brand|campaign]
                                 [--scope-value V] [--received-at TIME] [--source S] [--evidence REF] [--actor A] [--json]

${name === 'opt-out' ? `Records an opt-out in the append-only suppression log and re-evaluates the stored status of every contact with
that phone or e-mail (and their golden records) at once; check sees it immediately. --channel defaults to ALL: an
SMS STOP suppresses every channel unless the request was explicitly channel-scoped (--channel SMS).`
    : `Records a re-opt-in: it lifts earlier opt-outs of the same phone or e-mail for the campaigns it covers. Refused
without --evidence (the signed form, recording or message that documents it).`}
A file of requests: npm run cli -- registry load --kind suppression --file F.csv.
  --method M        how it was received: SMS_STOP, IVR, AGENT, WEB, EMAIL, UNSUBSCRIBE, LETTER, ...
  --received-at T   when it was received (ISO 8601 with Z or an offset; default now)
  --actor A         who records it (default $CONTACTS_ACTOR, else cli:<user>)`;
}

function command(name: 'opt-out' | 're-opt-in'): Command {
  return {
    name,
    summary: name === 'opt-out' ? 'record an opt-out (append-only, applied to stored statuses at once)' : 're-opt-in with evidence (lifts earlier opt-outs)',
    usage: usageOf(name),
    async run(argv) {
      const { values } = parseCommandArgs(argv, {
        phone: { type: 'string' }, email: { type: 'string' }, method: { type: 'string' }, channel: { type: 'string' }, scope: { type: 'string' }, 'scope-value': { type: 'string' },
        'received-at': { type: 'string' }, source: { type: 'string' }, evidence: { type: 'string' }, actor: { type: 'string' }, json: { type: 'boolean' },
      });
      const config = loadConfig();
      const phone = phoneFlag(values.phone as string | undefined, '--phone', config.DEFAULT_PHONE_REGION);
      const email = emailFlag(values.email as string | undefined, '--email');
      if (!phone && !email) throw new UsageError('--phone or --email is required');
      if (!values.method) throw new UsageError('--method is required (SMS_STOP, IVR, AGENT, WEB, EMAIL, ...)');
      const evidence = (values.evidence as string | undefined)?.trim() || null;
      if (name === 're-opt-in' && !evidence) throw new UsageError('--evidence is required: a re-opt-in is recorded only with evidence');
      const scope = enumFlag(values.scope as string | undefined, '--scope', SCOPES, 'global');
      const scopeValue = (values['scope-value'] as string | undefined) ?? null;
      if (scope !== 'global' && !scopeValue) throw new UsageError(`--scope-value is required for --scope ${scope}`);
      const request: SuppressionRequest = {
        kind: name, phone, email, channel: enumFlag(values.channel as string | undefined, '--channel', SUPPRESSION_CHANNELS, 'ALL'), scope, scopeValue,
        method: String(values.method).toUpperCase(), receivedAt: new Date(timeFlag(values['received-at'] as string | undefined, '--received-at')).toISOString(),
        source: (values.source as string | undefined) ?? 'cli', evidence, actor: resolveActor(values.actor as string | undefined),
      };
      const key = createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 24);
      const r = await startWrite<OptOutResult>(config, WORKFLOW_TYPES.optOut, WORKFLOW_IDS.optOut(key), request, (l) => console.error(l));
      if (values.json) console.log(JSON.stringify(r));
      else console.log(`${name}: recorded as suppression row ${r.suppressionId} (actor ${request.actor}); ${r.contactsRescrubbed} contact(s) re-scrubbed: ${JSON.stringify(r.byStatus)}; journal ${r.journalKey}`);
      return 0;
    },
  };
}

export const optOutCommand = command('opt-out');
export const reOptInCommand = command('re-opt-in');
