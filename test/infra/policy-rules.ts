// The least-privilege rules every synthesized policy document must obey, as a pure checker that tests can also feed bad input.
import { asList, parseJsonAttr, type SynthesizedStack } from './synthesized-stack';

export interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface Document {
  Version: string;
  Statement: Statement[];
}

export interface SourcedDocument {
  /** `type.key.attr` of the resource the document came from. */
  readonly source: string;
  readonly document: Document;
  /** A KMS key policy, where `Resource: "*"` means the key itself. */
  readonly keyPolicy: boolean;
}

/** Services holding or guarding the contact data: wildcards are never acceptable on them. */
const DATA_SERVICES = ['s3', 'rds', 'rds-db', 'elasticache', 'dynamodb', 'secretsmanager', 'glue', 'kms'] as const;

const POLICY_ATTRS = ['policy', 'assume_role_policy'] as const;

/** Every policy document in the stack: role trust and inline policies, bucket, endpoint and topic policies. */
export function allPolicyDocuments(stack: SynthesizedStack): SourcedDocument[] {
  const found: SourcedDocument[] = [];
  for (const type of Object.keys(stack.tf.resource)) {
    for (const resource of stack.resources(type)) {
      for (const attr of POLICY_ATTRS) {
        if (typeof resource.attrs[attr] === 'string') {
          found.push({ source: `${type}.${resource.key}.${attr}`, document: parseJsonAttr<Document>(resource, attr), keyPolicy: type === 'aws_kms_key' });
        }
      }
    }
  }
  return found;
}

export function strings(value: string | string[] | undefined): string[] {
  return asList(value).map(String);
}

function serviceOf(action: string): string {
  return action.split(':')[0]!.toLowerCase();
}

/**
 * Violations of the least-privilege rules in one document (empty when it complies). In a key policy `Resource: "*"`
 * is the key itself, so only its actions are checked.
 */
export function policyViolations(document: Document, options: { keyPolicy?: boolean } = {}): string[] {
  const problems: string[] = [];
  document.Statement.forEach((statement, i) => {
    const where = `statement ${statement.Sid ?? i}`;
    if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
      if (statement.Effect === 'Allow') problems.push(`${where}: Allow with NotAction/NotResource`);
    }
    if (statement.Effect !== 'Allow') return;
    const actions = strings(statement.Action);
    const resources = strings(statement.Resource);
    for (const action of actions) {
      if (action === '*') problems.push(`${where}: Action "*"`);
      const service = serviceOf(action);
      if ((DATA_SERVICES as readonly string[]).includes(service) && action.endsWith(':*')) {
        problems.push(`${where}: wildcard action ${action} on data service`);
      }
    }
    const touchesData = actions.some((a) => a === '*' || (DATA_SERVICES as readonly string[]).includes(serviceOf(a)));
    if (touchesData && resources.includes('*') && !options.keyPolicy) problems.push(`${where}: Resource "*" on data service actions ${actions.join(',')}`);
  });
  return problems;
}
