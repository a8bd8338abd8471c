// mariadb-backup and mbstream (Debian's mariadb-backup package, the same version as the server) for local snapshots:
// installed with apt-get when missing, by `stack:up` and again lazily by the snapshot code on a worker host.
import type { StackContext } from './context';
import { aptInstall } from './apt-install';
import { findExecutable } from './processes';

export async function ensureBackupTools(ctx: StackContext): Promise<void> {
  if (findExecutable('mariadb-backup') && findExecutable('mbstream')) return;
  if (!ctx.allowInstall) throw new Error('mariadb-backup (Debian package mariadb-backup) is not installed and installing is disabled; local snapshots need it');
  await aptInstall(ctx, 'mariadb', 'mariadb-backup');
  if (!findExecutable('mariadb-backup')) throw new Error('apt-get installed mariadb-backup but the mariadb-backup binary is still not found');
}
