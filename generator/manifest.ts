// What a generator run produced and how, written next to the data as manifest.json so any run can be reproduced and checked.
import { writeFile } from 'node:fs/promises';
import type { SourceCounts } from './plan';
import type { DuplicateStats, PersonStats } from './population';

export interface Manifest {
  generatorVersion: string;
  seed: number;
  rows: number;
  dupRate: number;
  split: SourceCounts;
  rowsPerSource: SourceCounts;
  duplicateRows: number;
  duplicates: DuplicateStats;
  persons: PersonStats;
  poolSize: number;
  mysql: { url: string; database: string; table: string; checksum: string };
  sqlite: { path: string; table: string };
  csv: { path: string };
  truth: { path: string };
  timing: { startedAt: string; totalMs: number; generateMs: number; mysqlLoadMs: number; rowsPerSecond: number };
}

export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}
