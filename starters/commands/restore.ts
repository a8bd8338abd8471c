// `restore`: RECOVERY.md's procedure in one command: the snapshot into a recovered MariaDB, verified against its
// manifest, then the raw-zone batches and the journal after it replayed; prints where it is and what to do next.
import { loadConfig, redactUrl } from '../../config/env';
import { RestoreRefusedError, restoreSnapshot } from '../../activities/recovery/restore';
import { SnapshotNotFoundError } from '../../activities/snapshots/snapshot-activities';
import { createS3 } from '../../workers/clients';
import { type Command, UsageError, parseCommandArgs } from '../command';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restore a snapshot into a recovered database and replay what happened after it (RECOVERY.md)',
  usage: `Usage: npm run cli -- restore --snapshot ID [--target URL] [--allow-live] [--no-replay] [--no-verify]

Restores local snapshot ID (\`npm run cli -- snapshots\`; the manifests in s3://<processed>/backups/ list them even
when the database is lost) into a recovered MariaDB started on --target's port on this machine:
  1. streams the backup object through zstd and mbstream into DATA_DIR/restores/ID-PORT, checks its sha256,
     prepares it (mariadb-backup --prepare) and starts mariadbd there (pid file in DATA_DIR/run: stack:down stops it);
  2. verifies every table's rows and checksum against the manifest (--no-verify skips it);
  3. renames the database to --target's database when it differs;
  4. replays every raw-zone batch the snapshot lacks and the journal (opt-outs, attempts, review and merge
     decisions) from the snapshot's consistency point (--no-replay skips it).
--target defaults to mysql://root@127.0.0.1:<SNAPSHOT_SCRATCH_PORT + 1>/<the snapshot's database>. A target on
DATABASE_URL's host and port (the live database) is refused unless --allow-live is given, and even then only once
that server is stopped. Exit code 1 when something after the snapshot could not be replayed (named in the output).`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      snapshot: { type: 'string' }, target: { type: 'string' }, 'allow-live': { type: 'boolean' }, 'no-replay': { type: 'boolean' }, 'no-verify': { type: 'boolean' },
    });
    if (!values.snapshot) throw new UsageError('--snapshot ID is required (`npm run cli -- snapshots` lists them)');
    const target = values.target as string | undefined;
    if (target !== undefined && !/^(mysql|mariadb):\/\//.test(target)) throw new UsageError(`--target must be a mysql:// URL (got ${JSON.stringify(target)})`);
    const config = loadConfig();
    const s3 = createS3(config);
    try {
      const r = await restoreSnapshot(config, s3, {
        snapshotId: String(values.snapshot), targetUrl: target, allowLive: Boolean(values['allow-live']),
        replay: !values['no-replay'], verify: !values['no-verify'],
        progress: (step, data) => console.log(`restore: ${step}${data ? ` ${Object.entries(data).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}` : ''}`),
      });
      const problems = [...(r.batches?.problems ?? []), ...(r.journal?.problems ?? [])];
      console.log(`\nrestored    ${r.manifest.id} (consistent at ${r.manifest.consistentAt}) in ${r.restoreSec.toFixed(1)} s; verified in ${r.verifySec.toFixed(1)} s: ${r.differences.length === 0 ? 'every table matches the manifest' : 'differences'}`);
      if (r.batches) console.log(`replayed    ${r.batches.batchesReplayed} batches (${r.batches.rowsReplayed.toLocaleString('en-US')} rows, ${r.batches.sourcesRecreated} sources recreated) and journal ${r.journal!.streams.map((s) => `${s.stream} ${s.replayed}${s.skipped ? ` (${s.skipped} already in the store)` : ''}`).join(', ')} in ${r.replaySec.toFixed(1)} s`);
      console.log(`server      ${redactUrl(r.targetUrl)} (pid ${r.server.pid}, data ${r.server.dataDir})`);
      console.log('next        point the system at it (RECOVERY.md step 5): stop the workers, set DATABASE_URL to the URL above, start the workers');
      for (const p of problems) console.error(`NOT REPLAYED: ${p}`);
      return problems.length === 0 ? 0 : 1;
    } catch (err) {
      if (err instanceof RestoreRefusedError || err instanceof SnapshotNotFoundError) {
        console.error(`restore refused: ${err.message}`);
        return 2;
      }
      throw err;
    } finally {
      s3.destroy();
    }
  },
};
