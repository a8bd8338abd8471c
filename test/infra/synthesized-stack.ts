// Synthesizes one environment's stack offline and gives tests typed lookups into its Terraform JSON (synth once per test file).
import { Testing } from 'cdktn';
import { type EnvironmentName, type InfraConfig, loadInfraConfig, TERRAFORM_TARGET_VERSIONS } from '../../infra/config';
import { ContactsStack } from '../../infra/contacts-stack';

export type TerraformBlock = Record<string, unknown>;
export interface TerraformJson {
  readonly resource: Record<string, Record<string, TerraformBlock>>;
  readonly data?: Record<string, Record<string, TerraformBlock>>;
  readonly provider?: Record<string, TerraformBlock[]>;
  readonly terraform: { readonly backend?: Record<string, TerraformBlock> };
}

export interface Resource {
  readonly type: string;
  readonly key: string;
  readonly attrs: TerraformBlock;
}

export interface SynthesizedStack {
  readonly config: InfraConfig;
  /** The JSON string, as cdktn's Testing matchers take it. */
  readonly json: string;
  readonly tf: TerraformJson;
  resources(type: string): Resource[];
  /** The single resource of a type; throws if there is not exactly one. */
  only(type: string): Resource;
  /** The Terraform expression another resource uses to refer to `resource.attr`. */
  ref(resource: Resource, attr: string): string;
}

export function synthEnvironment(environment: EnvironmentName, env: NodeJS.ProcessEnv = {}): SynthesizedStack {
  const config = loadInfraConfig(environment, env);
  const stack = new ContactsStack(Testing.app({ context: { targetVersions: TERRAFORM_TARGET_VERSIONS } }), config);
  const json = Testing.synth(stack, true);
  const tf = JSON.parse(json) as TerraformJson;
  const resources = (type: string): Resource[] =>
    Object.entries(tf.resource[type] ?? {}).map(([key, attrs]) => ({ type, key, attrs }));
  return {
    config,
    json,
    tf,
    resources,
    only(type) {
      const found = resources(type);
      if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
      return found[0]!;
    },
    ref: (resource, attr) => `\${${resource.type}.${resource.key}.${attr}}`,
  };
}

/** Terraform renders single values and lists alike in places; tests compare lists. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function parseJsonAttr<T>(resource: Resource, attr: string): T {
  const value = resource.attrs[attr];
  if (typeof value !== 'string') throw new Error(`${resource.type}.${resource.key}.${attr} is not a JSON string`);
  return JSON.parse(value) as T;
}
