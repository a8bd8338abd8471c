// Who asked: every change a person starts from the CLI (merge, unmerge, review decision, opt-out, attempt) carries an
// actor into its workflow and the audit rows: `--actor`, else $CONTACTS_ACTOR, else `cli:<os user>`.
import { userInfo } from 'node:os';
import { UsageError } from './command';

const ACTOR = /^[\p{L}\p{N}._@:+-][\p{L}\p{N} ._@:+/-]{0,127}$/u;

/** The actor for a command; throws UsageError naming --actor (or CONTACTS_ACTOR) when the value is not a plain name. */
export function resolveActor(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const [value, source] = flag !== undefined ? [flag, '--actor'] : env.CONTACTS_ACTOR ? [env.CONTACTS_ACTOR, 'CONTACTS_ACTOR'] : [`cli:${osUser()}`, 'the OS user'];
  const trimmed = value.trim();
  if (!ACTOR.test(trimmed)) {
    throw new UsageError(`${source} must be 1-128 letters, digits, spaces or . _ @ : + / - (got ${JSON.stringify(value)})`);
  }
  return trimmed;
}

function osUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
