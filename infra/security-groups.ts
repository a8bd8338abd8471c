// Who may talk to whom: Aurora and Redis admit only the worker and dashboard security groups, never a CIDR; the
// dashboard tasks admit only their load balancer, which admits the configured private ranges on 443 (and 80, which
// only redirects).
import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktn/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktn/provider-aws/lib/vpc-security-group-ingress-rule';
import { type InfraConfig } from './config';

export const MYSQL_PORT = 3306;
export const REDIS_PORT = 6379;
const HTTPS_PORT = 443;
const HTTP_PORT = 80;

export interface SecurityGroupsProps {
  readonly config: InfraConfig;
  readonly vpcId: string;
}

/** Port of a host:port address; the Temporal frontend's port for the egress rule. */
function portOf(address: string): number {
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`temporal.address must be host:port (got ${address})`);
  return port;
}

export class SecurityGroups extends Construct {
  readonly worker: SecurityGroup;
  readonly dashboard: SecurityGroup;
  readonly dashboardLoadBalancer: SecurityGroup;
  readonly database: SecurityGroup;
  readonly cache: SecurityGroup;

  constructor(scope: Construct, id: string, props: SecurityGroupsProps) {
    super(scope, id);
    const { config, vpcId } = props;
    const group = (key: string, description: string) =>
      new SecurityGroup(this, key, {
        name: `${config.namePrefix}-${key}`,
        description,
        vpcId,
        revokeRulesOnDelete: true,
        tags: { Name: `${config.namePrefix}-${key}` },
      });

    this.worker = group('worker', 'Temporal worker tasks');
    this.dashboard = group('dashboard', 'Dashboard tasks: admits its load balancer only');
    this.dashboardLoadBalancer = group('dashboard-lb', 'Dashboard load balancer: HTTPS from the private ranges');
    this.database = group('database', 'Aurora MySQL: admits the worker and dashboard only');
    this.cache = group('cache', 'ElastiCache Redis: admits the worker and dashboard only');

    const temporalPort = portOf(config.temporal.address);
    for (const [key, app] of [['worker', this.worker], ['dashboard', this.dashboard]] as const) {
      new VpcSecurityGroupIngressRule(this, `database-from-${key}`, {
        securityGroupId: this.database.id,
        referencedSecurityGroupId: app.id,
        ipProtocol: 'tcp',
        fromPort: MYSQL_PORT,
        toPort: MYSQL_PORT,
        description: `MySQL from ${key}`,
      });
      new VpcSecurityGroupIngressRule(this, `cache-from-${key}`, {
        securityGroupId: this.cache.id,
        referencedSecurityGroupId: app.id,
        ipProtocol: 'tcp',
        fromPort: REDIS_PORT,
        toPort: REDIS_PORT,
        description: `Redis from ${key}`,
      });
      new VpcSecurityGroupEgressRule(this, `${key}-to-database`, {
        securityGroupId: app.id,
        referencedSecurityGroupId: this.database.id,
        ipProtocol: 'tcp',
        fromPort: MYSQL_PORT,
        toPort: MYSQL_PORT,
        description: 'MySQL to Aurora',
      });
      new VpcSecurityGroupEgressRule(this, `${key}-to-cache`, {
        securityGroupId: app.id,
        referencedSecurityGroupId: this.cache.id,
        ipProtocol: 'tcp',
        fromPort: REDIS_PORT,
        toPort: REDIS_PORT,
        description: 'Redis to ElastiCache',
      });
      // AWS APIs (S3 via the gateway endpoint, ECR, Secrets Manager, CloudWatch) are HTTPS only.
      new VpcSecurityGroupEgressRule(this, `${key}-to-aws-apis`, {
        securityGroupId: app.id,
        cidrIpv4: '0.0.0.0/0',
        ipProtocol: 'tcp',
        fromPort: HTTPS_PORT,
        toPort: HTTPS_PORT,
        description: 'HTTPS to AWS APIs',
      });
      config.temporal.frontendCidrs.forEach((cidr, i) => {
        new VpcSecurityGroupEgressRule(this, `${key}-to-temporal-${i}`, {
          securityGroupId: app.id,
          cidrIpv4: cidr,
          ipProtocol: 'tcp',
          fromPort: temporalPort,
          toPort: temporalPort,
          description: 'gRPC to the Temporal frontend',
        });
      });
    }

    const dashboardPort = config.compute.dashboard.port;
    config.network.dashboardIngressCidrs.forEach((cidr, i) => {
      for (const [port, what] of [[HTTPS_PORT, 'HTTPS'], [HTTP_PORT, 'HTTP (redirected to HTTPS)']] as const) {
        new VpcSecurityGroupIngressRule(this, `dashboard-lb-${port}-from-cidr-${i}`, {
          securityGroupId: this.dashboardLoadBalancer.id,
          cidrIpv4: cidr,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          description: `Dashboard ${what} from the private network`,
        });
      }
    });
    new VpcSecurityGroupEgressRule(this, 'dashboard-lb-to-tasks', {
      securityGroupId: this.dashboardLoadBalancer.id,
      referencedSecurityGroupId: this.dashboard.id,
      ipProtocol: 'tcp',
      fromPort: dashboardPort,
      toPort: dashboardPort,
      description: 'HTTP to the dashboard tasks (requests and health checks)',
    });
    // authenticate-oidc: the load balancer itself calls the provider's token and user-info endpoints.
    new VpcSecurityGroupEgressRule(this, 'dashboard-lb-to-oidc-provider', {
      securityGroupId: this.dashboardLoadBalancer.id,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: 'tcp',
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      description: 'HTTPS to the OIDC provider (token and user-info endpoints)',
    });
    new VpcSecurityGroupIngressRule(this, 'dashboard-from-lb', {
      securityGroupId: this.dashboard.id,
      referencedSecurityGroupId: this.dashboardLoadBalancer.id,
      ipProtocol: 'tcp',
      fromPort: dashboardPort,
      toPort: dashboardPort,
      description: 'Dashboard HTTP from its load balancer only',
    });
  }
}
