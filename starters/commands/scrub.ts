// `scrub [--full]`: runs ComplianceScrubWorkflow now (the schedule runs it daily) and prints its counts.
import { loadConfig } from '../../config/env';
import { WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import type { ComplianceScrubInput, ComplianceScrubResult } from '../../workflows/compliance-scrub';
import { resolveActor } from '../actor';
import { type Command, numberFlag, parseCommandArgs } from '../command';
import { startWrite } from '../start-write';

const usage = `Usage: npm run cli -- scrub [--full] [--name N] [--window W] [--actor A] [--json]

Runs a compliance scrub now. Incremental (default): the contacts changed since the last scrub (change feed), the
numbers in change lists loaded since, and contacts with new opt-outs, EBR evidence or consents. --full: every
contact, partitioned by area code, written to a fresh results table swapped in at the end (opt-outs that arrive
meanwhile are re-applied after the swap). Results: table contact_compliance (per contact) and golden_compliance
(per golden record: its best phone's status). The schedules (npm run cli -- schedules apply) run an incremental
scrub daily at 03:00 UTC and a full one on Sundays.
  --name N     the run's name in its workflow id (default: the UTC time); the same name again is the same run
  --window W   partition activities in flight (full scrub; default 2)`;

export const scrubCommand: Command = {
  name: 'scrub',
  summary: 'run a compliance scrub (incremental, or --full) and print its counts per status',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { full: { type: 'boolean' }, name: { type: 'string' }, window: { type: 'string' }, actor: { type: 'string' }, json: { type: 'boolean' } });
    const config = loadConfig();
    const mode = values.full ? 'full' : 'incremental';
    const name = (values.name as string | undefined) ?? new Date().toISOString().replace(/[:.]/g, '-');
    const input: ComplianceScrubInput = { mode, actor: resolveActor(values.actor as string | undefined), refreshDashboard: true, window: numberFlag(values.window as string | undefined, 'window', 2, 1, 32) };
    const id = WORKFLOW_IDS.complianceScrub(mode, name);
    console.error(`scrub: ${mode} scrub ${id}; follow it at ${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${id}`);
    const r = await startWrite<ComplianceScrubResult>(config, WORKFLOW_TYPES.complianceScrub, id, input, (l) => console.error(l), 6 * 3600_000);
    if (values.json) {
      console.log(JSON.stringify(r));
      return 0;
    }
    console.log(`scrub ${r.scrubId} (${r.mode}, rules ${r.rulesVersion}, registry versions up to ${r.registryHwm}): ${r.contactsScrubbed.toLocaleString('en-US')} contacts scrubbed, ${r.caughtUp} re-applied after the swap`);
    for (const [status, n] of Object.entries(r.byStatus).sort((a, b) => b[1] - a[1])) console.log(`  ${status.padEnd(22)} ${n.toLocaleString('en-US').padStart(12)}`);
    console.log(`  golden records with a status: ${r.goldenRecords.toLocaleString('en-US')}`);
    return 0;
  },
};
