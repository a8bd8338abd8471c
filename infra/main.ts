// Entry point of `npm run infra:synth`: synthesizes one Terraform stack per environment into infra/cdktf.out, offline.
import * as path from 'node:path';
import { App } from 'cdktn';
import { ENVIRONMENT_NAMES, type EnvironmentName, isEnvironmentName, loadInfraConfig, TERRAFORM_TARGET_VERSIONS } from './config';
import { ContactsStack, stackName } from './contacts-stack';

/** INFRA_ENV=dev|prod (comma-separated allowed) selects environments; unset means all of them. */
export function selectedEnvironments(value: string | undefined): EnvironmentName[] {
  if (!value) return [...ENVIRONMENT_NAMES];
  return value.split(',').map((raw) => {
    const name = raw.trim();
    if (!isEnvironmentName(name)) throw new Error(`INFRA_ENV must be one of ${ENVIRONMENT_NAMES.join(', ')} (got ${JSON.stringify(name)})`);
    return name;
  });
}

/** Builds the app; the cdktn CLI passes its output directory in CDKTF_OUTDIR, otherwise infra/cdktf.out. */
export function buildApp(env: NodeJS.ProcessEnv, outdir = env.CDKTF_OUTDIR || path.join(__dirname, 'cdktf.out')): { app: App; stacks: string[] } {
  const app = new App({ outdir, stackTraces: false, context: { targetVersions: TERRAFORM_TARGET_VERSIONS } });
  const stacks = selectedEnvironments(env.INFRA_ENV).map((environment) => {
    const config = loadInfraConfig(environment, env);
    new ContactsStack(app, config);
    return stackName(config);
  });
  return { app, stacks };
}

function main(): void {
  const { app, stacks } = buildApp(process.env);
  app.synth();
  for (const stack of stacks) console.log(`synthesized ${stack} -> ${path.join(app.outdir, 'stacks', stack, 'cdk.tf.json')}`);
}

if (require.main === module) main();
