// Per-service database users with real grants on the shared MariaDB (names unique to this run, dropped afterwards):
// the worker migrates and ingests, the dashboard only reads, the backup user dumps, and nobody reaches past the schema.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import mysql from 'mysql2/promise';
import { ingestBatch } from '../../activities/ingest/ingest-batch';
import { bootstrapServiceUsers, grantSchemaName, type BootstrapOptions } from '../../db/bootstrap-users';
import { applyMigrations } from '../../db/migrator';
import { SERVICE_USER_HOST, signInStatements } from '../../db/service-users';
import { findExecutable } from '../../stack/processes';
import { createDbPool, createS3, poolOptionsFromUrl } from '../../workers/clients';
import { putBatch } from '../support/batch-objects';
import { baseConfig, uniqueName } from '../support/services';

const tag = `t15${randomBytes(3).toString('hex')}`;
const database = `t_grants_${process.pid}_${tag}`;
const users = { worker: `${tag}_worker`, dashboard: `${tag}_dashboard`, backup: `${tag}_backup` };
const passwords = { worker: randomBytes(12).toString('hex'), dashboard: randomBytes(12).toString('hex'), backup: randomBytes(12).toString('hex') };
const options: BootstrapOptions = { database, auth: { kind: 'password', passwords, requireTls: false }, users };
const server = new URL(baseConfig.DATABASE_URL);
let admin: mysql.Connection;
const pools: mysql.Pool[] = [];

function urlFor(role: keyof typeof users): string {
  const url = new URL(baseConfig.DATABASE_URL);
  url.username = users[role];
  url.password = passwords[role];
  url.pathname = `/${database}`;
  return url.toString();
}

function poolAs(role: keyof typeof users): mysql.Pool {
  const pool = createDbPool({ DATABASE_URL: urlFor(role) }, { connectionLimit: 2 });
  pools.push(pool);
  return pool;
}

const ACCESS_DENIED = /denied/i;

before(async () => {
  admin = await mysql.createConnection({ ...poolOptionsFromUrl(baseConfig.DATABASE_URL), database: undefined });
  const first = await bootstrapServiceUsers(admin, options);
  assert.deepEqual(first.users.map((u) => u.created), [true, true, true], 'the three users are new');
});

after(async () => {
  await Promise.allSettled(pools.map((p) => p.end()));
  for (const user of Object.values(users)) await admin.query('DROP USER IF EXISTS ?@?', [user, SERVICE_USER_HOST]);
  await admin.query('DROP DATABASE IF EXISTS ??', [database]);
  await admin.end();
});

void test('the worker applies every migration to the empty schema and ingests a batch (LOAD DATA LOCAL, temporary tables) with its own grants', { timeout: 120_000 }, async () => {
  const pool = poolAs('worker');
  const applied = await applyMigrations(pool);
  assert.ok(applied.length >= 3 && applied.every((m) => m.status === 'applied'), 'all migrations ran as the worker');
  const s3 = createS3(baseConfig);
  try {
    const run = uniqueName('grants');
    const [source] = await pool.execute<ResultSetHeader>(
      "INSERT INTO source_files (migration_name, source_name, source_kind, location, batch_size) VALUES (?, 'csv:/grants.csv', 'csv', '/grants.csv', 10)", [run],
    );
    const key = `test/${run}/batch-1.csv`;
    const sha = await putBatch(s3, baseConfig.S3_RAW_BUCKET, key, [
      { record_id: 'g1', email: 'grant.one@example.com', first_name: 'Grant', updated_at: '2024-01-01T00:00:00Z' },
      { record_id: 'g2', phone: '(415) 555-0199', first_name: 'Gina', updated_at: '2024-01-01T00:00:00Z' },
    ]);
    const result = await ingestBatch(
      { pool, s3, buckets: { raw: baseConfig.S3_RAW_BUCKET }, defaultPhoneRegion: 'US' },
      { sourceFileId: source.insertId, sourceName: 'csv:/grants.csv', batchNo: 1, objectKey: key, objectSha256: sha },
    );
    assert.equal(result.inserted, 2);
  } finally {
    s3.destroy();
  }
});

void test('the worker reaches nothing outside its schema: no other database, no users, no grants', async () => {
  const pool = poolAs('worker');
  await assert.rejects(pool.query('SELECT User FROM mysql.user'), ACCESS_DENIED);
  await assert.rejects(pool.query('CREATE DATABASE ??', [`${database}_other`]), ACCESS_DENIED);
  await assert.rejects(pool.query('CREATE USER ?@? IDENTIFIED BY ?', [`${tag}_x`, '%', 'not-allowed-123']), ACCESS_DENIED);
  await assert.rejects(pool.query(`GRANT SELECT ON ${mysql.escapeId(grantSchemaName(database))}.* TO ?@?`, [users.dashboard, '%']), ACCESS_DENIED);
  await assert.rejects(pool.query("SELECT * FROM contacts INTO OUTFILE '/tmp/contacts.out'"), ACCESS_DENIED);
});

