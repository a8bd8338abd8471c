// Lines the manifest up with a physical backup's consistency point: mariadb-backup reaches the server through this
// loopback relay, which holds the server's answer to `BACKUP STAGE BLOCK_COMMIT` until a callback has run. While the
// answer is held no transaction can commit, so a REPEATABLE READ snapshot the callback opens sees exactly the
// committed state the backup records (its consistency point is the LSN it reads under that same stage).
import { type AddressInfo, type Server, type Socket, createConnection, createServer } from 'node:net';

export interface CommitBarrier {
  /** The loopback port mariadb-backup connects to (with --protocol=TCP --skip-ssl). */
  port: number;
  /** Resolves once the callback ran under BLOCK_COMMIT; rejects with the callback's error. */
  reached: Promise<void>;
  close(): Promise<void>;
}

const COM_QUERY = 0x03;
const BLOCK_COMMIT = /^\s*BACKUP\s+STAGE\s+BLOCK_COMMIT\b/i;

/** Splits the client's byte stream into MySQL packets (3-byte length, 1-byte sequence) and reports each query text. */
function queryWatcher(onQuery: (sql: string) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const len = pending.readUIntLE(0, 3);
      if (pending.length < 4 + len) break;
      const payload = pending.subarray(4, 4 + len);
      if (payload[0] === COM_QUERY) onQuery(payload.subarray(1, Math.min(payload.length, 200)).toString('utf8'));
      pending = pending.subarray(4 + len);
    }
  };
}

/**
 * Starts the relay to `target`; `underBlockCommit` runs once, the first time any relayed connection's
 * BLOCK_COMMIT has been granted, before mariadb-backup is told so.
 */
export async function startCommitBarrier(target: { host: string; port: number }, underBlockCommit: () => Promise<void>): Promise<CommitBarrier> {
  let resolveReached!: () => void;
  let rejectReached!: (err: unknown) => void;
  const reached = new Promise<void>((res, rej) => {
    resolveReached = res;
    rejectReached = rej;
  });
  reached.catch(() => undefined);
  let fired = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client);
    sockets.add(upstream);
    let holdNextAnswer = false;
    const watch = queryWatcher((sql) => {
      if (!fired && BLOCK_COMMIT.test(sql)) holdNextAnswer = true;
    });
    client.on('data', (chunk: Buffer) => {
      watch(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!holdNextAnswer) {
        client.write(chunk);
        return;
      }
      // The server granted BLOCK_COMMIT (the request/response protocol has nothing else in flight on this connection).
      holdNextAnswer = false;
      fired = true;
      upstream.pause();
      underBlockCommit().then(
        () => {
          resolveReached();
          client.write(chunk);
          upstream.resume();
        },
        (err: unknown) => {
          rejectReached(err);
          client.destroy();
          upstream.destroy();
        },
      );
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => res());
  });
  return {
    port: (server.address() as AddressInfo).port,
    reached,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
}
