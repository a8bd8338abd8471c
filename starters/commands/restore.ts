// `restore`: RECOVERY.md's procedure in one command: the snapshot into a recovered store (local: a MariaDB on this
// machine, verified against the manifest; AWS: a new Aurora cluster, checked by the store's invariants), then the
// raw-zone batches and the journal after it replayed; prints where it is and what to do next. `replay` is the second
// half alone, for a store recovered another way (a point-in-time restore, a cluster restored by hand).
import { type AppConfig, loadConfig, redactUrl } from '../../config/env';
import { RestoreRefusedError, restoreSnapshot } from '../../activities/recovery/restore';
import { awsReplaySince, restoreAwsSnapshot } from '../../activities/recovery/restore-aws';
import { isLiveDatabase, replayAfter, type ReplayAfterResult } from '../../activities/recovery/replay-after';
import type { S3 } from '../../activities/deps';
import { SnapshotNotFoundError } from '../../activities/snapshots/snapshot-activities';
import { getManifest } from '../../activities/snapshots/snapshot-store';
import { createRds, createS3 } from '../../workers/clients';
import { type Command, UsageError, parseCommandArgs } from '../command';

const say = (step: string, data?: Record<string, unknown>) =>
  console.log(`restore: ${step}${data ? ` ${Object.entries(data).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}` : ''}`);

function checkTarget(target: string | undefined): void {
  if (target !== undefined && !/^(mysql|mariadb):\/\//.test(target)) throw new UsageError(`--target must be a mysql:// URL (got ${JSON.stringify(target)})`);
}

/** Prints what the replay did and every problem; the exit code: 1 when something could not be replayed. */
function reportReplay(r: ReplayAfterResult): number {
  console.log(`replayed    ${r.batches.batchesReplayed} batches (${r.batches.rowsReplayed.toLocaleString('en-US')} rows, ${r.batches.sourcesRecreated} sources recreated) and journal ${r.journal.streams.map((s) => `${s.stream} ${s.replayed}${s.skipped ? ` (${s.skipped} already in the store)` : ''}`).join(', ')} in ${r.replaySec.toFixed(1)} s`);
  for (const p of r.problems) console.error(`NOT REPLAYED: ${p}`);
  return r.problems.length === 0 ? 0 : 1;
}

async function refusedOr(err: unknown): Promise<number> {
  if (err instanceof RestoreRefusedError || err instanceof SnapshotNotFoundError) {
    console.error(`restore refused: ${err.message}`);
    return 2;
  }
  throw err;
}

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restore a snapshot into a recovered database and replay what happened after it (RECOVERY.md)',
  usage: `Usage: npm run cli -- restore --snapshot ID [--target URL] [--allow-live] [--no-replay] [--no-verify]
                               [--cluster-id C] [--instance-class I]   (AWS mode)

Local mode (SNAPSHOT_MODE=local) restores snapshot ID (\`npm run cli -- snapshots\`; the manifests in
s3://<processed>/backups/ list them even when the database is lost) into a recovered MariaDB started on --target's
port on this machine:
  1. streams the backup object through zstd and mbstream into DATA_DIR/restores/ID-PORT, checks its sha256,
     prepares it (mariadb-backup --prepare) and starts mariadbd there (pid file in DATA_DIR/run: stack:down stops it);
  2. verifies every table's rows and checksum against the manifest (--no-verify skips it);
  3. renames the database to --target's database when it differs;
  4. replays every raw-zone batch the snapshot lacks and the journal (opt-outs, attempts, review and merge
     decisions) from the snapshot's consistency point (--no-replay skips it).
--target defaults to mysql://root@127.0.0.1:<SNAPSHOT_SCRATCH_PORT + 1>/<the snapshot's database>. A target on
DATABASE_URL's host and port (the live database) is refused unless --allow-live is given, and even then only once
that server is stopped.

AWS mode (SNAPSHOT_MODE=aws) restores the Aurora cluster snapshot <RDS_CLUSTER_ID>-ID into a new cluster
(--cluster-id, default recovered-ID, the only name the worker's IAM role may create; the database's subnet group
and security group, RDS_VALIDATION_*, else the live cluster's; IAM sign-in on; one
writer of --instance-class, default db.r6g.large), waits until it is available, checks the store's invariants there
(every batch balances, contacts = Σ inserted, every reject stored, no orphans), then replays as in step 4 from
15 minutes before the snapshot's creation time (every replayer is idempotent). --target defaults to DATABASE_URL's
user and database at the new cluster's endpoint, signed in as DATABASE_URL is (DATABASE_TLS, DATABASE_AUTH). The live
cluster is not touched; add readers and point the system at the new cluster as RECOVERY.md says.

Exit code 1 when something after the snapshot could not be replayed (named in the output), 2 when refused.`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      snapshot: { type: 'string' }, target: { type: 'string' }, 'allow-live': { type: 'boolean' }, 'no-replay': { type: 'boolean' }, 'no-verify': { type: 'boolean' },
      'cluster-id': { type: 'string' }, 'instance-class': { type: 'string' },
    });
    if (!values.snapshot) throw new UsageError('--snapshot ID is required (`npm run cli -- snapshots` lists them)');
    const target = values.target as string | undefined;
    checkTarget(target);
    const config = loadConfig();
    const s3 = createS3(config);
    try {
      if (config.SNAPSHOT_MODE === 'aws') {
        if (values['no-verify']) throw new UsageError('--no-verify is for local snapshots: an Aurora restore is always checked by the store invariants');
        const rds = createRds(config);
        try {
          const r = await restoreAwsSnapshot(config, rds, s3, {
            snapshotId: String(values.snapshot), clusterId: values['cluster-id'] as string | undefined, instanceClass: values['instance-class'] as string | undefined,
            targetUrl: target, allowLive: Boolean(values['allow-live']), replay: !values['no-replay'], progress: say,
          });
          console.log(`\nrestored    ${r.snapshot.identifier} (created ${r.snapshot.createdAt}) into cluster ${r.clusterId} (${r.endpoint.host}:${r.endpoint.port}) in ${r.restoreSec.toFixed(1)} s; invariants hold: ${r.invariants.contacts.toLocaleString('en-US')} contacts over ${r.invariants.batches.toLocaleString('en-US')} batches`);
          const code = r.replay ? reportReplay(r.replay) : 0;
          console.log(`store       ${redactUrl(r.targetUrl)}`);
          console.log(`next        add the readers, then point the system at ${r.clusterId} (RECOVERY.md, AWS procedure, step 6)`);
          return code;
        } finally {
          rds.destroy();
        }
      }
      if (values['cluster-id'] || values['instance-class']) throw new UsageError('--cluster-id and --instance-class are for SNAPSHOT_MODE=aws');
      const r = await restoreSnapshot(config, s3, {
        snapshotId: String(values.snapshot), targetUrl: target, allowLive: Boolean(values['allow-live']),
        replay: !values['no-replay'], verify: !values['no-verify'], progress: say,
      });
      console.log(`\nrestored    ${r.manifest.id} (consistent at ${r.manifest.consistentAt}) in ${r.restoreSec.toFixed(1)} s; verified in ${r.verifySec.toFixed(1)} s: ${r.differences.length === 0 ? 'every table matches the manifest' : 'differences'}`);
      const code = r.batches && r.journal ? reportReplay({ batches: r.batches, journal: r.journal, replaySec: r.replaySec, problems: [...r.batches.problems, ...r.journal.problems] }) : 0;
      console.log(`server      ${redactUrl(r.targetUrl)} (pid ${r.server.pid}, data ${r.server.dataDir})`);
      console.log('next        point the system at it (RECOVERY.md step 7): stop the workers, set DATABASE_URL to the URL above, start the workers');
      return code;
    } catch (err) {
      return refusedOr(err);
    } finally {
      s3.destroy();
    }
  },
};

