// `db-bootstrap`: as an administrator (DATABASE_URL), creates the service database users and converges their grants to db/service-users.ts; run at every deploy.
import mysql from 'mysql2/promise';
import { DATABASE_USERS } from '../../config/constants';
import { loadConfig } from '../../config/env';
import { bootstrapServiceUsers } from '../../db/bootstrap-users';
import { SERVICE_USER_GRANTS, type ServiceUserAuth } from '../../db/service-users';
import { DATABASE_TLS_NAMES, explainTlsFailure } from '../../db/tls-options';
import { databaseSecurityOptions, databaseTarget, databaseTls, poolOptionsFromUrl } from '../../workers/clients';
import { type Command, UsageError, parseCommandArgs } from '../command';

const USAGE = `Usage: npm run cli -- db-bootstrap [--auth iam|password] [--require-tls]

Signs in with DATABASE_URL as an administrator (the Aurora master user in AWS, whose password the ECS task gets
as DATABASE_PASSWORD; root locally), creates the database if needed and the service users with exactly the
privileges db/service-users.ts declares, revoking any other:
${SERVICE_USER_GRANTS.map((g) => `  ${DATABASE_USERS[g.role].padEnd(20)} ${g.schema.join(', ')} on the schema${g.global.mariadb.length ? ` (+ ${g.global.mariadb.join(', ')} server-wide on MariaDB)` : ''}`).join('\n')}
It records the version it applied in service_users_applied. Running it again changes nothing.

  --auth iam        the users sign in with IAM database authentication (Aurora): no password exists, TLS required
  --auth password   the users get WORKER_DATABASE_PASSWORD, DASHBOARD_DATABASE_PASSWORD and BACKUP_DATABASE_PASSWORD
                    (the default; a local or self-hosted server)
  --require-tls     with --auth password: the users may sign in over TLS only`;

export const dbBootstrapCommand: Command = {
  name: 'db-bootstrap',
  summary: 'create the service database users and their grants (idempotent)',
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { auth: { type: 'string' }, 'require-tls': { type: 'boolean' } });
    const config = loadConfig();
    const auth = authFrom(values.auth ?? 'password', values['require-tls'] === true, config);
    const options = poolOptionsFromUrl(config.DATABASE_URL, databaseSecurityOptions(config));
    if (!options.database) throw new UsageError('DATABASE_URL must name the contacts database (mysql://admin@host:3306/contacts)');
    let conn: mysql.Connection;
    try {
      conn = await mysql.createConnection({ ...options, database: undefined });
    } catch (err) {
      throw explainTlsFailure(err, databaseTarget(config), databaseTls(config), DATABASE_TLS_NAMES);
    }
    try {
      const result = await bootstrapServiceUsers(conn, { database: options.database, auth, users: DATABASE_USERS });
      console.log(`db-bootstrap: service users version ${result.version} applied to ${options.database} (${result.engine}, ${auth.kind} sign-in)`);
      for (const u of result.users) {
        const changes = [u.created ? 'created' : 'exists', u.granted.length ? `granted ${u.granted.join(', ')}` : '', u.revoked.length ? `revoked ${u.revoked.join(', ')}` : ''];
        console.log(`  ${u.user}: ${changes.filter(Boolean).join('; ')}`);
      }
      return 0;
    } finally {
      await conn.end();
    }
  },
};

function authFrom(kind: string, requireTls: boolean, config: ReturnType<typeof loadConfig>): ServiceUserAuth {
  if (kind === 'iam') return { kind: 'iam' };
  if (kind !== 'password') throw new UsageError(`--auth must be iam or password (got ${JSON.stringify(kind)})`);
  const passwords = { worker: config.WORKER_DATABASE_PASSWORD, dashboard: config.DASHBOARD_DATABASE_PASSWORD, backup: config.BACKUP_DATABASE_PASSWORD };
  const missing = Object.entries(passwords).filter(([, v]) => v === undefined).map(([role]) => `${role.toUpperCase()}_DATABASE_PASSWORD`);
  if (missing.length > 0) throw new UsageError(`--auth password needs ${missing.join(', ')} in the environment`);
  return { kind: 'password', passwords: passwords as Record<keyof typeof passwords, string>, requireTls };
}
