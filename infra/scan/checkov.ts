// Runs the pinned checkov (from PyPI, in the project's .venv) on synthesized stacks and names its findings by our Terraform addresses.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StackContext } from '../../stack/context';
import { runCommand, tail } from '../../stack/processes';
import { ensureVenvTool } from '../../stack/python-venv';

/** The version the accepted findings were reviewed against: another version has other checks. */
export const CHECKOV_VERSION = '3.3.30';
/** One checkov run over both stacks takes about 10 s; this bounds a hang. */
const SCAN_TIMEOUT_MS = 300_000;

/**
 * checkov on PATH or in `.venv/checkov` at exactly CHECKOV_VERSION, else `pip install checkov==CHECKOV_VERSION` there:
 * a venv of its own, because checkov pins boto3/botocore versions that would break the other tools in `.venv`.
 */
export function ensureCheckov(ctx: StackContext): Promise<string> {
  return ensureVenvTool(ctx, { binary: 'checkov', pipPackage: `checkov==${CHECKOV_VERSION}`, version: CHECKOV_VERSION, part: 'checkov', ownVenv: 'checkov' });
}

/** A synthesized stack's Terraform JSON, as cdktn writes it to cdk.tf.json. */
export interface StackDocument {
  /** e.g. `contacts-dev`. */
  readonly name: string;
  readonly json: { readonly terraform?: Record<string, unknown>; readonly resource?: Record<string, Record<string, unknown>> };
}

export interface Finding {
  readonly stack: string;
  /** e.g. `CKV_AWS_18`. */
  readonly check: string;
  readonly title: string;
  /** `type.name`, the construct path without the hash cdktn appends, e.g. `aws_s3_bucket.storage_raw_bucket`. */
  readonly address: string;
}

/** A check result on one resource. */
export type CheckResult = Finding;

export interface StackScan {
  readonly stack: string;
  readonly passed: CheckResult[];
  readonly failed: CheckResult[];
}

export class CheckovError extends Error {
  override name = 'CheckovError';
}

interface CheckovCheck {
  check_id: string;
  check_name: string;
  file_path: string;
  resource: string;
}

interface CheckovReport {
  results: { passed_checks: CheckovCheck[]; failed_checks: CheckovCheck[]; parsing_errors: string[] };
}

/**
 * checkov 3.3.30's terraform_json parser crashes on the `terraform.required_version` string (an open upstream bug)
 * and then reports the file as a parsing error with zero checks; the copy it scans leaves out that one key.
 */
export function scannableCopy(json: StackDocument['json']): StackDocument['json'] {
  const { required_version: _omitted, ...terraform } = json.terraform ?? {};
  return { ...json, terraform };
}

/** Scans every stack in one checkov run (each from a copy in a temp dir) and returns per-stack counts and failures. */
export async function scanStacks(checkov: string, stacks: readonly StackDocument[]): Promise<StackScan[]> {
  const dir = mkdtempSync(join(tmpdir(), 'contacts-checkov-'));
  try {
    for (const stack of stacks) {
      mkdirSync(join(dir, stack.name));
      writeFileSync(join(dir, stack.name, 'cdk.tf.json'), JSON.stringify(scannableCopy(stack.json)));
    }
    // --soft-fail: exit 0 with failed checks, so a non-zero exit means checkov itself failed.
    const args = ['--directory', dir, '--framework', 'terraform_json', '--output', 'json', '--compact', '--soft-fail', '--skip-download'];
    const run = await runCommand(checkov, args, { timeoutMs: SCAN_TIMEOUT_MS });
    if (run.code !== 0) throw new CheckovError(`checkov exited ${run.code}: ${tail(run.stderr || run.stdout)}`);
    let report: CheckovReport;
    try {
      report = JSON.parse(run.stdout) as CheckovReport;
    } catch {
      throw new CheckovError(`checkov printed no JSON report: ${tail(run.stdout || run.stderr)}`);
    }
    if (report.results.parsing_errors.length > 0) throw new CheckovError(`checkov could not parse ${report.results.parsing_errors.join(', ')}`);
    return stacks.map((stack) => {
      const mine = (checks: CheckovCheck[]): CheckResult[] =>
        checks
          .filter((c) => c.file_path === `/${stack.name}/cdk.tf.json`)
          .map((c) => ({ stack: stack.name, check: c.check_id, title: c.check_name, address: addressOf(stack, c.resource) }));
      const passed = mine(report.results.passed_checks);
      if (passed.length === 0) throw new CheckovError(`checkov ran no check on ${stack.name}`);
      return { stack: stack.name, passed, failed: mine(report.results.failed_checks) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * checkov names a resource `aws_s3_bucket.<key>` in graph checks and `resource.<key>` in the others; the key is
 * unique in a stack, so its type is looked up. cdktn's 8-hex-digit hash suffix is dropped to keep names reviewable.
 * Anything else (a provider block, `provider.aws`) keeps checkov's name.
 */
function addressOf(stack: StackDocument, checkovResource: string): string {
  const key = checkovResource.slice(checkovResource.indexOf('.') + 1);
  const type = Object.keys(stack.json.resource ?? {}).find((t) => key in (stack.json.resource?.[t] ?? {}));
  return type ? `${type}.${key.replace(/_[0-9A-F]{8}$/, '')}` : checkovResource;
}
