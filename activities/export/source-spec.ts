// Parses a `KIND:LOCATION` source argument into a typed spec with a credential-free, stable name; pure, shared by the CLI and activities.
import path from 'node:path';
import { unverifiableHost } from '../../db/tls-host';

export type SourceKind = 'mysql' | 'sqlite' | 'csv';

export interface SourceSpec {
  kind: SourceKind;
  /**
   * Where to read: the mysql:// URL (credentials included, needed to connect), an absolute SQLite or CSV path,
   * or an s3://bucket/key URL. Never log it; use `name` or `redactLocation(location)`.
   */
  location: string;
  /** MySQL/SQLite table; when absent, inspectSource picks the database's only table. */
  table?: string;
  /** Stable identity without credentials, e.g. `mysql:127.0.0.1:3306/legacy_crm.customers`; the `source_files.source_name`. */
  name: string;
}

/** A source argument that cannot be understood; names the argument and what is wrong with it. */
export class SourceSpecError extends Error {
  override name = 'SourceSpecError';
  constructor(readonly argument: string, readonly problem: string) {
    super(`invalid source ${JSON.stringify(redactArgument(argument))}: ${problem}`);
  }
}

const KINDS: readonly SourceKind[] = ['mysql', 'sqlite', 'csv'];
const IDENTIFIER = /^[A-Za-z0-9_$\u0080-\uFFFF-]{1,64}$/;

/**
 * Parses `mysql:mysql://user@host:port/db?table=t[&password_env=VAR][&tls=verify[&tls_ca=/ca.pem|rds]]` (or `/db.t`),
 * `sqlite:file.db[?table=t]`, `csv:file.csv` or `csv:s3://bucket/key.csv`.
 */
export function parseSourceArg(argument: string, cwd: string = process.cwd()): SourceSpec {
  const colon = argument.indexOf(':');
  const kind = colon > 0 ? argument.slice(0, colon) : '';
  const rest = colon > 0 ? argument.slice(colon + 1) : '';
  if (!KINDS.includes(kind as SourceKind)) {
    throw new SourceSpecError(argument, `must start with one of ${KINDS.map((k) => `${k}:`).join(', ')}`);
  }
  if (rest.trim() === '') throw new SourceSpecError(argument, 'has no location after the kind');
  if (kind === 'mysql') return parseMysql(argument, rest);
  if (kind === 'sqlite') return parseSqlite(argument, rest, cwd);
  return parseCsv(argument, rest, cwd);
}

function checkTable(argument: string, table: string): string {
  if (!IDENTIFIER.test(table)) throw new SourceSpecError(argument, `table name ${JSON.stringify(table)} is not a plain identifier`);
  return table;
}

function parseMysql(argument: string, location: string): SourceSpec {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new SourceSpecError(argument, 'mysql location must be a URL like mysql://user:pass@host:3306/db?table=customers');
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new SourceSpecError(argument, `mysql location must use mysql:// or mariadb:// (got ${url.protocol}//)`);
  }
  if (!url.hostname) throw new SourceSpecError(argument, 'mysql location has no host');
  if (url.password) {
    // The spec travels in workflow input, i.e. into Temporal's history: never put a secret there.
    throw new SourceSpecError(redactLocation(argument), 'mysql location must not contain a password (it would be stored in the Temporal history): set it in an environment variable of the workers and name it with ?password_env=VAR');
  }
  const passwordEnv = url.searchParams.get('password_env');
  if (passwordEnv !== null && !/^[A-Z_][A-Z0-9_]{0,63}$/.test(passwordEnv)) {
    throw new SourceSpecError(argument, `password_env must name an environment variable like LEGACY_DB_PASSWORD (got ${JSON.stringify(passwordEnv)})`);
  }
  checkSourceTls(argument, url);
  const dbPath = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!dbPath) throw new SourceSpecError(argument, 'mysql location names no database (mysql://host:3306/DB)');
  const dot = dbPath.indexOf('.');
  const database = dot >= 0 ? dbPath.slice(0, dot) : dbPath;
  const pathTable = dot >= 0 ? dbPath.slice(dot + 1) : undefined;
  const queryTable = url.searchParams.get('table') ?? undefined;
  if (pathTable !== undefined && queryTable !== undefined && pathTable !== queryTable) {
    throw new SourceSpecError(argument, `names two tables: "${pathTable}" in the path and "${queryTable}" in ?table=`);
  }
  if (!IDENTIFIER.test(database)) throw new SourceSpecError(argument, `database name ${JSON.stringify(database)} is not a plain identifier`);
  const table = pathTable ?? queryTable;
  const spec: SourceSpec = { kind: 'mysql', location, name: '' };
  if (table !== undefined) spec.table = checkTable(argument, table);
  return { ...spec, name: sourceName(spec) };
}

