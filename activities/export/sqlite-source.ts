// A legacy SQLite file as an export source: table and column checks via PRAGMA table_info, MAX(rowid) as the
// snapshot mark, and rowid-ordered reads with exact 64-bit integers (safeIntegers) turned into text with String().
import Database from 'better-sqlite3';
import { columnsOf, mappedColumns, type ColumnMapping } from '../../domain/column-mapping';
import { CanonicalRowPlan, databaseValueText } from './canonical-row';
import type { SqliteCursor } from './export-contract';
import { exportFailure, schemaError } from './source-failure';
import type { InspectedSource, SourceReader } from './source-reader';
import { withTable, type SourceSpec } from './source-spec';

const INTEGER_LITERAL = /^-?\d{1,20}$/;

/** Stored as source_files.snapshot_marker. `rowid` is the alias not shadowed by a real column. */
export interface SqliteMarker {
  table: string;
  rowid: string;
  hwm: string | null;
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

function openDatabase(spec: SourceSpec): Database.Database {
  return new Database(spec.location, { readonly: true, fileMustExist: true });
}

export function inspectSqlite(spec: SourceSpec): InspectedSource {
  const db = openDatabase(spec);
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").pluck().all() as string[];
    let table = spec.table;
    if (table === undefined) {
      if (tables.length !== 1) {
        throw schemaError(spec.name, tables.length === 0 ? 'the file has no tables' : `names no table and the file has ${tables.length}: ${tables.join(', ')}; add ?table=NAME`);
      }
      table = tables[0]!;
    } else if (!tables.includes(table)) {
      throw exportFailure('SourceNotFoundError', spec.name, `table ${table} does not exist (tables: ${tables.join(', ') || 'none'})`);
    }
    const name = withTable(spec, table).name;
    const info = db.prepare('SELECT name, type FROM pragma_table_info(?) ORDER BY cid').all(table) as Array<{ name: string; type: string }>;
    const columns = info.map((c) => c.name);
    const rowid = ['rowid', '_rowid_', 'oid'].find((alias) => !columns.some((c) => c.toLowerCase() === alias));
    if (rowid === undefined) throw schemaError(name, 'columns named rowid, _rowid_ and oid hide the rowid needed for ordered chunks');
    const from = quoteId(table);
    try {
      db.prepare(`SELECT ${rowid} FROM ${from} LIMIT 0`);
    } catch {
      throw schemaError(name, 'is a WITHOUT ROWID table; export needs a rowid to read in resumable chunks');
    }
    const hwmValue = db.prepare(`SELECT MAX(${rowid}) FROM ${from}`).pluck().safeIntegers(true).get() as bigint | null;
    const hwm = hwmValue === null ? null : String(hwmValue);
    const declaredRows = hwm === null ? 0 : Number(db.prepare(`SELECT COUNT(*) FROM ${from} WHERE ${rowid} <= ${hwm}`).pluck().get());
    const marker: SqliteMarker = { table, rowid, hwm };
    const typeOf = new Map(info.map((c) => [c.name, c.type]));
    return {
      table,
      columns,
      declaredRows,
      marker: JSON.stringify(marker),
      checkMapping(mapping: ColumnMapping) {
        for (const [field, column] of Object.entries(mapping).flatMap(([f, v]) => columnsOf(v).map((c) => [f, c] as const))) {
          const type = typeOf.get(column) ?? '';
          if (/BLOB/i.test(type)) throw schemaError(name, `column ${column} (mapped to ${field}) is declared ${type}, which cannot be read as text`, { column, field, type });
        }
      },
    };
  } finally {
    db.close();
  }
}

export function parseSqliteMarker(sourceName: string, json: string | null): SqliteMarker {
  const m = (json ? JSON.parse(json) : null) as Partial<SqliteMarker> | null;
  if (!m || typeof m.table !== 'string' || typeof m.rowid !== 'string' || !['rowid', '_rowid_', 'oid'].includes(m.rowid)
    || !(m.hwm === null || (typeof m.hwm === 'string' && INTEGER_LITERAL.test(m.hwm)))) {
    throw exportFailure('ExportInputError', sourceName, `has no valid SQLite snapshot marker (${json ?? 'null'}); run inspectSource first`);
  }
  return m as SqliteMarker;
}

/** Reads rows with rowid in (cursor.lastRowid, hwm] in rowid order. */
export function openSqliteReader(spec: SourceSpec, marker: SqliteMarker, mapping: ColumnMapping, cursor: SqliteCursor | null): SourceReader {
  if (cursor?.lastRowid != null && !INTEGER_LITERAL.test(cursor.lastRowid)) {
    throw exportFailure('ExportInputError', spec.name, `cursor lastRowid ${JSON.stringify(cursor.lastRowid)} is not an integer`);
  }
  const db = openDatabase(spec);
  const selected = mappedColumns(mapping);
  const plan = new CanonicalRowPlan(mapping, selected);
  const select = `SELECT ${[marker.rowid, ...selected.map(quoteId)].join(', ')} FROM ${quoteId(marker.table)}`;
  const first = db.prepare(`${select} WHERE ${marker.rowid} <= ? ORDER BY ${marker.rowid} LIMIT ?`).raw(true).safeIntegers(true);
  const after = db.prepare(`${select} WHERE ${marker.rowid} > ? AND ${marker.rowid} <= ? ORDER BY ${marker.rowid} LIMIT ?`).raw(true).safeIntegers(true);
  const peek = db.prepare(`SELECT 1 FROM ${quoteId(marker.table)} WHERE ${marker.rowid} > ? AND ${marker.rowid} <= ? LIMIT 1`).pluck();
  let lastRowid = cursor?.lastRowid ?? null;
  let nextRowNo = cursor?.nextRowNo ?? 1;
  return {
    async readBatch(limit, emit) {
      if (marker.hwm === null) return { rows: 0, exhausted: true, cursor: { lastRowid, nextRowNo } };
      const hwm = BigInt(marker.hwm);
      const rows = lastRowid === null
        ? (first.iterate(hwm, limit) as IterableIterator<unknown[]>)
        : (after.iterate(BigInt(lastRowid), hwm, limit) as IterableIterator<unknown[]>);
      let n = 0;
      for (const r of rows) {
        n++;
        lastRowid = String(r[0]);
        await emit(plan.build(nextRowNo++, (i) => databaseValueText(r[i + 1], selected[i]!)));
      }
      return { rows: n, exhausted: n < limit, cursor: { lastRowid, nextRowNo } };
    },
    async hasMore() {
      if (marker.hwm === null) return false;
      if (lastRowid === null) return true;
      return peek.get(BigInt(lastRowid), BigInt(marker.hwm)) !== undefined;
    },
    async close() {
      db.close();
    },
  };
}
