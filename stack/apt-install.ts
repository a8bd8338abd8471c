// Installs a Debian package (mariadb-server, redis-server) when its server binary is missing; one apt-get at a time.
import type { StackContext } from './context';
import { findExecutable, runCommand, tail } from './processes';

/** Thrown when apt-get cannot install the package; the caller names its part. */
export class AptInstallError extends Error {
  override name = 'AptInstallError';
}

let queue: Promise<unknown> = Promise.resolve();
let updated = false;

/** `apt-get update` (once per process) then `apt-get install -y <pkg>`, non-interactively. */
export function aptInstall(ctx: StackContext, part: string, pkg: string): Promise<void> {
  const run = queue.then(() => install(ctx, part, pkg));
  queue = run.catch(() => undefined);
  return run;
}

async function install(ctx: StackContext, part: string, pkg: string): Promise<void> {
  const aptGet = findExecutable('apt-get');
  if (!aptGet) throw new AptInstallError('apt-get is not available on this machine');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const sudo = typeof process.getuid === 'function' && process.getuid() !== 0 ? findExecutable('sudo') : undefined;
  const cmd = (args: string[]) => (sudo ? runCommand(sudo, ['-n', aptGet, ...args], { env }) : runCommand(aptGet, args, { env }));
  if (!updated) {
    ctx.progress(part, 'running apt-get update');
    const update = await cmd(['update']);
    if (update.code !== 0) throw new AptInstallError(`apt-get update failed: ${tail(update.stderr || update.stdout)}`);
    updated = true;
  }
  ctx.progress(part, 'installing Debian package', { package: pkg });
  // Another apt-get (another project's setup) may hold the dpkg lock for a while: wait for it instead of failing.
  const result = await cmd(['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', pkg]);
  if (result.code !== 0) throw new AptInstallError(`apt-get install ${pkg} failed: ${tail(result.stderr || result.stdout)}`);
}