/** Where the journal replay after snapshot `id` starts: the manifest's consistency point, or in AWS mode awsReplaySince. */
async function snapshotSince(config: AppConfig, s3: S3, id: string): Promise<Date> {
  if (config.SNAPSHOT_MODE !== 'aws') {
    const manifest = await getManifest(s3, config.S3_PROCESSED_BUCKET, id);
    if (!manifest) throw new SnapshotNotFoundError(id);
    return new Date(manifest.consistentAt);
  }
  if (!config.RDS_CLUSTER_ID) throw new RestoreRefusedError('SNAPSHOT_MODE=aws needs RDS_CLUSTER_ID');
  const rds = createRds(config);
  try {
    const since = await awsReplaySince(rds, config.RDS_CLUSTER_ID, id);
    if (!since) throw new SnapshotNotFoundError(id);
    return since;
  } finally {
    rds.destroy();
  }
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay the raw-zone batches and the journal after a snapshot into a recovered store (RECOVERY.md)',
  usage: `Usage: npm run cli -- replay --target URL (--snapshot ID | --since TIME) [--allow-live]

The second half of \`restore\`, for a store recovered another way (an Aurora point-in-time restore, a cluster
restored by hand, a restore whose replay was interrupted): ingests every raw-zone batch the store at --target has not
committed (a committed batch is a no-op) and replays the journal (opt-outs, attempts, review and merge decisions)
from the snapshot's consistency point: the manifest's in local mode, 15 minutes before the cluster snapshot's
creation time in AWS mode. --since TIME (ISO 8601) replays the journal from that time instead. --target is signed in
to as DATABASE_URL is (DATABASE_PASSWORD, DATABASE_TLS, DATABASE_AUTH); the live database (DATABASE_URL) is refused
unless --allow-live is given. Safe to run again. Exit code 1 when something could not be replayed (named in the
output), 2 when refused.`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { target: { type: 'string' }, snapshot: { type: 'string' }, since: { type: 'string' }, 'allow-live': { type: 'boolean' } });
    const target = values.target as string | undefined;
    if (!target) throw new UsageError('--target URL is required: the recovered store');
    checkTarget(target);
    if (Boolean(values.snapshot) === Boolean(values.since)) throw new UsageError('give exactly one of --snapshot ID and --since TIME');
    let since: Date | undefined;
    if (values.since) {
      since = new Date(String(values.since));
      if (Number.isNaN(since.getTime())) throw new UsageError(`--since must be an ISO 8601 time (got ${JSON.stringify(values.since)})`);
    }
    const config = loadConfig();
    const s3 = createS3(config);
    try {
      if (isLiveDatabase(config, target) && !values['allow-live']) {
        throw new RestoreRefusedError('--target is the live database (DATABASE_URL): refusing to replay into it; pass --allow-live if that is what was restored');
      }
      if (!since) since = await snapshotSince(config, s3, String(values.snapshot));
      const r = await replayAfter(config, s3, { target: { ...config, DATABASE_URL: target }, since, progress: say });
      const code = reportReplay(r);
      console.log(`store       ${redactUrl(target)} (journal from ${since.toISOString()})`);
      return code;
    } catch (err) {
      return refusedOr(err);
    } finally {
      s3.destroy();
    }
  },
};
