// A legacy MySQL table as an export source: schema checks (single integer primary key, text-readable mapped
// columns), a MAX(pk) high-water mark as the snapshot, and keyset-paginated streaming reads up to that mark.
import { columnsOf, mappedColumns, type ColumnMapping } from '../../domain/column-mapping';
import { CanonicalRowPlan, databaseValueText } from './canonical-row';
import type { MysqlCursor } from './export-contract';
import type { MysqlSourceConnection } from './mysql-connection';
import { exportFailure, schemaError } from './source-failure';
import type { InspectedSource, SourceReader } from './source-reader';
import { mysqlTarget, withTable, type SourceSpec } from './source-spec';

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);
const NOT_TEXT_TYPES = new Set([
  'binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob', 'bit', 'geometry', 'point', 'linestring', 'polygon',
  'multipoint', 'multilinestring', 'multipolygon', 'geometrycollection', 'geomcollection',
]);
const INTEGER_LITERAL = /^-?\d{1,20}$/;

/** Stored as source_files.snapshot_marker: the table, its key and the high-water mark every chunk reads up to. */
export interface MysqlMarker {
  table: string;
  pk: string;
  /** MAX(pk) at inspection (decimal string), null for an empty table. */
  hwm: string | null;
}

const quoteId = (name: string) => `\`${name.replace(/`/g, '``')}\``;

export async function inspectMysql(spec: SourceSpec, conn: MysqlSourceConnection): Promise<InspectedSource> {
  const { database } = mysqlTarget(spec.location);
  const tables = (await conn.query(
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    [database],
  )).map((r) => String(r.name));
  let table = spec.table;
  if (table === undefined) {
    if (tables.length !== 1) {
      throw schemaError(spec.name, tables.length === 0
        ? `database ${database} has no tables`
        : `names no table and database ${database} has ${tables.length}: ${tables.join(', ')}; add ?table=NAME`);
    }
    table = tables[0]!;
  } else if (!tables.includes(table)) {
    throw exportFailure('SourceNotFoundError', spec.name, `table ${table} does not exist in database ${database} (tables: ${tables.join(', ') || 'none'})`);
  }
  const name = withTable(spec, table).name;
  const columnRows = await conn.query(
    'SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [database, table],
  );
  const columns = columnRows.map((r) => String(r.name));
  const typeOf = new Map(columnRows.map((r) => [String(r.name), { data: String(r.dataType).toLowerCase(), full: String(r.columnType) }]));
  const pkColumns = (await conn.query(
    "SELECT COLUMN_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX",
    [database, table],
  )).map((r) => String(r.name));
  const pk = pkColumns[0];
  if (pkColumns.length !== 1 || pk === undefined || !INTEGER_TYPES.has(typeOf.get(pk)?.data ?? '')) {
    const found = pkColumns.length === 0 ? 'it has none' : `found (${pkColumns.map((c) => `${c} ${typeOf.get(c)?.full ?? '?'}`).join(', ')})`;
    throw schemaError(name, `primary key must be a single integer column for keyset ranges; ${found}`, { primaryKey: pkColumns });
  }
  const from = `${quoteId(database)}.${quoteId(table)}`;
  const [hwmRow] = await conn.query(`SELECT CAST(MAX(${quoteId(pk)}) AS CHAR) AS hwm FROM ${from}`);
  const hwm = hwmRow?.hwm === null || hwmRow?.hwm === undefined ? null : String(hwmRow.hwm);
  let declaredRows = 0;
  if (hwm !== null) {
    const [countRow] = await conn.query(`SELECT COUNT(*) AS n FROM ${from} WHERE ${quoteId(pk)} <= ${hwm}`);
    declaredRows = Number(countRow?.n ?? 0);
  }
  const marker: MysqlMarker = { table, pk, hwm };
  return {
    table,
    columns,
    declaredRows,
    marker: JSON.stringify(marker),
    checkMapping(mapping: ColumnMapping) {
      for (const [field, column] of Object.entries(mapping).flatMap(([f, v]) => columnsOf(v).map((c) => [f, c] as const))) {
        const type = typeOf.get(column);
        if (type && NOT_TEXT_TYPES.has(type.data)) {
          throw schemaError(name, `column ${column} (mapped to ${field}) has type ${type.full}, which cannot be read as text`, { column, field, type: type.full });
        }
      }
    },
  };
}

export function parseMysqlMarker(sourceName: string, json: string | null): MysqlMarker {
  const m = (json ? JSON.parse(json) : null) as Partial<MysqlMarker> | null;
  if (!m || typeof m.table !== 'string' || typeof m.pk !== 'string' || !(m.hwm === null || (typeof m.hwm === 'string' && INTEGER_LITERAL.test(m.hwm)))) {
    throw exportFailure('ExportInputError', sourceName, `has no valid MySQL snapshot marker (${json ?? 'null'}); run inspectSource first`);
  }
  return m as MysqlMarker;
}

/** Reads rows with pk in (cursor.lastPk, hwm] in pk order, one streamed keyset query per batch. */
export function openMysqlReader(spec: SourceSpec, conn: MysqlSourceConnection, marker: MysqlMarker, mapping: ColumnMapping, cursor: MysqlCursor | null): SourceReader {
  if (cursor?.lastPk != null && !INTEGER_LITERAL.test(cursor.lastPk)) {
    throw exportFailure('ExportInputError', spec.name, `cursor lastPk ${JSON.stringify(cursor.lastPk)} is not an integer`);
  }
  const selected = mappedColumns(mapping);
  const plan = new CanonicalRowPlan(mapping, selected);
  const pk = quoteId(marker.pk);
  const from = `${quoteId(mysqlTarget(spec.location).database)}.${quoteId(marker.table)}`;
  const select = `SELECT ${[pk, ...selected.map(quoteId)].join(', ')} FROM ${from}`;
  let lastPk = cursor?.lastPk ?? null;
  let nextRowNo = cursor?.nextRowNo ?? 1;
  // Integers are validated above and inlined: a string parameter would be compared as a double and lose BIGINT precision.
  const range = () => (lastPk === null ? `${pk} <= ${marker.hwm}` : `${pk} > ${lastPk} AND ${pk} <= ${marker.hwm}`);
  return {
    async readBatch(limit, emit) {
      if (marker.hwm === null) return { rows: 0, exhausted: true, cursor: { lastPk, nextRowNo } };
      let rows = 0;
      for await (const r of conn.stream(`${select} WHERE ${range()} ORDER BY ${pk} LIMIT ${limit}`)) {
        rows++;
        lastPk = String(r[0]);
        await emit(plan.build(nextRowNo++, (i) => databaseValueText(r[i + 1], selected[i]!)));
      }
      return { rows, exhausted: rows < limit, cursor: { lastPk, nextRowNo } };
    },
    async hasMore() {
      if (marker.hwm === null) return false;
      return (await conn.query(`SELECT 1 AS x FROM ${from} WHERE ${range()} LIMIT 1`)).length > 0;
    },
    close: () => conn.close(),
    abort: (reason) => conn.abort(reason),
  };
}
