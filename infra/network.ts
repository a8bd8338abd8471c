// The private network: services, Aurora and Redis live only in private subnets; public subnets exist solely for NAT egress; flow logs record it all.
import { Construct } from 'constructs';
import { DefaultSecurityGroup } from '@cdktn/provider-aws/lib/default-security-group';
import { Eip } from '@cdktn/provider-aws/lib/eip';
import { InternetGateway } from '@cdktn/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktn/provider-aws/lib/nat-gateway';
import { Route } from '@cdktn/provider-aws/lib/route';
import { RouteTable } from '@cdktn/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktn/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktn/provider-aws/lib/subnet';
import { Vpc } from '@cdktn/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktn/provider-aws/lib/vpc-endpoint';
import { type InfraConfig } from './config';
import { FlowLogs } from './flow-logs';
import { type AwsContext, s3GatewayEndpointPolicy, toPolicyJson } from './policy-documents';

export interface NetworkProps {
  readonly config: InfraConfig;
  readonly aws: AwsContext;
  /** Buckets reachable through the S3 gateway endpoint. */
  readonly bucketArns: readonly string[];
  /** Key of the flow-log group. */
  readonly logsKeyArn: string;
}

export class Network extends Construct {
  readonly vpc: Vpc;
  readonly privateSubnets: Subnet[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { config, aws } = props;
    const name = config.namePrefix;

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: config.network.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: name },
    });
    new FlowLogs(this, 'flow-logs', { config, aws, vpcId: this.vpc.id, logsKeyArn: props.logsKeyArn });
    // The default security group admits nothing, so nothing can silently fall back to it.
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: this.vpc.id, tags: { Name: `${name}-default-closed` } });

    const igw = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: name } });
    const publicRoutes = new RouteTable(this, 'public-rt', { vpcId: this.vpc.id, tags: { Name: `${name}-public` } });
    new Route(this, 'public-default-route', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });

    const zones = config.network.zones;
    const natCount = config.network.natGateways === 'per-zone' ? zones.length : 1;
    const natGateways: NatGateway[] = [];
    this.privateSubnets = [];
    const privateRouteTables: RouteTable[] = [];

    zones.forEach((zone, i) => {
      const publicSubnet = new Subnet(this, `public-${zone.availabilityZone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone.availabilityZone,
        cidrBlock: zone.publicCidr,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${name}-public-${zone.availabilityZone}`, Tier: 'public' },
      });
      new RouteTableAssociation(this, `public-rta-${zone.availabilityZone}`, { subnetId: publicSubnet.id, routeTableId: publicRoutes.id });
      if (i < natCount) {
        const eip = new Eip(this, `nat-eip-${zone.availabilityZone}`, { domain: 'vpc', tags: { Name: `${name}-nat-${zone.availabilityZone}` } });
        natGateways.push(
          new NatGateway(this, `nat-${zone.availabilityZone}`, {
            allocationId: eip.allocationId,
            subnetId: publicSubnet.id,
            tags: { Name: `${name}-${zone.availabilityZone}` },
            dependsOn: [igw],
          }),
        );
      }
    });

    zones.forEach((zone, i) => {
      const subnet = new Subnet(this, `private-${zone.availabilityZone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone.availabilityZone,
        cidrBlock: zone.privateCidr,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${name}-private-${zone.availabilityZone}`, Tier: 'private' },
      });
      const routes = new RouteTable(this, `private-rt-${zone.availabilityZone}`, {
        vpcId: this.vpc.id,
        tags: { Name: `${name}-private-${zone.availabilityZone}` },
      });
      const nat = natGateways[Math.min(i, natGateways.length - 1)]!;
      new Route(this, `private-default-route-${zone.availabilityZone}`, { routeTableId: routes.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      new RouteTableAssociation(this, `private-rta-${zone.availabilityZone}`, { subnetId: subnet.id, routeTableId: routes.id });
      this.privateSubnets.push(subnet);
      privateRouteTables.push(routes);
    });

    // S3 traffic from the private subnets stays on the AWS network and is limited to our buckets.
    new VpcEndpoint(this, 's3-endpoint', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${config.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: privateRouteTables.map((rt) => rt.id),
      policy: toPolicyJson(s3GatewayEndpointPolicy(props.bucketArns, aws)),
      tags: { Name: `${name}-s3` },
    });
  }

  get privateSubnetIds(): string[] {
    return this.privateSubnets.map((subnet) => subnet.id);
  }
}
