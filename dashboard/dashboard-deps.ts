// What the dashboard's routes are given: its read pool, the query cache, sign-in, metrics and settings. Built by
// dashboard/main.ts (real clients) or by tests (the same real clients on a test database).
import type { AppConfig } from '../config/env';
import type { ListConfig } from '../domain/list-config';
import type { RegistryLookup } from '../activities/compliance/facts-reader';
import type { StoredUser } from './auth/users-file';
import type { DashboardUser } from './auth/roles';
import type { ProjectMetrics } from '../metrics/project-metrics';
import type { QueryCache } from './query-cache';
import type { ReadPool } from './read/read-pool';
import type { RefreshInfo } from './read/refresh-generation';
import type { WorkflowStarter } from './write/workflow-starter';

export type DashboardSettings = Pick<AppConfig,
  'DASHBOARD_AUTH' | 'DASHBOARD_COOKIE_SECURE' | 'DASHBOARD_SLOW_REQUEST_MS' | 'DASHBOARD_CACHE_TTL_SEC' | 'LOG_LEVEL'>;

export interface DashboardDeps {
  settings: DashboardSettings;
  /** Where reads go: the read replica when configured, else the dashboard's (read-only) database URL. */
  readPool: ReadPool;
  cache: QueryCache;
  /** The project's metrics module (metrics/project-metrics.ts); its registry is served on /metrics. */
  metrics: ProjectMetrics;
  /** Signs cookies (DASHBOARD_SESSION_SECRET). */
  cookieSecret: string;
  /** Local sign-in: the configured users (re-read on each sign-in, so an edit needs no restart). */
  loadUsers(): Promise<StoredUser[]>;
  /** alb-oidc sign-in: verifies the load balancer's claims header. */
  verifyAlbClaims?: (token: string) => Promise<DashboardUser>;
  /** The newest refresh the read side sees (its id is the cache generation). */
  refreshInfo(): Promise<RefreshInfo>;
  /** The call lists' configuration (config/dashboard-lists.json unless a test gives its own). */
  lists?: ListConfig;
  /** The compliance engine's registry look-up (list copies in the object store); without it the decision says no copy was loaded. */
  registry?: RegistryLookup;
  /** Starts people's writes as workflows (merge, unmerge, review decisions, opt-outs); absent: writes answer 503. */
  workflows?: WorkflowStarter;
  /** The clock read-time rules are evaluated at (tests fix it). */
  now?: () => number;
  /** Directory of the built web page (index.html, app.js); absent: the API only. */
  webRoot?: string;
}
