// Creates the service users and converges their grants to db/service-users.ts: missing privileges are granted, any other is revoked; running it again changes nothing.
import { createHash } from 'node:crypto';
import type { RowDataPacket } from 'mysql2';
import type { Connection } from 'mysql2/promise';
import mysql from 'mysql2/promise';
import {
  type DatabaseEngine,
  privilegeList,
  SERVICE_USER_GRANTS,
  SERVICE_USER_HOST,
  SERVICE_USERS_VERSION,
  type ServiceRole,
  type ServiceUserAuth,
  signInStatements,
} from './service-users';

/** The subset of a mysql2 connection the bootstrap uses; it must be signed in as an administrator. */
export type AdminConnection = Pick<Connection, 'query'>;

export interface BootstrapOptions {
  /** The contacts schema the users get their privileges on. */
  readonly database: string;
  readonly auth: ServiceUserAuth;
  /** User name per role (DATABASE_USERS in deployments; tests use their own). */
  readonly users: Readonly<Record<ServiceRole, string>>;
}

export interface UserOutcome {
  readonly role: ServiceRole;
  readonly user: string;
  readonly created: boolean;
  /** Declared privileges the user lacked, now granted (`SELECT on db.*`, `PROCESS on *.*`). */
  readonly granted: string[];
  /** Privileges the user had beyond the declaration, now revoked. */
  readonly revoked: string[];
}

export interface BootstrapResult {
  readonly version: number;
  readonly engine: DatabaseEngine;
  readonly users: UserOutcome[];
}

const USER_NAME = /^[A-Za-z0-9_]{1,32}$/;

/** In GRANT, `_` and `%` in a database name are wildcards: escaped, the grant covers this schema only. */
export function grantSchemaName(database: string): string {
  return database.replace(/[_%\\]/g, '\\$&');
}

export async function bootstrapServiceUsers(conn: AdminConnection, options: BootstrapOptions): Promise<BootstrapResult> {
  const engine = await detectEngine(conn);
  await conn.query('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', [options.database]);
  const schema = grantSchemaName(options.database);
  const outcomes: UserOutcome[] = [];
  for (const declared of SERVICE_USER_GRANTS) {
    const user = options.users[declared.role];
    if (!USER_NAME.test(user)) throw new Error(`database user name ${JSON.stringify(user)} must be letters, digits and _ (at most 32)`);
    const [existing] = await conn.query<RowDataPacket[]>('SELECT 1 FROM mysql.user WHERE User = ? AND Host = ?', [user, SERVICE_USER_HOST]);
    for (const statement of signInStatements(user, options.auth, declared.role)) await conn.query(statement.sql, statement.values);

    const before = await currentPrivileges(conn, user);
    const want = new Set([...declared.schema.map((p) => `${p} on ${schema}.*`), ...declared.global[engine].map((p) => `${p} on *.*`)]);
    const granted = [...want].filter((p) => !before.has(p));
    if (declared.schema.length > 0) await conn.query(`GRANT ${privilegeList(declared.schema)} ON ${mysql.escapeId(schema)}.* TO ?@?`, [user, SERVICE_USER_HOST]);
    if (declared.global[engine].length > 0) await conn.query(`GRANT ${privilegeList(declared.global[engine])} ON *.* TO ?@?`, [user, SERVICE_USER_HOST]);
    const revoked: string[] = [];
    for (const [privilege, revoke] of before) {
      if (want.has(privilege)) continue;
      await conn.query(revoke, [user, SERVICE_USER_HOST]);
      revoked.push(privilege);
    }
    outcomes.push({ role: declared.role, user, created: existing.length === 0, granted, revoked });
  }
  await recordVersion(conn, options);
  return { version: SERVICE_USERS_VERSION, engine, users: outcomes };
}

