// `registry load | list | generate`: loads a registry or compliance input file through RegistryLoadWorkflow (from
// the raw zone, once per checksum), lists the copies, and writes realistic registry files for tests and benchmarks.
import type { RowDataPacket } from 'mysql2';
import { loadConfig } from '../../config/env';
import { RAW_KEYS, WORKFLOW_IDS, WORKFLOW_TYPES } from '../../config/constants';
import { COPY_KINDS } from '../../activities/compliance/copy-records';
import type { RegistryLoadResult } from '../../activities/compliance/registry-activities';
import type { RegistryLoadWorkflowInput } from '../../workflows/registry-load';
import { writeRegistryFile } from '../../generator/registry-file';
import { createDbPool, createS3 } from '../../workers/clients';
import { resolveActor } from '../actor';
import { type Command, UsageError, numberFlag, parseCommandArgs } from '../command';
import { enumFlag, timeFlag } from '../compliance-args';
import { sha256OfFile, uploadFile } from '../raw-upload';
import { startWrite } from '../start-write';

const usage = `Usage: npm run cli -- registry load --kind KIND --file F [--state S] [--downloaded-at TIME] [--area-codes LIST] [--actor A] [--json]
       npm run cli -- registry list [--json]
       npm run cli -- registry generate --kind federal|state|litigator|wireless|federal-additions|federal-deletions
                                        --numbers N --out F [--area-codes LIST] [--seed S] [--format 10-digit|npa-comma] [--malformed K]

load      uploads F to the raw zone (key = its sha256) and loads it through RegistryLoadWorkflow; the same file
          again is recognised and not loaded twice. KIND: ${COPY_KINDS.join(', ')}.
          Number lists: one 10-digit number a line, or NPA,NNNNNNN. federal-additions / federal-deletions are the
          daily change lists. CSV inputs have a header row:
            suppression   phone,email,channel,scope,scope_value,method,received_at,source,evidence[,kind]  (channel defaults to ALL)
            transactions  phone,email,brand,occurred_at,reference       inquiries: the same
            consents      phone,email,brand,granted_at,revoked_at,evidence
            attempts      phone,attempted_at,channel,campaign,brand,outcome
          Malformed lines are counted and stored with their line numbers (registry_load_errors); they never stop a load.
  --state S             the state of a state list (required for --kind state)
  --downloaded-at TIME  when the copy was downloaded (default now): the registry's freshness clock starts here
  --area-codes LIST     area codes the copy covers (comma-separated), beyond those in the file; for a change list,
                        "subscribed" = every area code of the current federal copy (their date moves to this list's)
list      the copies with their dates, counts and malformed lines
generate  writes a realistic file of N numbers (sorted by area code, dialable exchanges only); --malformed K mixes
          in K bad lines and prints their line numbers`;

