// moto's server (PyPI `moto[server]`, installed into the project's .venv like the other PyPI tools) on a free
// loopback port, for the AWS-only control-plane calls (RDS snapshots) that have no local equivalent; stopped after.
import { spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { loadConfig } from '../../config/env';
import { createContext, silentProgress } from '../../stack/context';
import { ensureVenvTool } from '../../stack/python-venv';
import { isPortOpen } from '../../stack/processes';

export const MOTO_PACKAGE = 'moto[server]==5.2.1';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((res) => server.close(() => res()));
  return port;
}

export async function startMoto(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const ctx = createContext(loadConfig(), { progress: silentProgress });
  const binary = await ensureVenvTool(ctx, { binary: 'moto_server', pipPackage: MOTO_PACKAGE, part: 'moto' });
  const port = await freePort();
  const child = spawn(binary, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const exited = new Promise<void>((res) => child.once('close', () => res()));
  const deadline = Date.now() + 60_000;
  while (!(await isPortOpen('127.0.0.1', port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not listen on 127.0.0.1:${port} within 60 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
