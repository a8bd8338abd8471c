// A sha256 computed on a worker thread: a registry load parses on the main thread while the file's checksum is taken
// on the second core (hashing is about a fifth of a load's CPU). Chunks are copied to the thread (never more than
// MAX_OUTSTANDING bytes ahead of it), so the caller may reuse or drop its buffers at once.
import { Worker } from 'node:worker_threads';

const SOURCE = `
const { parentPort } = require('node:worker_threads');
const hash = require('node:crypto').createHash('sha256');
parentPort.on('message', (m) => {
  if (m === null) parentPort.postMessage({ digest: hash.digest('hex') });
  else { hash.update(m); parentPort.postMessage({ hashed: m.byteLength }); }
});
`;

const MAX_OUTSTANDING = 64 << 20;

export class HashThread {
  private readonly worker = new Worker(SOURCE, { eval: true });
  private outstanding = 0;
  private failed: Error | null = null;
  private wake: (() => void) | null = null;
  private done: { resolve: (hex: string) => void; reject: (err: Error) => void } | null = null;
  private ended = false;

  constructor() {
    this.worker.on('message', (m: { hashed?: number; digest?: string }) => {
      if (m.hashed !== undefined) this.outstanding -= m.hashed;
      if (m.digest !== undefined) this.done?.resolve(m.digest);
      if (this.outstanding < MAX_OUTSTANDING / 2) this.resume();
    });
    const fail = (err: Error) => {
      this.failed ??= err;
      this.done?.reject(this.failed);
      this.resume();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      if (!this.ended) fail(new Error(`the sha256 thread exited (code ${code}) before its digest`));
    });
  }

  private resume(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Adds a chunk; resolves at once unless the thread is MAX_OUTSTANDING bytes behind. */
  async update(chunk: Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    // A copy of its own (Buffer#slice would share the caller's memory, and transferring it would empty the caller's).
    const copy = new Uint8Array(chunk);
    this.outstanding += copy.byteLength;
    this.worker.postMessage(copy, [copy.buffer]);
    while (this.outstanding >= MAX_OUTSTANDING && !this.failed) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failed) throw this.failed;
  }

  /** The hex digest of everything added; the thread ends. */
  async digest(): Promise<string> {
    if (this.failed) throw this.failed;
    try {
      return await new Promise<string>((resolve, reject) => {
        this.done = { resolve, reject };
        this.worker.postMessage(null);
      });
    } finally {
      await this.close();
    }
  }

  /** Ends the thread (a load that failed before its digest calls it too). */
  async close(): Promise<void> {
    this.ended = true;
    await this.worker.terminate();
  }
}
