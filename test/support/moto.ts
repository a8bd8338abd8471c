// moto's server (PyPI `moto[server]`, installed into the project's .venv by the project's own venv helper) on a free
// loopback port: the CloudWatch and SNS APIs for tests, where no local equivalent of those AWS-only services exists.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../metrics/publish-metrics';
import { createContext, silentProgress } from '../../stack/context';
import { ensureVenvTool } from '../../stack/python-venv';
import { baseConfig } from './services';
import { waitFor } from './wait';

export interface MotoServer {
  url: string;
  stop(): Promise<void>;
}

/** Credentials moto accepts (any); set before an AWS client is built. */
export function useMotoCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

export async function startMoto(): Promise<MotoServer> {
  const ctx = createContext(baseConfig, { progress: silentProgress });
  const binary = await ensureVenvTool(ctx, { binary: 'moto_server', pipPackage: 'moto[server]==5.2.5', part: 'moto', venvOnly: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let out = '';
  const child: ChildProcess = spawn(binary, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor(`moto_server on ${url} (output: ${out.slice(-500)})`, async () => {
      if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${out.slice(-1000)}`);
      try {
        return (await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) })).ok;
      } catch {
        return false;
      }
    }, { timeoutMs: 60_000, intervalMs: 250 });
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const limit = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(limit);
    },
  };
}
