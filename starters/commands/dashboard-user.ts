// `dashboard-user add | list`: the configured user list for the dashboard's local sign-in (DASHBOARD_USERS_FILE),
// with scrypt password hashes; the password comes from DASHBOARD_PASSWORD or the first line of standard input.
import { loadConfig } from '../../config/env';
import { hashPassword } from '../../dashboard/auth/password-hash';
import { ROLES, isRole, type Role } from '../../dashboard/auth/roles';
import { readUsersFile, upsertUser } from '../../dashboard/auth/users-file';
import { type Command, UsageError, parseCommandArgs } from '../command';

const usage = `Usage: npm run cli -- dashboard-user add --username NAME --role ROLE [--role ROLE ...]
       npm run cli -- dashboard-user list

  add    adds the user to DASHBOARD_USERS_FILE, or replaces their roles and password; the password is read from
         DASHBOARD_PASSWORD or, when unset, the first line of standard input (never a flag: it would land in history)
  list   the users and their roles

Roles: ${ROLES.join(', ')} (operations: priority lists; reviewer: the review queue; compliance: opt-outs and the
decision views; admin: everything, merge and unmerge).`;

async function readPassword(): Promise<string> {
  if (process.env.DASHBOARD_PASSWORD) return process.env.DASHBOARD_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export const dashboardUserCommand: Command = {
  name: 'dashboard-user',
  summary: 'add or list the dashboard\'s users (local sign-in)',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { username: { type: 'string' }, role: { type: 'string', multiple: true } });
    const config = loadConfig();
    const verb = positionals[0];
    if (verb === 'list') {
      const users = await readUsersFile(config.DASHBOARD_USERS_FILE);
      if (users.length === 0) console.log(`dashboard-user: no users in ${config.DASHBOARD_USERS_FILE}`);
      for (const u of users) console.log(`${u.username.padEnd(24)} ${u.roles.join(', ')}`);
      return 0;
    }
    if (verb !== 'add') throw new UsageError(`expected "add" or "list" (got ${JSON.stringify(verb ?? '')})`);
    const username = values.username as string | undefined;
    if (!username) throw new UsageError('--username is required');
    const roles = (values.role as string[] | undefined) ?? [];
    if (roles.length === 0) throw new UsageError('at least one --role is required');
    const bad = roles.find((r) => !isRole(r));
    if (bad) throw new UsageError(`--role ${JSON.stringify(bad)} is not one of ${ROLES.join(', ')}`);
    const password = await readPassword();
    if (password.length < 8) throw new UsageError('the password must be at least 8 characters');
    const action = await upsertUser(config.DASHBOARD_USERS_FILE, { username, roles: roles as Role[], passwordHash: await hashPassword(password) });
    console.log(`dashboard-user: ${action} ${username} (${roles.join(', ')}) in ${config.DASHBOARD_USERS_FILE}`);
    return 0;
  },
};
