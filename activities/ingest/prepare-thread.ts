// Worker-thread side of prepare-threads.ts: prepares one batch per message and hands the stage buffers back
// without copying them (transferred).
import { parentPort } from 'node:worker_threads';
import { prepareBatch, type PrepareRequest } from './prepare-batch';
import type { ThreadReply } from './prepare-threads';

parentPort!.on('message', (msg: { id: number; req: PrepareRequest }) => {
  prepareBatch(msg.req).then(
    (prepared) => {
      const reply: ThreadReply = { id: msg.id, ok: prepared };
      parentPort!.postMessage(reply, [...new Set(prepared.stage.chunks.map((c) => c.buffer as ArrayBuffer))]);
    },
    (err: unknown) => {
      const e = err as { message?: string; name?: string; type?: string; nonRetryable?: boolean; stack?: string };
      // The name travels too: it is the failure type domain/failure-classes.ts classifies (CanonicalCsvError, ...).
      const reply: ThreadReply = { id: msg.id, error: { message: e.message ?? String(err), name: e.name ?? 'Error', type: e.type ?? null, nonRetryable: e.nonRetryable === true, stack: e.stack ?? '' } };
      parentPort!.postMessage(reply);
    },
  );
});
