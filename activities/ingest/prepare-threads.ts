// A small pool of worker threads that prepare batches (prepare-batch.ts) off the worker's main thread, so
// parsing and normalizing one batch runs on another core while the main thread drives SQL, S3 and Temporal.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ApplicationFailure } from '@temporalio/common';
import { isRetryable } from '../../domain/failure-classes';
import type { BatchPreparer, PreparedBatch, PrepareRequest } from './prepare-batch';

/** What a thread posts back for request `id` (stage buffers arrive as plain Uint8Arrays over the transferred memory). */
export type ThreadReply =
  | { id: number; ok: PreparedBatch; error?: undefined }
  | { id: number; error: { message: string; name: string; type: string | null; nonRetryable: boolean; stack: string }; ok?: undefined };

interface Job {
  id: number;
  req: PrepareRequest;
  resolve: (p: PreparedBatch) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

export interface ThreadPreparer {
  prepare: BatchPreparer;
  /** Threads started so far (they start on first use). */
  readonly threads: number;
  close(): Promise<void>;
}

/** Each thread's old-generation heap: one batch in flight needs about a third of it. */
const THREAD_HEAP_MB = 1024;

export function createThreadPreparer(size: number): ThreadPreparer {
  if (!Number.isInteger(size) || size < 1) throw new Error(`thread pool size must be a positive integer, got ${size}`);
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  const start = (): Slot => {
    const worker = new Worker(path.join(__dirname, 'thread-boot.mjs'), {
      workerData: { entry: path.join(__dirname, `prepare-thread${path.extname(__filename)}`) },
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
    });
    worker.unref();
    const slot: Slot = { worker, job: null };
    worker.on('message', (reply: ThreadReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      slot.job = null;
      if (reply.ok) {
        const { stage } = reply.ok;
        job.resolve({ ...reply.ok, stage: { lines: stage.lines, chunks: stage.chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)) } });
      } else {
        const e = reply.error!;
        // Temporal types an error by its constructor's name, which does not cross threads: carry it as the
        // failure type, so the retry policy (domain/failure-classes.ts) treats it as it would on this thread.
        const type = e.type ?? e.name;
        job.reject(Object.assign(ApplicationFailure.create({ message: e.message, type, nonRetryable: e.nonRetryable || !isRetryable(type) }), { stack: e.stack }));
      }
      pump();
    });
    const fail = (err: Error) => {
      // A thread that dies (out of memory, crash) fails its batch retryably; the next batch starts a new thread.
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      if (slot.job) slot.job.reject(new Error(`batch preparation thread failed: ${err.message}`));
      slot.job = null;
      pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`thread exited with code ${code}`)));
    slots.push(slot);
    return slot;
  };

  const pump = (): void => {
    while (queue.length > 0 && !closed) {
      const slot = slots.find((s) => s.job === null) ?? (slots.length < size ? start() : undefined);
      if (!slot) return;
      const job = queue.shift()!;
      slot.job = job;
      const bytes = job.req.bytes;
      // Hand the bytes over without a copy when they own their whole ArrayBuffer.
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
      slot.worker.postMessage({ id: job.id, req: job.req }, own ? [bytes.buffer as ArrayBuffer] : []);
    }
  };

  return {
    prepare(req) {
      if (closed) return Promise.reject(new Error('batch preparation threads are closed'));
      return new Promise<PreparedBatch>((resolve, reject) => {
        queue.push({ id: nextId++, req, resolve, reject });
        pump();
      });
    },
    get threads() {
      return slots.length;
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('batch preparation threads are closed'));
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}
