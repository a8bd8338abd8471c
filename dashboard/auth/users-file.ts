// The configured user list for local sign-in (DASHBOARD_USERS_FILE): validated on load, a bad entry named by position.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ROLES, type Role } from './roles';
import { parsePasswordHash } from './password-hash';

const userSchema = z.object({
  username: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, { message: 'must be 1-64 letters, digits or . _ @ -' }),
  roles: z.array(z.enum(ROLES)).min(1),
  passwordHash: z.string().refine((v) => {
    try {
      parsePasswordHash(v);
      return true;
    } catch {
      return false;
    }
  }, { message: 'must be a scrypt hash written by `npm run cli -- dashboard-user add`' }),
});

export type StoredUser = z.infer<typeof userSchema>;

export class UsersFileError extends Error {
  override name = 'UsersFileError';
  constructor(readonly path: string, problem: string) {
    super(`DASHBOARD_USERS_FILE ${path}: ${problem}`);
  }
}

/** Reads and validates the users file; a missing file is an empty list (nobody can sign in, the page says so). */
export async function readUsersFile(path: string): Promise<StoredUser[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UsersFileError(path, (err as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsersFileError(path, `not JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(json)) throw new UsersFileError(path, 'must be a JSON array of users');
  const users = json.map((entry, i) => {
    const parsed = userSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsersFileError(path, `user ${i + 1}: ${issue.path.join('.') || 'entry'} ${issue.message}`);
    }
    return parsed.data;
  });
  const names = new Set<string>();
  for (const u of users) {
    if (names.has(u.username)) throw new UsersFileError(path, `user ${u.username} appears twice`);
    names.add(u.username);
  }
  return users;
}

/** Adds or replaces a user (mode 600: it holds password hashes). */
export async function upsertUser(path: string, user: { username: string; roles: Role[]; passwordHash: string }): Promise<'added' | 'replaced'> {
  const users = await readUsersFile(path);
  const idx = users.findIndex((u) => u.username === user.username);
  const next = userSchema.parse(user);
  if (idx >= 0) users[idx] = next;
  else users.push(next);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
  return idx >= 0 ? 'replaced' : 'added';
}
