// Who may do what on the dashboard: four roles, and the capability each endpoint asks for.

export const ROLES = ['operations', 'reviewer', 'compliance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What an endpoint needs; a role grants a set of them, admin all. */
export type Capability = 'overview' | 'lists' | 'review' | 'compliance' | 'merge';

const GRANTS: Record<Role, readonly Capability[]> = {
  operations: ['overview', 'lists'],
  reviewer: ['overview', 'review'],
  compliance: ['overview', 'compliance'],
  admin: ['overview', 'lists', 'review', 'compliance', 'merge'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function capabilitiesOf(roles: readonly Role[]): Capability[] {
  return [...new Set(roles.flatMap((r) => GRANTS[r]))];
}

export function allows(roles: readonly Role[], need: Capability): boolean {
  return roles.some((r) => GRANTS[r].includes(need));
}

/** The signed-in person, as every handler sees them. `actor` goes into the audit rows of the workflows they start. */
export interface DashboardUser {
  username: string;
  roles: Role[];
  /** `dashboard:<username>` (local) or `oidc:<email or subject>` (load balancer). */
  actor: string;
}
