// RECOVERY.md's AWS procedure end to end: an Aurora cluster snapshot (moto's RDS API), batches, an opt-out and a
// contact attempt after it, then `restore` in AWS mode restores the snapshot into a new cluster, checks the store's
// invariants and replays what came after, and `replay` alone is a no-op when run again. The emulator restores no
// data, so the recovered cluster's store is stood in for by a real copy of the database taken at the snapshot
// (mariadb-dump into another database of the real MariaDB); the replay and every check run against that real copy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { RowDataPacket } from 'mysql2/promise';
import { CreateDBClusterCommand, DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { contactsChecksum } from '../../activities/reconcile/contacts-checksum';
import { createSnapshotActivities } from '../../activities/snapshots/snapshot-activities';
import { checkStoreInvariants } from '../../activities/snapshots/store-invariants';
import { findExecutable } from '../../stack/processes';
import { createDbPool } from '../../workers/clients';
import { startMoto } from '../support/moto';
import { uniqueName } from '../support/services';
import { createSnapshotEnv, ingestContacts, ingestGeneratedBatch, journalDecisions, storeCounts, type SnapshotEnv } from '../support/snapshot-env';

const CLUSTER = 'contacts-restore-test';
const SNAPSHOT = 'snap-20260106-023000';


/** A copy of `from` in `to` on the same server, as the cluster snapshot holds it: schema, rows and triggers. */
async function copyDatabase(url: URL, from: string, to: string): Promise<void> {
  const dump = findExecutable('mariadb-dump') ?? findExecutable('mysqldump');
  const client = findExecutable('mariadb') ?? findExecutable('mysql');
  assert.ok(dump && client, 'the MariaDB client tools are installed');
  const conn = [`--host=${url.hostname}`, `--port=${url.port || 3306}`, `--user=${decodeURIComponent(url.username) || 'root'}`];
  const env = { ...process.env, MYSQL_PWD: decodeURIComponent(url.password) };
  await promisify(execFile)(client, [...conn, '-e', `CREATE DATABASE \`${to}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`], { env, timeout: 30_000 });
  await new Promise<void>((resolve, reject) => {
    const d = spawn(dump, [...conn, '--single-transaction', '--routines', '--triggers', '--no-tablespaces', from], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const c = spawn(client, [...conn, to], { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    d.stderr.on('data', (b: Buffer) => (err += b.toString()));
    c.stderr.on('data', (b: Buffer) => (err += b.toString()));
    d.stdout.pipe(c.stdin);
    const limit = setTimeout(() => { d.kill('SIGKILL'); c.kill('SIGKILL'); }, 120_000);
    c.once('exit', (code) => {
      clearTimeout(limit);
      if (code === 0 && d.exitCode === 0) resolve();
      else reject(new Error(`copying ${from} to ${to} failed (dump ${d.exitCode}, load ${code}): ${err.slice(-1000)}`));
    });
  });
}

describe('RECOVERY.md, AWS procedure (RDS API emulator, real store beside it)', { timeout: 600_000 }, () => {
  let env: SnapshotEnv;
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let rds: RDSClient;
  let recoveredDb: string;
  let recoveredUrl: string;
  const awsEnv = () => ({
    ...process.env, DATABASE_URL: env.db.url, S3_RAW_BUCKET: env.deps.buckets.raw, S3_PROCESSED_BUCKET: env.deps.buckets.processed,
    SNAPSHOT_MODE: 'aws', RDS_CLUSTER_ID: CLUSTER, RDS_ENDPOINT: moto.url, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing',
  });
  const cli = (args: string[]) => promisify(execFile)('npm', ['run', '--silent', 'cli', '--', ...args], { env: awsEnv(), timeout: 240_000 })
    .then((r) => ({ code: 0, ...r }), (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }));

  before(async () => {
    moto = await startMoto();
    rds = new RDSClient({ region: 'us-east-1', endpoint: moto.url, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    await rds.send(new CreateDBClusterCommand({ DBClusterIdentifier: CLUSTER, Engine: 'aurora-mysql', MasterUsername: 'admin', MasterUserPassword: 'not-a-secret-1' }));
    env = await createSnapshotEnv('awsrestore', 3316);
    recoveredDb = `${env.db.name}_recovered`;
    const u = new URL(env.db.url);
    u.pathname = `/${recoveredDb}`;
    recoveredUrl = u.toString();
  });
  after(async () => {
    await env?.db.pool.query(`DROP DATABASE IF EXISTS \`${recoveredDb}\``).catch(() => undefined);
    rds?.destroy();
    await moto?.stop();
    await env?.drop();
  });

  test('restore in AWS mode: a new cluster from the snapshot, invariants checked, later batches and journal replayed', { timeout: 540_000 }, async () => {
    // The store at the daily snapshot: migration A, two batches.
    const migrationA = uniqueName('a');
    const sourceA = await ingestContacts(env, migrationA, 2, 300);
    const config = { ...env.config, SNAPSHOT_MODE: 'aws' as const, RDS_CLUSTER_ID: CLUSTER };
    await createSnapshotActivities({ ...env.deps, config, rds, awsValidation: { maxWaitSec: 60 } }).takeSnapshot({ snapshotId: SNAPSHOT });
    await copyDatabase(new URL(env.db.url), env.db.name, recoveredDb); // what the cluster snapshot holds

    // Work after it: a later batch of A, a new migration B, a contact attempt and an opt-out (journaled).
    await ingestGeneratedBatch(env, migrationA, sourceA, 3, 300);
    await ingestContacts(env, uniqueName('b'), 2, 200, 10_000);
    await journalDecisions(env, 'aws');
    const beforeSum = await contactsChecksum(env.db.pool);
    const beforeCounts = await storeCounts(env.db.pool);
    assert.deepEqual(beforeCounts, { contacts: 1300, batches: 5, sources: 2 });

    // Refusals: the live database as target, a snapshot that does not exist.
    const live = await cli(['restore', '--snapshot', SNAPSHOT, '--target', env.db.url]);
    assert.equal(live.code, 2, live.stdout + live.stderr);
    assert.match(live.stderr, /live database/);
    const missing = await cli(['restore', '--snapshot', 'snap-20200101-000000', '--target', recoveredUrl]);
    assert.equal(missing.code, 2, missing.stdout + missing.stderr);
    assert.match(missing.stderr, /no snapshot "snap-20200101-000000"/);

    const restored = await cli(['restore', '--snapshot', SNAPSHOT, '--target', recoveredUrl, '--instance-class', 'db.t4g.medium']);
    assert.equal(restored.code, 0, restored.stdout + restored.stderr);
    assert.match(restored.stdout, new RegExp(`restored {4}${CLUSTER}-${SNAPSHOT} \\(created [^)]+\\) into cluster recovered-${SNAPSHOT} .*invariants hold: 600 contacts over 2 batches`));
    assert.match(restored.stdout, /replayed {4}3 batches \(700 rows, 1 sources recreated\) and journal opt-outs 1, attempts 1, review-decisions 0, merges 0/);

    // The control plane: a new cluster tagged with its snapshot, with a writer of the asked class; the live one untouched.
    const c = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: `recovered-${SNAPSHOT}` }))).DBClusters?.[0];
    assert.equal(c?.Status, 'available');
    assert.equal(c?.IAMDatabaseAuthenticationEnabled, true);
    assert.equal(c?.TagList?.find((t) => t.Key === 'contacts:restored-from')?.Value, SNAPSHOT);
    assert.deepEqual(c?.DBClusterMembers?.map((m) => m.DBInstanceIdentifier), [`recovered-${SNAPSHOT}-1`]);
    const liveCluster = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: CLUSTER }))).DBClusters?.[0];
    assert.equal(liveCluster?.Status, 'available');

    // The data path: the recovered store holds what the store held before the disaster.
    const target = createDbPool({ DATABASE_URL: recoveredUrl }, { connectionLimit: 2 });
    try {
      assert.deepEqual(await contactsChecksum(target), beforeSum);
      assert.deepEqual(await storeCounts(target), beforeCounts);
      assert.deepEqual((await checkStoreInvariants(target)).problems, []);
      const [optOuts] = await target.query<RowDataPacket[]>('SELECT kind, phone_e164, channel FROM suppression_log');
      assert.deepEqual(optOuts.map((o) => [o.kind, o.phone_e164, o.channel]), [['opt-out', '+14155551234', 'ALL']]);
      const [attempts] = await target.query<RowDataPacket[]>('SELECT phone_e164, channel FROM contact_attempts');
      assert.deepEqual(attempts.map((a) => [a.phone_e164, a.channel]), [['+13052345678', 'VOICE']]);

      // `replay` alone (an interrupted replay run again): nothing new, nothing doubled; the live database refused.
      const again = await cli(['replay', '--snapshot', SNAPSHOT, '--target', recoveredUrl]);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.match(again.stdout, /replayed {4}0 batches \(0 rows, 0 sources recreated\)/);
      assert.deepEqual(await storeCounts(target), beforeCounts);
      const [n] = await target.query<RowDataPacket[]>('SELECT (SELECT COUNT(*) FROM suppression_log) AS s, (SELECT COUNT(*) FROM contact_attempts) AS a');
      assert.deepEqual([Number(n[0]!.s), Number(n[0]!.a)], [1, 1]);
      const refused = await cli(['replay', '--snapshot', SNAPSHOT, '--target', env.db.url]);
      assert.equal(refused.code, 2, refused.stdout + refused.stderr);
      assert.match(refused.stderr, /live database/);
    } finally {
      await target.end();
    }
  });
});