export const registryCommand: Command = {
  name: 'registry',
  summary: 'load registry copies and compliance inputs (DNC lists, opt-outs, EBR, consents, attempts), list, generate',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      kind: { type: 'string' }, file: { type: 'string' }, state: { type: 'string' }, 'downloaded-at': { type: 'string' }, 'area-codes': { type: 'string' },
      actor: { type: 'string' }, json: { type: 'boolean' }, numbers: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' },
      format: { type: 'string' }, malformed: { type: 'string' },
    });
    const verb = positionals[0];
    const areaCodes = (values['area-codes'] as string | undefined)?.split(',').map((c) => c.trim()).filter(Boolean);
    if (verb === 'generate') {
      if (!values.out) throw new UsageError('--out is required');
      const r = await writeRegistryFile({
        out: String(values.out), numbers: numberFlag(values.numbers as string | undefined, 'numbers', 100_000, 1, 2_000_000_000), areaCodes, seed: numberFlag(values.seed as string | undefined, 'seed', 1),
        format: enumFlag(values.format as string | undefined, '--format', ['10-digit', 'npa-comma'] as const, '10-digit'), malformed: numberFlag(values.malformed as string | undefined, 'malformed', 0),
      });
      console.log(values.json ? JSON.stringify(r) : `registry generate: ${r.numbers.toLocaleString('en-US')} numbers over ${r.areaCodes.length} area codes, ${r.lines} lines, malformed at lines ${r.malformedLines.slice(0, 20).join(', ') || '(none)'} → ${String(values.out)}`);
      return 0;
    }
    const config = loadConfig();
    if (verb === 'list') return listCopies(config, Boolean(values.json));
    if (verb !== 'load') throw new UsageError(`expected "load", "list" or "generate" (got ${JSON.stringify(verb ?? '')})`);
    const kind = enumFlag(values.kind as string | undefined, '--kind', COPY_KINDS, 'federal');
    if (!values.kind) throw new UsageError('--kind is required');
    if (!values.file) throw new UsageError('--file is required');
    const state = ((values.state as string | undefined) ?? '').toUpperCase();
    if (kind === 'state' && !/^[A-Z]{2}$/.test(state)) throw new UsageError('--state XX is required for a state list');
    if (kind !== 'state' && state) throw new UsageError('--state is only for --kind state');
    if (areaCodes?.some((c) => c !== 'subscribed' && !/^[2-9]\d\d$/.test(c))) throw new UsageError(`--area-codes must be 3-digit area codes or "subscribed" (got ${JSON.stringify(values['area-codes'])})`);
    const file = String(values.file);
    const s3 = createS3(config);
    try {
      const sha256 = await sha256OfFile(file).catch((err: Error) => {
        throw new UsageError(`--file ${JSON.stringify(file)} cannot be read: ${err.message}`);
      });
      const rawKey = RAW_KEYS.registryFile(kind, state, sha256);
      const up = await uploadFile(s3, config.S3_RAW_BUCKET, rawKey, file);
      console.error(`registry load: ${up.uploaded ? 'uploaded' : 'already in the raw zone:'} s3://${config.S3_RAW_BUCKET}/${rawKey} (${up.bytes.toLocaleString('en-US')} bytes); loading...`);
      const input: RegistryLoadWorkflowInput = {
        kind, state, sha256, rawKey, downloadedAt: new Date(timeFlag(values['downloaded-at'] as string | undefined, '--downloaded-at')).toISOString(),
        areaCodes: areaCodes?.includes('subscribed') ? 'subscribed' : areaCodes ?? null, actor: resolveActor(values.actor as string | undefined),
      };
      const r = await startWrite<RegistryLoadResult>(config, WORKFLOW_TYPES.registryLoad, WORKFLOW_IDS.registryLoad(kind, state, sha256), input, (l) => console.error(l));
      if (values.json) console.log(JSON.stringify(r));
      else console.log(`registry load: copy ${r.copyId} (${kind}${state ? ` ${state}` : ''}) ${r.alreadyLoaded ? 'was already loaded' : `loaded in ${r.seconds}s, ${r.numbersPerSec.toLocaleString('en-US')} lines/s`}: ${r.linesRead.toLocaleString('en-US')} lines, ${r.numbers.toLocaleString('en-US')} numbers/rows, ${r.malformed} malformed (see registry_load_errors), ${r.areaCodes} area codes`);
      return 0;
    } finally {
      s3.destroy();
    }
  },
};

async function listCopies(config: ReturnType<typeof loadConfig>, json: boolean): Promise<number> {
  const pool = createDbPool(config, { connectionLimit: 1 });
  try {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT id, kind, state, downloaded_at, status, lines_read, numbers, malformed, superseded_at, LEFT(sha256, 12) AS sha FROM registry_copies ORDER BY id');
    if (json) console.log(JSON.stringify(rows));
    else for (const r of rows) console.log(`${String(r.id).padStart(5)} ${String(r.kind).padEnd(18)} ${String(r.state || '').padEnd(2)} as of ${r.downloaded_at}  ${r.status.padEnd(7)} ${Number(r.numbers).toLocaleString('en-US').padStart(12)} numbers ${String(r.malformed).padStart(6)} malformed  sha256 ${r.sha}…${r.superseded_at ? `  superseded ${r.superseded_at}` : ''}`);
    return 0;
  } finally {
    await pool.end();
  }
}
