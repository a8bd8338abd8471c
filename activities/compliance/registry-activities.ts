// The registry load activity: registers a raw-zone file as a copy (once per checksum), loads it (number lists into
// per-area-code bitmap versions, CSV inputs into their tables) and records its counts. Idempotent: a loaded copy
// returns its stored counts; a retried load rewrites the same objects and keys.
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from '../deps';
import { keepAlive } from '../keep-alive';
import { CSV_KINDS, LIST_KINDS, RegistryInputError, finishCopy, registerCopy, type CopyKind, type RegisterCopyInput } from './copy-records';
import { loadCsvFile } from './csv-load';
import { loadListFile } from './list-load';

export type RegistryLoadInput = RegisterCopyInput;

export interface RegistryLoadResult {
  copyId: number;
  kind: CopyKind;
  state: string;
  /** true when this file had been loaded before (same kind, state and checksum): nothing was done again. */
  alreadyLoaded: boolean;
  linesRead: number;
  /** Numbers listed by the resulting copy (lists) or rows stored (CSV inputs). */
  numbers: number;
  malformed: number;
  areaCodes: number;
  seconds: number;
  numbersPerSec: number;
}

function previousCheckpoint(): unknown {
  try {
    return Context.current().info.heartbeatDetails;
  } catch {
    return undefined; // called outside an activity (a script or a test): nothing to resume
  }
}

export function validateLoadInput(input: RegistryLoadInput): void {
  if (![...LIST_KINDS, ...CSV_KINDS].includes(input.kind)) throw new RegistryInputError('kind', `must be one of ${[...LIST_KINDS, ...CSV_KINDS].join(', ')}`);
  if ((input.kind === 'state') !== /^[A-Z]{2}$/.test(input.state)) throw new RegistryInputError('state', input.kind === 'state' ? 'a state list needs its two-letter state' : 'only state lists have a state');
  if (!/^[0-9a-f]{64}$/.test(input.sha256)) throw new RegistryInputError('sha256', 'must be 64 hex digits');
  if (Number.isNaN(Date.parse(input.downloadedAt))) throw new RegistryInputError('downloadedAt', 'must be a time');
  if (Array.isArray(input.areaCodes) && input.areaCodes.some((c) => !/^[2-9]\d\d$/.test(c))) throw new RegistryInputError('areaCodes', 'must be 3-digit area codes');
}

export function createRegistryActivities(deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets' | 'defaultPhoneRegion'>) {
  return {
    async loadRegistryFile(input: RegistryLoadInput): Promise<RegistryLoadResult> {
      validateLoadInput(input);
      return keepAlive(async () => {
        const copy = await registerCopy(deps.pool, input);
        const base = { copyId: copy.id, kind: copy.kind, state: copy.state };
        if (copy.status === 'loaded') {
          return { ...base, alreadyLoaded: true, linesRead: copy.linesRead, numbers: copy.numbers, malformed: copy.malformed, areaCodes: copy.areaCodes?.length ?? 0, seconds: 0, numbersPerSec: 0 };
        }
        const t0 = performance.now();
        const isList = (LIST_KINDS as readonly string[]).includes(copy.kind);
        // A retried attempt resumes at the checkpoint the interrupted one sent as its heartbeat details.
        const outcome = isList ? await loadListFile(deps, copy, { resume: previousCheckpoint() }) : { ...(await loadCsvFile(deps, copy)), areaCodes: [] as string[] };
        const seconds = (performance.now() - t0) / 1000;
        await finishCopy(deps.pool, copy, { ...outcome, seconds });
        return {
          ...base, alreadyLoaded: false, linesRead: outcome.linesRead, numbers: outcome.numbers, malformed: outcome.malformed,
          areaCodes: outcome.areaCodes.length, seconds: Number(seconds.toFixed(3)), numbersPerSec: Math.round((outcome.linesRead - outcome.malformed) / Math.max(seconds, 0.001)),
        };
      });
    },
  };
}
