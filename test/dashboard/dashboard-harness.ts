// A real dashboard for tests: the Fastify app on a throwaway database with the schema, real Redis (db 15 unless
// given), a users file with one user per role, and a cookie jar that signs in with the CSRF token like the page.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AppConfig } from '../../config/env';
import { buildDashboardApp } from '../../dashboard/app';
import { hashPassword } from '../../dashboard/auth/password-hash';
import type { Role } from '../../dashboard/auth/roles';
import { readUsersFile, upsertUser } from '../../dashboard/auth/users-file';
import { createCacheRedis } from '../../dashboard/dashboard-clients';
import type { DashboardDeps } from '../../dashboard/dashboard-deps';
import { createProjectMetrics } from '../../metrics/project-metrics';
import { createQueryCache } from '../../dashboard/query-cache';
import { createGenerationReader } from '../../dashboard/read/refresh-generation';
import type { WorkflowStarter } from '../../dashboard/write/workflow-starter';
import { baseConfig, uniqueName, type TestDatabase } from '../support/services';

export const PASSWORD = 'correct horse battery';
export const TEST_USERS: Array<{ username: string; roles: Role[] }> = [
  { username: 'ops', roles: ['operations'] }, { username: 'rev', roles: ['reviewer'] },
  { username: 'comp', roles: ['compliance'] }, { username: 'boss', roles: ['admin'] },
];

export async function writeTestUsers(): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'dash-users-')), 'users.json');
  // Cheap scrypt parameters: the hash format and check are the same, the test is faster.
  for (const u of TEST_USERS) await upsertUser(file, { ...u, passwordHash: await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 }) });
  return file;
}

export interface Harness {
  app: FastifyInstance;
  deps: DashboardDeps;
  close(): Promise<void>;
}

export async function startDashboard(db: TestDatabase, opts: {
  redisUrl?: string; webRoot?: string; settings?: Partial<AppConfig>; now?: () => number; workflows?: WorkflowStarter;
  verifyAlbClaims?: DashboardDeps['verifyAlbClaims'];
} = {}): Promise<Harness> {
  const usersFile = await writeTestUsers();
  const redis = createCacheRedis({ REDIS_URL: opts.redisUrl ?? baseConfig.REDIS_URL.replace(/\/\d+$/, '/15') });
  const deps: DashboardDeps = {
    settings: { ...baseConfig, LOG_LEVEL: 'warn', ...opts.settings },
    readPool: db.pool,
    cache: createQueryCache(redis, { prefix: uniqueName('dash-test'), ttlSec: 60 }),
    metrics: createProjectMetrics({ defaultLabels: { component: 'dashboard' } }),
    cookieSecret: 'a-test-cookie-secret-of-at-least-32-characters',
    loadUsers: () => readUsersFile(usersFile),
    refreshInfo: createGenerationReader(db.pool, 0),
    webRoot: opts.webRoot,
    now: opts.now,
    workflows: opts.workflows,
    verifyAlbClaims: opts.verifyAlbClaims,
  };
  const app = await buildDashboardApp(deps);
  await app.ready();
  return {
    app, deps,
    async close() {
      await app.close();
      redis.disconnect();
    },
  };
}

/** A signed-in client: cookies kept between calls, the CSRF token sent on writes. */
export class Client {
  private cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  async request(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method, url, payload: body as object | undefined,
      headers: { ...headers, cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.cookies) {
      if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0)) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  async signIn(username: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    const s = await this.request('GET', '/api/session');
    this.csrf = (s.json() as { csrfToken: string }).csrfToken;
    return this.request('POST', '/api/session', { username, password }, { 'x-csrf-token': this.csrf });
  }
}
