// How people reach the dashboard: an internal application load balancer whose HTTPS listener signs them in with the
// organisation's OIDC provider (authenticate-oidc) before forwarding to the dashboard tasks, which verify the claims
// the load balancer signs (dashboard/auth/alb-oidc.ts). HTTP only redirects to HTTPS; access logs go to the log bucket.
// The provider's issuer, endpoints, client id and client secret come from a Secrets Manager secret the operator
// creates (never from the repository); the certificate ARN is a variable.
import { Construct } from 'constructs';
import { Fn, type ITerraformDependable, TerraformVariable } from 'cdktn';
import { DataAwsSecretsmanagerSecretVersion } from '@cdktn/provider-aws/lib/data-aws-secretsmanager-secret-version';
import { Lb } from '@cdktn/provider-aws/lib/lb';
import { LbListener } from '@cdktn/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktn/provider-aws/lib/lb-target-group';
import { type InfraConfig } from './config';

/** Access logs of the dashboard's load balancer land under this prefix of the log bucket. */
export const DASHBOARD_LB_LOG_PREFIX = 'alb/dashboard';
/**
 * TLS 1.3 and 1.2 with forward-secret AEAD ciphers only: the current ELB policy AWS recommends for HTTPS listeners
 * (no TLS 1.0/1.1, no CBC suites).
 */
export const DASHBOARD_TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06';
/** The keys the OIDC secret's JSON value must have (docs/infra.md, "Dashboard sign-in"). */
export const OIDC_SECRET_KEYS = ['issuer', 'authorization_endpoint', 'token_endpoint', 'user_info_endpoint', 'client_id', 'client_secret'] as const;

export interface DashboardLoadBalancerProps {
  readonly config: InfraConfig;
  readonly vpcId: string;
  /** The private subnets: the load balancer is internal, reached over the VPN / private network only. */
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  /** The log bucket's name (SSE-S3: load balancer access logs cannot be written with SSE-KMS). */
  readonly logBucketName: string;
  /** The log bucket's policy must exist before the load balancer tests its write access. */
  readonly logBucketPolicy: ITerraformDependable;
}

export class DashboardLoadBalancer extends Construct {
  readonly loadBalancer: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly https: LbListener;
  readonly http: LbListener;
  readonly certificateArn: TerraformVariable;
  readonly oidcSecretId: TerraformVariable;

  constructor(scope: Construct, id: string, props: DashboardLoadBalancerProps) {
    super(scope, id);
    const { config } = props;
    const name = `${config.namePrefix}-dashboard`;
    const lb = config.compute.dashboard.loadBalancer;

    this.certificateArn = new TerraformVariable(this, 'certificate-arn', {
      type: 'string',
      nullable: false,
      description: "ACM certificate ARN for the dashboard's HTTPS listener (the name people use to reach it)",
    });
    this.certificateArn.overrideLogicalId('dashboard_certificate_arn');
    this.oidcSecretId = new TerraformVariable(this, 'oidc-secret-id', {
      type: 'string',
      default: `${config.namePrefix}/dashboard-oidc`,
      description: `Secrets Manager secret (name or ARN) whose JSON value holds the dashboard's OIDC provider: ${OIDC_SECRET_KEYS.join(', ')}`,
    });
    this.oidcSecretId.overrideLogicalId('dashboard_oidc_secret_id');
    // Read at plan time with the deployer's credentials; the values reach the listener (and so the state, which is
    // encrypted in its S3 backend), never the repository.
    const oidcSecret = new DataAwsSecretsmanagerSecretVersion(this, 'oidc', { secretId: this.oidcSecretId.stringValue });
    const oidc = Fn.jsondecode(oidcSecret.secretString);
    const field = (key: (typeof OIDC_SECRET_KEYS)[number]) => Fn.lookup(oidc, key) as string;

    this.loadBalancer = new Lb(this, 'lb', {
      name,
      internal: true,
      loadBalancerType: 'application',
      subnets: props.subnetIds,
      securityGroups: [props.securityGroupId],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'strictest',
      enableDeletionProtection: lb.deletionProtection,
      // The streamed CSV export writes continuously; a stalled client is cut after this.
      idleTimeout: lb.idleTimeoutSeconds,
      accessLogs: { bucket: props.logBucketName, prefix: DASHBOARD_LB_LOG_PREFIX, enabled: true },
      dependsOn: [props.logBucketPolicy],
    });

    this.targetGroup = new LbTargetGroup(this, 'targets', {
      name,
      targetType: 'ip',
      vpcId: props.vpcId,
      port: config.compute.dashboard.port,
      protocol: 'HTTP',
      deregistrationDelay: '30',
      // /health answers 200 while the database is reachable (also when Redis is down: degraded, still serving) and
      // 503 when it is not; the load balancer calls it without signing in (the route is public).
      healthCheck: { enabled: true, path: '/health', matcher: '200', interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
    });

    this.https = new LbListener(this, 'https', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: DASHBOARD_TLS_POLICY,
      certificateArn: this.certificateArn.stringValue,
      defaultAction: [
        {
          type: 'authenticate-oidc',
          order: 1,
          authenticateOidc: {
            issuer: field('issuer'),
            authorizationEndpoint: field('authorization_endpoint'),
            tokenEndpoint: field('token_endpoint'),
            userInfoEndpoint: field('user_info_endpoint'),
            clientId: field('client_id'),
            clientSecret: field('client_secret'),
            onUnauthenticatedRequest: 'authenticate',
            scope: 'openid email profile',
            sessionCookieName: `${name}-session`,
            sessionTimeout: lb.sessionTimeoutSeconds,
          },
        },
        { type: 'forward', order: 2, targetGroupArn: this.targetGroup.arn },
      ],
    });

    this.http = new LbListener(this, 'http', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [{ type: 'redirect', redirect: { port: '443', protocol: 'HTTPS', statusCode: 'HTTP_301' } }],
    });
  }
}
