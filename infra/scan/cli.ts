// Entry point of `npm run infra:scan`: synthesizes both stacks, scans them with the pinned checkov and holds the findings against the reviewed list.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/env';
import { createContext } from '../../stack/context';
import { ENVIRONMENT_NAMES, loadInfraConfig } from '../config';
import { stackName } from '../contacts-stack';
import { buildApp } from '../main';
import { ACCEPTED_FINDINGS } from './accepted-findings';
import { CHECKOV_VERSION, ensureCheckov, scanStacks, type StackDocument } from './checkov';
import { formatReview, reviewFindings } from './review';

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    console.log(`Usage: npm run infra:scan\n\nSynthesizes contacts-dev and contacts-prod, scans them with checkov ${CHECKOV_VERSION} (installed into .venv from PyPI\nwhen missing) and fails on any failed check not in infra/scan/accepted-findings.ts, or any accepted one that no longer fails.`);
    return 0;
  }
  const outdir = mkdtempSync(join(tmpdir(), 'contacts-scan-synth-'));
  try {
    const { app } = buildApp({}, outdir);
    app.synth();
    const environments = ENVIRONMENT_NAMES.map((environment) => {
      const name = stackName(loadInfraConfig(environment));
      const json = JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as StackDocument['json'];
      return { environment, document: { name, json } };
    });
    const checkov = await ensureCheckov(createContext(loadConfig()));
    const scans = await scanStacks(checkov, environments.map((e) => e.document));
    const review = reviewFindings(scans.map((scan, i) => ({ environment: environments[i]!.environment, scan })), ACCEPTED_FINDINGS);
    for (const line of formatReview(review, CHECKOV_VERSION)) console.log(line);
    const clean = review.stale.length === 0 && review.scans.every((s) => s.unreviewed.length === 0);
    console.log(clean ? 'infra:scan: no unreviewed finding' : 'infra:scan: FAILED (see above)');
    return clean ? 0 : 1;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`infra:scan failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