/**
 * `?tls=verify` requires TLS and verifies the source server's certificate and host name; `&tls_ca=` names the CA it
 * must chain to: an absolute path to a PEM file on the workers, or `rds` for the Amazon RDS bundle. Paths, never secrets.
 */
function checkSourceTls(argument: string, url: URL): void {
  const tls = url.searchParams.get('tls');
  const ca = url.searchParams.get('tls_ca');
  if (tls !== null && tls !== 'verify' && tls !== 'off') throw new SourceSpecError(argument, `tls must be verify or off (got ${JSON.stringify(tls)})`);
  if (ca !== null && tls !== 'verify') throw new SourceSpecError(argument, 'tls_ca needs tls=verify');
  if (ca !== null && ca !== 'rds' && !path.isAbsolute(ca)) {
    throw new SourceSpecError(argument, `tls_ca must be rds or an absolute path to a PEM file on the workers (got ${JSON.stringify(ca)})`);
  }
  const unverifiable = tls === 'verify' ? unverifiableHost(url.hostname) : undefined;
  if (unverifiable) throw new SourceSpecError(argument, unverifiable);
}

function splitQueryTable(argument: string, rest: string): { file: string; table?: string } {
  const q = rest.lastIndexOf('?');
  if (q < 0) return { file: rest };
  const params = new URLSearchParams(rest.slice(q + 1));
  const unknown = [...params.keys()].filter((k) => k !== 'table');
  if (unknown.length > 0) throw new SourceSpecError(argument, `unknown parameter(s) ${unknown.join(', ')} (only ?table= is understood)`);
  const table = params.get('table') ?? undefined;
  return table === undefined ? { file: rest.slice(0, q) } : { file: rest.slice(0, q), table: checkTable(argument, table) };
}

function parseSqlite(argument: string, rest: string, cwd: string): SourceSpec {
  const { file, table } = splitQueryTable(argument, rest);
  if (file === '') throw new SourceSpecError(argument, 'sqlite location has no file path');
  const spec: SourceSpec = { kind: 'sqlite', location: path.resolve(cwd, file), name: '' };
  if (table !== undefined) spec.table = table;
  return { ...spec, name: sourceName(spec) };
}

function parseCsv(argument: string, rest: string, cwd: string): SourceSpec {
  if (rest.startsWith('s3://')) {
    const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(rest);
    if (!match) throw new SourceSpecError(argument, 'csv S3 location must look like s3://bucket/key.csv');
    const spec: SourceSpec = { kind: 'csv', location: rest, name: '' };
    return { ...spec, name: sourceName(spec) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rest)) throw new SourceSpecError(argument, 'csv location must be a file path or an s3:// URL');
  const spec: SourceSpec = { kind: 'csv', location: path.resolve(cwd, rest), name: '' };
  return { ...spec, name: sourceName(spec) };
}

/** The stable, credential-free identity of a spec (includes the table once known). */
function sourceName(spec: Pick<SourceSpec, 'kind' | 'location' | 'table'>): string {
  if (spec.kind === 'mysql') {
    const { host, port, database } = mysqlTarget(spec.location);
    return `mysql:${host}:${port}/${database}${spec.table ? `.${spec.table}` : ''}`;
  }
  if (spec.kind === 'sqlite') return `sqlite:${spec.location}${spec.table ? `#${spec.table}` : ''}`;
  return `csv:${spec.location}`;
}

/** The same spec with its table resolved (and its name updated to include it). */
export function withTable(spec: SourceSpec, table: string): SourceSpec {
  const resolved: SourceSpec = { ...spec, table };
  return { ...resolved, name: sourceName(resolved) };
}

/** Host, port (default 3306) and database of a mysql:// location. */
export function mysqlTarget(location: string): { host: string; port: number; database: string } {
  const url = new URL(location);
  const dbPath = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const dot = dbPath.indexOf('.');
  return { host: url.hostname, port: url.port ? Number(url.port) : 3306, database: dot >= 0 ? dbPath.slice(0, dot) : dbPath };
}

/** The location with any password replaced by ***, safe to store and log. */
export function redactLocation(location: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return location;
  }
}

function redactArgument(argument: string): string {
  const colon = argument.indexOf(':');
  return colon > 0 ? `${argument.slice(0, colon + 1)}${redactLocation(argument.slice(colon + 1))}` : argument;
}
