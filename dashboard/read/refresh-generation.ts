// The newest refresh the read side can see: its id is the cache generation. Read from the database the dashboard
// reads (the replica when configured), so a new generation appears only once the replica has caught up past the
// refresh that made it. Asked at most once a second per process.
import { selectRows, type ReadPool } from './read-pool';

export interface RefreshInfo {
  generation: number;
  finishedAt: string | null;
  durationMs: number | null;
  reason: string | null;
}

const NONE: RefreshInfo = { generation: 0, finishedAt: null, durationMs: null, reason: null };

export function createGenerationReader(pool: ReadPool, maxAgeMs = 1000): () => Promise<RefreshInfo> {
  let cached: { at: number; info: RefreshInfo } | null = null;
  let inflight: Promise<RefreshInfo> | null = null;
  return async () => {
    if (cached && Date.now() - cached.at < maxAgeMs) return cached.info;
    inflight ??= selectRows<{ id: number; finished_at: string; duration_ms: number; reason: string }>(
      pool, 'SELECT id, finished_at, duration_ms, reason FROM dash_refreshes ORDER BY id DESC LIMIT 1', [],
    ).then((rows) => {
      const r = rows[0];
      const info = r ? { generation: Number(r.id), finishedAt: r.finished_at, durationMs: Number(r.duration_ms), reason: r.reason } : NONE;
      cached = { at: Date.now(), info };
      return info;
    }).finally(() => {
      inflight = null;
    });
    return inflight;
  };
}
