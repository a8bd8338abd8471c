// inspectSource: validates a source's schema and mapping before any batch runs, fixes its snapshot point and
// registers it in source_files (idempotently: a re-run returns the same id and never resets a started export).
import { MappingError, parseMappingFile, resolveMapping, type ColumnMapping } from '../../domain/column-mapping';
import { faultPoint } from '../fault-hook';
import { logInfo } from './activity-progress';
import { inspectCsv } from './csv-source';
import type { InspectSourceInput, InspectSourceResult } from './export-contract';
import type { ResolvedExportDeps } from './export-deps';
import { inspectMysql } from './mysql-source';
import { registerSourceFile } from './source-files-store';
import { putSourceRecord } from '../recovery/source-record';
import { checkBatchSize, classifySourceError, exportFailure, schemaError } from './source-failure';
import type { InspectedSource } from './source-reader';
import { redactLocation, withTable, type SourceSpec } from './source-spec';
import { inspectSqlite } from './sqlite-source';

async function inspectKind(deps: ResolvedExportDeps, spec: SourceSpec): Promise<InspectedSource> {
  try {
    if (spec.kind === 'csv') return await inspectCsv(spec, deps.s3);
    if (spec.kind === 'sqlite') return inspectSqlite(spec);
    const conn = await deps.openMysql(spec.location);
    try {
      return await inspectMysql(spec, conn);
    } finally {
      await conn.close();
    }
  } catch (err) {
    throw classifySourceError(spec.name, err);
  }
}

/**
 * A recorded snapshot is kept across re-inspections (a retry must not move the high-water mark) unless it can no
 * longer be read: a CSV file replaced before any chunk ran.
 */
function snapshotUnusable(spec: SourceSpec, stored: string | null, fresh: string): boolean {
  if (stored === null) return true;
  if (spec.kind !== 'csv') return false;
  const version = (json: string) => {
    const m = JSON.parse(json) as { size?: unknown; version?: unknown };
    return `${String(m.size)}:${String(m.version)}`;
  };
  return version(stored) !== version(fresh);
}

const sameMapping = (a: ColumnMapping, b: ColumnMapping) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

export async function inspectSource(deps: ResolvedExportDeps, input: InspectSourceInput): Promise<InspectSourceResult> {
  const spec = input.source;
  checkBatchSize(spec.name, input.batchSize);
  let explicit: ColumnMapping = {};
  if (input.mappingJson !== undefined) {
    try {
      explicit = parseMappingFile(input.mappingJson);
    } catch (err) {
      if (err instanceof MappingError) throw exportFailure('MappingError', spec.name, err.message, { rule: err.rule, offending: err.offending });
      throw err;
    }
  }
  const inspected = await inspectKind(deps, spec);
  await faultPoint('inspect', { source: spec.name });
  const source = inspected.table === undefined ? spec : withTable(spec, inspected.table);
  let resolved: ReturnType<typeof resolveMapping>;
  try {
    resolved = resolveMapping(inspected.columns, explicit);
  } catch (err) {
    if (err instanceof MappingError) throw schemaError(source.name, err.message, { rule: err.rule, offending: err.offending, columns: inspected.columns });
    throw err;
  }
  inspected.checkMapping(resolved.mapping);

  const row = await registerSourceFile(deps.pool, {
    migrationName: input.migrationName,
    sourceName: source.name,
    kind: source.kind,
    location: redactLocation(source.location),
    batchSize: input.batchSize,
    mapping: resolved.mapping,
    snapshotMarker: inspected.marker,
    declaredRows: inspected.declaredRows,
  }, (stored) => snapshotUnusable(source, stored, inspected.marker));
  if (row.status !== 'registered') {
    // The export already started with the stored values; a different batch size or mapping would mix two exports.
    if (row.batchSize !== input.batchSize) {
      throw exportFailure('SourceConflictError', source.name, `was already exported with batchSize ${row.batchSize} in migration ${input.migrationName}, not ${input.batchSize}`);
    }
    if (row.mapping && !sameMapping(row.mapping, resolved.mapping)) {
      throw exportFailure('SourceConflictError', source.name, `was already exported in migration ${input.migrationName} with a different column mapping`, {
        stored: row.mapping, requested: resolved.mapping,
      });
    }
  }
  // Beside its batches, so a restore to an older snapshot can still replay them (activities/recovery/).
  await putSourceRecord(deps.s3, deps.buckets.raw, row, redactLocation(source.location));
  logInfo('source inspected', {
    sourceFileId: row.id, source: source.name, status: row.status, declaredRows: row.declaredRows, columns: inspected.columns.length,
    mappedFields: Object.keys(resolved.mapping),
  });
  return {
    sourceFileId: row.id,
    source,
    mapping: row.mapping ?? resolved.mapping,
    unmapped: resolved.unmapped,
    declaredRows: row.declaredRows,
    snapshotMarker: row.snapshotMarker,
    columns: inspected.columns,
    batchSize: row.batchSize,
    status: row.status,
  };
}
