// The compliance breakdown by status tag as the last finished scrub stored it (compliance_scrubs.counts: contacts per
// stored status in the results table after that scrub): one small row, so read live, never a GROUP BY over 84M.
import { selectRows, type ReadPool, type RequestTimings } from './read-pool';

export interface TagBreakdown {
  scrub: { id: number; kind: string; finishedAt: string; evaluatedAt: string; rulesVersion: string; contacts: number } | null;
  byStatus: Array<{ status: string; contacts: number }>;
}

export async function readTagBreakdown(pool: ReadPool, t?: RequestTimings): Promise<TagBreakdown> {
  const exists = await selectRows(pool, "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'compliance_scrubs'", [], t);
  if (exists.length === 0) return { scrub: null, byStatus: [] };
  const [row] = await selectRows<Record<string, unknown>>(pool, `SELECT id, kind, finished_at, evaluated_at, rules_version, contacts, counts FROM compliance_scrubs
    WHERE status = 'done' AND counts IS NOT NULL AND kind IN ('full', 'incremental') ORDER BY id DESC LIMIT 1`, [], t);
  if (!row) return { scrub: null, byStatus: [] };
  const counts = (typeof row.counts === 'string' ? JSON.parse(row.counts) : row.counts) as Record<string, number>;
  return {
    scrub: {
      id: Number(row.id), kind: String(row.kind), finishedAt: String(row.finished_at), evaluatedAt: String(row.evaluated_at),
      rulesVersion: String(row.rules_version), contacts: Number(row.contacts),
    },
    byStatus: Object.entries(counts).map(([status, n]) => ({ status, contacts: Number(n) })).sort((a, b) => b.contacts - a.contacts || a.status.localeCompare(b.status)),
  };
}