void test('a dashboard connection reads contacts but cannot DELETE, UPDATE, INSERT or change the schema', async () => {
  const pool = poolAs('dashboard');
  const [rows] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM contacts');
  assert.equal(Number(rows[0]!.n), 2, 'it sees what the worker ingested');
  await assert.rejects(pool.query('DELETE FROM contacts'), /DELETE command denied/i);
  await assert.rejects(pool.query("UPDATE contacts SET first_name = 'x'"), /UPDATE command denied/i);
  await assert.rejects(pool.query("INSERT INTO import_batches (source_file_id, batch_no, object_key, object_sha256) VALUES (1, 99, 'k', '')"), /INSERT command denied/i);
  await assert.rejects(pool.query('CREATE TABLE dashboard_scratch (x INT)'), /CREATE command denied/i);
  await assert.rejects(pool.query('DROP TABLE contacts'), /DROP command denied/i);
  const [count] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM contacts');
  assert.equal(Number(count[0]!.n), 2, 'nothing was deleted');
});

void test('the backup user dumps the schema with mariadb-dump --single-transaction, may run mariadb-backup\'s statements, and cannot write', { timeout: 60_000 }, async () => {
  const dump = findExecutable('mariadb-dump') ?? findExecutable('mysqldump');
  assert.ok(dump, 'mariadb-dump is installed with the MariaDB client');
  const { stdout } = await promisify(execFile)(dump, [
    '--single-transaction', '--routines', '--events', '--triggers', '--no-tablespaces',
    `--host=${server.hostname}`, `--port=${server.port || 3306}`, `--user=${users.backup}`, database,
  ], { env: { ...process.env, MYSQL_PWD: passwords.backup }, timeout: 50_000, maxBuffer: 64 << 20 });
  assert.match(stdout, /CREATE TABLE `contacts`/);
  assert.match(stdout, /grant\.one@example\.com/, 'the rows are in the dump');
  const pool = poolAs('backup');
  await assert.rejects(pool.query('DELETE FROM contacts'), /DELETE command denied/i);
  // What mariadb-backup asks of the server besides reading (snapshots, activities/snapshots): its backup stages
  // (RELOAD), InnoDB status (PROCESS) and the binary log position (BINLOG MONITOR). START/END block no writer.
  const conn = await pool.getConnection();
  try {
    await conn.query('BACKUP STAGE START');
    await conn.query('BACKUP STAGE END');
    await conn.query('SHOW ENGINE INNODB STATUS');
    await conn.query('SHOW MASTER STATUS');
  } finally {
    conn.release();
  }
});

void test('running the bootstrap again changes nothing; a privilege granted by hand is revoked on the next run', async () => {
  const again = await bootstrapServiceUsers(admin, options);
  assert.deepEqual(again.users.map((u) => [u.user, u.created, u.granted, u.revoked]), Object.values(users).map((u) => [u, false, [], []]));
  const schema = mysql.escapeId(grantSchemaName(database));
  await admin.query(`GRANT INSERT, DELETE ON ${schema}.* TO ?@?`, [users.dashboard, SERVICE_USER_HOST]);
  await admin.query('GRANT PROCESS ON *.* TO ?@? WITH GRANT OPTION', [users.dashboard, SERVICE_USER_HOST]);
  const converged = await bootstrapServiceUsers(admin, options);
  const dashboard = converged.users.find((u) => u.role === 'dashboard')!;
  assert.deepEqual([...dashboard.revoked].sort(), ['DELETE on ' + grantSchemaName(database) + '.*', 'GRANT OPTION on *.*', 'INSERT on ' + grantSchemaName(database) + '.*', 'PROCESS on *.*'].sort());
  await assert.rejects(poolAs('dashboard').query('DELETE FROM contacts'), /DELETE command denied/i);
  const [recorded] = await admin.query<RowDataPacket[]>(`SELECT version, auth FROM ${mysql.escapeId(database)}.service_users_applied`);
  assert.deepEqual(recorded.map((r) => [r.version, r.auth]), [[1, 'password']]);
});

void test('in AWS the users sign in with Aurora IAM authentication over TLS, with no password', () => {
  const statements = signInStatements('contacts_worker', { kind: 'iam' }, 'worker');
  assert.ok(statements.every((s) => /IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL$/.test(s.sql)));
  assert.ok(statements.every((s) => s.values.length === 2), 'user and host only: no password anywhere');
});
