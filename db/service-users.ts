// The database users each service signs in as and exactly what each may do, declared once; `cli db-bootstrap` applies it (db/bootstrap-users.ts).
import type { DATABASE_USERS } from '../config/constants';

/**
 * Bump when the declaration below changes: db-bootstrap records the version it applied (table service_users_applied),
 * so what a database's grants were set from can be looked up.
 */
export const SERVICE_USERS_VERSION = 1;

export type ServiceRole = keyof typeof DATABASE_USERS;
export type DatabaseEngine = 'mariadb' | 'mysql';

export interface ServiceUserGrants {
  readonly role: ServiceRole;
  /** Why the user exists, for the bootstrap's report. */
  readonly purpose: string;
  /** Privileges on the contacts schema (`<db>.*`) and nowhere else. */
  readonly schema: readonly string[];
  /** Server-wide privileges that carry no access to rows (what backup tools need); empty for the services. */
  readonly global: Readonly<Record<DatabaseEngine, readonly string[]>>;
}

export const SERVICE_USER_GRANTS: readonly ServiceUserGrants[] = [
  {
    role: 'worker',
    purpose: 'workflows and activities: ingestion, dedupe, scrubs, migrations (db:migrate)',
    // DML, the DDL db/migrations needs, and the temporary tables and locks of set-based loads. No GRANT, no FILE (LOAD DATA is LOCAL).
    schema: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'ALTER', 'DROP', 'INDEX', 'REFERENCES', 'CREATE TEMPORARY TABLES', 'LOCK TABLES', 'CREATE VIEW', 'SHOW VIEW', 'TRIGGER'],
    global: { mariadb: [], mysql: [] },
  },
  {
    role: 'dashboard',
    purpose: 'the dashboard reads; people\'s writes go through workflows, so it never writes',
    schema: ['SELECT'],
    global: { mariadb: [], mysql: [] },
  },
  {
    role: 'backup',
    purpose: 'logical dumps (mariadb-dump / mysqldump --single-transaction) and mariadb-backup snapshots',
    schema: ['SELECT', 'SHOW VIEW', 'TRIGGER', 'EVENT', 'LOCK TABLES'],
    // mariadb-backup: RELOAD and BINLOG MONITOR for its backup stages, PROCESS for InnoDB status, LOCK TABLES server-wide
    // (it only locks tables the user can also SELECT). mysqldump 8 reads tablespaces with PROCESS.
    global: { mariadb: ['RELOAD', 'PROCESS', 'LOCK TABLES', 'BINLOG MONITOR'], mysql: ['PROCESS'] },
  },
];

/** How the users sign in: Aurora IAM tokens (no password exists), or a password of a local / self-hosted server. */
export type ServiceUserAuth = { readonly kind: 'iam' } | { readonly kind: 'password'; readonly passwords: Readonly<Record<ServiceRole, string>>; readonly requireTls: boolean };

/** Every user is created for any host: the network (security groups, loopback) decides who can reach the server. */
export const SERVICE_USER_HOST = '%';

const PRIVILEGE = /^[A-Z_]+( [A-Z_]+)*$/;

/** The privilege list as SQL; the names come from the declaration above, checked to be plain keywords. */
export function privilegeList(privileges: readonly string[]): string {
  for (const p of privileges) if (!PRIVILEGE.test(p)) throw new Error(`not a privilege name: ${JSON.stringify(p)}`);
  return privileges.join(', ');
}

/**
 * CREATE USER IF NOT EXISTS, then ALTER USER so an existing user converges to the declared sign-in. IAM users use
 * Aurora's AWSAuthenticationPlugin and must use TLS.
 */
export function signInStatements(user: string, auth: ServiceUserAuth, role: ServiceRole): Array<{ sql: string; values: unknown[] }> {
  if (auth.kind === 'iam') {
    const how = "IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL";
    return [
      { sql: `CREATE USER IF NOT EXISTS ?@? ${how}`, values: [user, SERVICE_USER_HOST] },
      { sql: `ALTER USER ?@? ${how}`, values: [user, SERVICE_USER_HOST] },
    ];
  }
  const tls = auth.requireTls ? 'REQUIRE SSL' : 'REQUIRE NONE';
  const password = auth.passwords[role];
  return [
    { sql: `CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ? ${tls}`, values: [user, SERVICE_USER_HOST, password] },
    { sql: `ALTER USER ?@? IDENTIFIED BY ? ${tls}`, values: [user, SERVICE_USER_HOST, password] },
  ];
}
