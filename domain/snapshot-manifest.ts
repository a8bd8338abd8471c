// What a snapshot promises (its manifest) and how a restored copy is judged against it; pure, shared by both modes.

export interface TableChecksum {
  table: string;
  rows: number;
  sha256: string;
}

export interface SnapshotManifest {
  id: string;
  mode: 'local' | 'aws';
  database: string;
  /** The consistency point, ISO 8601 UTC: what committed before it is in the snapshot, nothing after. */
  consistentAt: string;
  /** How the manifest was lined up with the snapshot (see activities/snapshots/commit-barrier.ts). */
  consistency: 'block-commit-barrier' | 'cluster-snapshot';
  /** Where the snapshot is: s3://bucket/key (local) or the cluster snapshot ARN (aws). */
  location: string;
  objectBytes?: number;
  objectSha256?: string;
  /** The newest committed import batch at the consistency point: replay ingests raw-zone batches after it. */
  lastImportBatchId: number | null;
  tables: TableChecksum[];
  /** Tool versions, for a person reading it during a recovery. */
  tool: string;
}

export interface TableDifference {
  table: string;
  expected: { rows: number; sha256: string } | null;
  actual: { rows: number; sha256: string } | null;
}

/** The tables whose presence, row count or checksum differ between the manifest and a restored copy. */
export function compareChecksums(expected: TableChecksum[], actual: TableChecksum[]): TableDifference[] {
  const a = new Map(actual.map((t) => [t.table, t]));
  const e = new Map(expected.map((t) => [t.table, t]));
  const names = [...new Set([...e.keys(), ...a.keys()])].sort();
  const pick = (t?: TableChecksum) => (t ? { rows: t.rows, sha256: t.sha256 } : null);
  return names
    .filter((n) => e.get(n)?.rows !== a.get(n)?.rows || e.get(n)?.sha256 !== a.get(n)?.sha256)
    .map((n) => ({ table: n, expected: pick(e.get(n)), actual: pick(a.get(n)) }));
}
