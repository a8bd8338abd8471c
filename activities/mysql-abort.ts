// Ends a mysql2 connection so that the statement in flight fails instead of waiting forever.
/**
 * Fails the statement in flight and every queued one on `conn` with `reason`, and closes it (a pooled connection
 * leaves its pool). mysql2's own destroy() only half-closes the socket and marks the connection closing, which
 * leaves a pending statement's promise unsettled for ever; destroying the socket with an error takes mysql2's
 * network-error path instead, which settles every command it holds.
 */
export function abortMysqlConnection(conn: { destroy(): void }, reason: unknown): void {
  const err = reason instanceof Error ? reason : new Error(String(reason));
  const socket = (conn as unknown as { stream?: { destroy(error?: Error): void } }).stream;
  if (socket) socket.destroy(err);
  else conn.destroy();
}
