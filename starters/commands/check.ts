// `check <phone>`: evaluates one contact for a campaign at a time and prints each tag with the row or rule behind it.
import { loadConfig } from '../../config/env';
import { createFactsReader, type RegistryLookup } from '../../activities/compliance/facts-reader';
import { evaluate, type Verdict } from '../../domain/compliance/evaluate';
import { shippedRules } from '../../domain/compliance/rules';
import { AREA_CODE_DATA } from '../../domain/compliance/area-codes';
import { DIAL_MODES } from '../../domain/compliance/tags';
import { createDbPool, createS3 } from '../../workers/clients';
import { createRegistryLookup } from '../../activities/compliance/registry-store';
import { type Command, UsageError, parseCommandArgs } from '../command';
import { channelFlag, emailFlag, enumFlag, phoneFlag, timeFlag } from '../compliance-args';

const usage = `Usage: npm run cli -- check <phone> [--email E] [--state S] [--at TIME] [--channel VOICE|SMS|EMAIL]
                               [--brand B] [--campaign C] [--mode automated|manual] [--json]

Evaluates the contact (phone, e-mail, state) for a campaign (channel, brand, campaign, dialling mode) at TIME
(ISO 8601 with Z or an offset; default now) and prints every tag in COMPLIANCE.md's order with the row or rule
behind it: the suppression row, the registry copy and its date, the EBR evidence or consent, the calling window
and the zones it was checked in, the attempts counted against the cap. CALLABLE means no blocking tag; when only
the clock blocks (calling window, frequency cap) it prints the next eligible time. Reads the database and the
registry store directly: an opt-out shows here as soon as its workflow recorded it.
  --mode   dialling mode: automated (default; wireless numbers need written consent) or manual
  --json   one JSON object: the verdict with every tag's basis`;

export const checkCommand: Command = {
  name: 'check',
  summary: 'explain the compliance status of a phone (and e-mail) for a campaign at a time',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      email: { type: 'string' }, state: { type: 'string' }, at: { type: 'string' }, channel: { type: 'string' }, brand: { type: 'string' },
      campaign: { type: 'string' }, mode: { type: 'string' }, json: { type: 'boolean' },
    });
    const config = loadConfig();
    const rawPhone = positionals[0];
    const email = emailFlag(values.email as string | undefined, '--email');
    if (rawPhone === undefined && email === null) throw new UsageError('a phone number (or --email for an e-mail check) is required');
    const phone = phoneFlag(rawPhone, 'phone', config.DEFAULT_PHONE_REGION);
    const state = values.state === undefined ? null : String(values.state).toUpperCase();
    if (state !== null && !/^[A-Z]{2}$/.test(state)) throw new UsageError(`--state must be a two-letter state code (got ${JSON.stringify(values.state)})`);
    const atMs = timeFlag(values.at as string | undefined, '--at');
    const campaign = {
      channel: channelFlag(values.channel as string | undefined),
      brand: (values.brand as string | undefined) ?? null,
      campaign: (values.campaign as string | undefined) ?? null,
      dialMode: enumFlag(values.mode as string | undefined, '--mode', DIAL_MODES, 'automated'),
    };
    const pool = createDbPool(config, { connectionLimit: 4 });
    try {
      const registry = await openRegistry(config, pool);
      const facts = await createFactsReader({ pool, registry: registry.lookup }).read({ phone, email, state }, atMs);
      await registry.close();
      const verdict = evaluate({ phone, email, state }, campaign, atMs, facts, shippedRules());
      if (values.json) console.log(JSON.stringify({ contact: { phone, email, state }, campaign, ...verdict, areaCodeData: AREA_CODE_DATA.version }));
      else console.log(formatVerdict(phone ?? email ?? '', campaign, verdict));
      return 0;
    } finally {
      await pool.end();
    }
  },
};

/** The registry store: current versions from MySQL, one ranged GET per list. */
async function openRegistry(config: ReturnType<typeof loadConfig>, pool: ReturnType<typeof createDbPool>): Promise<{ lookup: RegistryLookup; close(): Promise<void> }> {
  const s3 = createS3(config);
  return { lookup: createRegistryLookup({ pool, s3, buckets: { raw: config.S3_RAW_BUCKET, processed: config.S3_PROCESSED_BUCKET } }), close: async () => s3.destroy() };
}

function formatVerdict(who: string, campaign: { channel: string; brand: string | null; dialMode: string }, v: Verdict): string {
  const lines = [
    `check ${who} at ${v.at}: ${campaign.channel}${campaign.brand ? ` brand ${campaign.brand}` : ''}, ${campaign.dialMode} dialling; rules ${v.rules.version} (sha256 ${v.rules.sha256.slice(0, 12)}…)`,
    `reported: ${v.reported}${v.nextEligibleAt ? `   next eligible ${v.nextEligibleAt}` : ''}`,
  ];
  for (const t of v.tags) {
    lines.push(`  ${t.tag.padEnd(23)} ${t.blocks ? 'blocks ' : 'exempts'}  ${t.reason}`);
    if (t.basis !== null && t.basis !== undefined) lines.push(`  ${''.padEnd(23)}          basis: ${JSON.stringify(t.basis)}`);
  }
  if (v.callable) lines.push('  CALLABLE: no blocking tag');
  const j = v.jurisdiction;
  if (j) lines.push(`jurisdiction: states ${j.states.join(', ') || '(none)'}; zones ${j.zoneBasis}; window ${j.window.start}-${j.window.end} (${j.windowBasis.join(', ')}); cap ${j.cap.attempts} per ${j.cap.windowHours} h (${j.cap.basis})`);
  return lines.join('\n');
}
