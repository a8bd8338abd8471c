// Flattens every security-group rule form Terraform accepts into one shape, so tests can ask "is port X open to the world?".
import { asList, type TerraformJson } from './synthesized-stack';

export interface FlatRule {
  readonly source: string;
  readonly direction: 'ingress' | 'egress';
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrs: string[];
  readonly referencedSecurityGroup?: string;
  readonly securityGroup?: string;
}

const WORLD = ['0.0.0.0/0', '::/0'];

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** All-protocol rules (-1) cover every port. */
function normalize(rule: Omit<FlatRule, 'fromPort' | 'toPort'> & { fromPort: unknown; toPort: unknown }): FlatRule {
  const all = rule.protocol === '-1' || rule.protocol === 'all';
  return { ...rule, fromPort: all ? 0 : num(rule.fromPort, 0), toPort: all ? 65535 : num(rule.toPort, 65535) };
}

export function flattenSecurityGroupRules(tf: TerraformJson): FlatRule[] {
  const rules: FlatRule[] = [];
  for (const [key, sg] of Object.entries(tf.resource.aws_security_group ?? {})) {
    for (const direction of ['ingress', 'egress'] as const) {
      for (const inline of asList(sg[direction]) as Record<string, unknown>[]) {
        rules.push(normalize({
          source: `aws_security_group.${key}.${direction}`,
          direction,
          protocol: String(inline.protocol),
          fromPort: inline.from_port,
          toPort: inline.to_port,
          cidrs: [...asList(inline.cidr_blocks), ...asList(inline.ipv6_cidr_blocks)].map(String),
        }));
      }
    }
  }
  for (const [key, rule] of Object.entries(tf.resource.aws_security_group_rule ?? {})) {
    rules.push(normalize({
      source: `aws_security_group_rule.${key}`,
      direction: rule.type === 'egress' ? 'egress' : 'ingress',
      protocol: String(rule.protocol),
      fromPort: rule.from_port,
      toPort: rule.to_port,
      cidrs: [...asList(rule.cidr_blocks), ...asList(rule.ipv6_cidr_blocks)].map(String),
      securityGroup: String(rule.security_group_id),
      referencedSecurityGroup: rule.source_security_group_id === undefined ? undefined : String(rule.source_security_group_id),
    }));
  }
  for (const direction of ['ingress', 'egress'] as const) {
    for (const [key, rule] of Object.entries(tf.resource[`aws_vpc_security_group_${direction}_rule`] ?? {})) {
      rules.push(normalize({
        source: `aws_vpc_security_group_${direction}_rule.${key}`,
        direction,
        protocol: String(rule.ip_protocol),
        fromPort: rule.from_port,
        toPort: rule.to_port,
        cidrs: [...asList(rule.cidr_ipv4), ...asList(rule.cidr_ipv6)].map(String),
        securityGroup: String(rule.security_group_id),
        referencedSecurityGroup: rule.referenced_security_group_id === undefined ? undefined : String(rule.referenced_security_group_id),
      }));
    }
  }
  return rules;
}

function coversPort(rule: FlatRule, port: number): boolean {
  return rule.fromPort <= port && port <= rule.toPort;
}

/** Rules that open any of `ports` to 0.0.0.0/0 or ::/0, in either direction. */
export function worldOpenRules(tf: TerraformJson, ports: readonly number[]): FlatRule[] {
  return flattenSecurityGroupRules(tf).filter(
    (rule) => rule.cidrs.some((cidr) => WORLD.includes(cidr)) && ports.some((port) => coversPort(rule, port)),
  );
}
