// One IAM role per component: a trust policy for the service that assumes it plus exactly one inline least-privilege policy.
import { Construct } from 'constructs';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { type AwsContext, type PolicyDocument, serviceTrustPolicy, toPolicyJson } from './policy-documents';

export interface ServiceRoleProps {
  readonly roleName: string;
  readonly description: string;
  /** Service principal that assumes the role, e.g. `ecs-tasks.amazonaws.com`. */
  readonly assumedBy: string;
  readonly policy: PolicyDocument;
  readonly aws: AwsContext;
}

export class ServiceRole extends Construct {
  readonly role: IamRole;
  /** Depend on this, not the role, when the permissions must exist before use. */
  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: toPolicyJson(serviceTrustPolicy(props.assumedBy, props.aws)),
    });
    this.policy = new IamRolePolicy(this, 'policy', {
      name: `${props.roleName}-least-privilege`,
      role: this.role.id,
      policy: toPolicyJson(props.policy),
    });
  }

  get arn(): string {
    return this.role.arn;
  }
}