async function detectEngine(conn: AdminConnection): Promise<DatabaseEngine> {
  const [rows] = await conn.query<RowDataPacket[]>('SELECT VERSION() AS version');
  return /mariadb/i.test(String(rows[0]?.version)) ? 'mariadb' : 'mysql';
}

/**
 * Every privilege the user holds, as `PRIVILEGE on scope` (scope as the server reports it), with the statement that
 * revokes it. GRANT OPTION counts as a privilege: no service user may pass its rights on.
 */
async function currentPrivileges(conn: AdminConnection, user: string): Promise<Map<string, string>> {
  const grantee = `'${user}'@'${SERVICE_USER_HOST}'`;
  const found = new Map<string, string>();
  const add = (privilege: string, scope: string, revokeOn: string) => {
    const p = privilege === 'GRANT OPTION' ? 'GRANT OPTION' : privilege;
    found.set(`${p} on ${scope}`, `REVOKE ${privilegeList([p])} ON ${revokeOn} FROM ?@?`);
  };
  const [globals] = await conn.query<RowDataPacket[]>(
    'SELECT PRIVILEGE_TYPE AS p, IS_GRANTABLE AS g FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?', [grantee],
  );
  for (const r of globals) {
    if (r.p !== 'USAGE') add(String(r.p), '*.*', '*.*');
    if (r.g === 'YES') add('GRANT OPTION', '*.*', '*.*');
  }
  const [schemas] = await conn.query<RowDataPacket[]>(
    'SELECT TABLE_SCHEMA AS s, PRIVILEGE_TYPE AS p, IS_GRANTABLE AS g FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ?', [grantee],
  );
  for (const r of schemas) {
    const on = `${mysql.escapeId(String(r.s))}.*`;
    add(String(r.p), `${String(r.s)}.*`, on);
    if (r.g === 'YES') add('GRANT OPTION', `${String(r.s)}.*`, on);
  }
  const [tables] = await conn.query<RowDataPacket[]>(
    'SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, PRIVILEGE_TYPE AS p, IS_GRANTABLE AS g FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = ?', [grantee],
  );
  for (const r of tables) {
    const on = `${mysql.escapeId(String(r.s))}.${mysql.escapeId(String(r.t))}`;
    add(String(r.p), `${String(r.s)}.${String(r.t)}`, on);
    if (r.g === 'YES') add('GRANT OPTION', `${String(r.s)}.${String(r.t)}`, on);
  }
  const [columns] = await conn.query<RowDataPacket[]>(
    'SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS c, PRIVILEGE_TYPE AS p FROM information_schema.COLUMN_PRIVILEGES WHERE GRANTEE = ?', [grantee],
  );
  for (const r of columns) {
    const on = `${mysql.escapeId(String(r.s))}.${mysql.escapeId(String(r.t))}`;
    found.set(`${String(r.p)} (${String(r.c)}) on ${String(r.s)}.${String(r.t)}`, `REVOKE ${privilegeList([String(r.p)])} (${mysql.escapeId(String(r.c))}) ON ${on} FROM ?@?`);
  }
  return found;
}

/** Which declaration the grants were last set from, and how the users sign in. */
async function recordVersion(conn: AdminConnection, options: BootstrapOptions): Promise<void> {
  const table = `${mysql.escapeId(options.database)}.service_users_applied`;
  await conn.query(
    `CREATE TABLE IF NOT EXISTS ${table} (
       version INT NOT NULL,
       checksum_sha256 CHAR(64) NOT NULL,
       auth VARCHAR(16) NOT NULL,
       applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
       PRIMARY KEY (version, checksum_sha256, auth)
     ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  );
  const checksum = createHash('sha256').update(JSON.stringify(SERVICE_USER_GRANTS)).digest('hex');
  await conn.query(
    `INSERT INTO ${table} (version, checksum_sha256, auth) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE applied_at = CURRENT_TIMESTAMP(3)`,
    [SERVICE_USERS_VERSION, checksum, options.auth.kind],
  );
}
