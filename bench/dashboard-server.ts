// Runs `dashboard/main.ts` as its own process for the dashboard benchmark (the API under test), waits until it
// listens, and signs a user in the way the page does (session cookie + CSRF), returning the cookie header.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface BenchServer {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startBenchServer(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<BenchServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'dashboard/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dashboard did not listen within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      const m = /dashboard: (http:\/\/\S+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dashboard exited with code ${code}: ${stderr}`));
    });
  });
  return {
    baseUrl,
    pid: child.pid!,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }),
  };
}

/** Signs in and returns the Cookie header value to send with every request. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const s = await fetch(`${baseUrl}/api/session`);
  keep(s);
  const { csrfToken } = (await s.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: header() },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`bench sign-in failed: HTTP ${res.status} ${await res.text()}`);
  keep(res);
  return header();
}
