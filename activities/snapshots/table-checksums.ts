// Per-table row counts and content checksums of one database, computed by the server in key-range chunks: the same
// function reads the live database (inside the snapshot's REPEATABLE READ transaction) and the restored copy, so a
// validation compares like with like. Like the reconciliation's contacts checksum it is a sha256 over the rows in key
// order with NULLs marked (QUOTE() writes NULL unquoted); unlike it, every column counts, ids included: a restore
// must give back the very rows, not only the same contacts.
import { createHash } from 'node:crypto';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { TableChecksum } from '../../domain/snapshot-manifest';



/** What the checksum needs of a connection: one session, so it runs inside the caller's transaction. */
export interface QueryConnection {
  query<T extends RowDataPacket[]>(sql: string, values?: unknown[]): Promise<[T, unknown]>;
}

const CHUNK = 200_000;

interface TableShape {
  name: string;
  columns: string[];
  /** The single integer primary-key column, when there is one: chunks are ranges of it. */
  intKey?: string;
}

async function tableShapes(conn: QueryConnection, database: string): Promise<TableShape[]> {
  const [cols] = await conn.query<RowDataPacket[]>(
    `SELECT c.TABLE_NAME AS t, c.COLUMN_NAME AS c, c.DATA_TYPE AS dt, c.COLUMN_KEY AS k
     FROM information_schema.COLUMNS c JOIN information_schema.TABLES tb ON tb.TABLE_SCHEMA = c.TABLE_SCHEMA AND tb.TABLE_NAME = c.TABLE_NAME
     WHERE c.TABLE_SCHEMA = ? AND tb.TABLE_TYPE = 'BASE TABLE' ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`,
    [database],
  );
  const byTable = new Map<string, TableShape & { keys: Array<{ c: string; int: boolean }> }>();
  for (const r of cols) {
    const name = String(r.t);
    const shape = byTable.get(name) ?? { name, columns: [], keys: [] };
    shape.columns.push(String(r.c));
    if (r.k === 'PRI') shape.keys.push({ c: String(r.c), int: /int$/.test(String(r.dt)) });
    byTable.set(name, shape);
  }
  return [...byTable.values()].map(({ keys, ...s }) => ({ ...s, intKey: keys.length === 1 && keys[0]!.int ? keys[0]!.c : undefined }));
}

/** The row-hash aggregate of a set of rows: count and the XOR of each row's 64-bit SHA1 prefix. */
function aggregateSql(shape: TableShape, database: string): string {
  const row = `CONCAT_WS(',', ${shape.columns.map((c) => `QUOTE(${mysql.escapeId(c)})`).join(', ')})`;
  return `SELECT COUNT(*) AS n, CAST(BIT_XOR(CAST(CONV(LEFT(SHA1(${row}), 16), 16, 10) AS UNSIGNED)) AS CHAR) AS x FROM ${mysql.escapeId(database)}.${mysql.escapeId(shape.name)}`;
}

async function tableChecksum(conn: QueryConnection, database: string, shape: TableShape, progress: (table: string, key: number) => void): Promise<TableChecksum> {
  const hash = createHash('sha256');
  const aggregate = aggregateSql(shape, database);
  let rows = 0;
  if (!shape.intKey) {
    const [r] = await conn.query<RowDataPacket[]>(aggregate);
    rows = Number(r[0]!.n);
    hash.update(`all\t${rows}\t${String(r[0]!.x)}\n`);
    return { table: shape.name, rows, sha256: hash.digest('hex') };
  }
  const key = mysql.escapeId(shape.intKey);
  const [bounds] = await conn.query<RowDataPacket[]>(`SELECT MIN(${key}) AS lo, MAX(${key}) AS hi FROM ${mysql.escapeId(database)}.${mysql.escapeId(shape.name)}`);
  if (bounds[0]!.lo !== null) {
    const lo = BigInt(String(bounds[0]!.lo));
    const hi = BigInt(String(bounds[0]!.hi));
    for (let from = lo; from <= hi; from += BigInt(CHUNK)) {
      const to = from + BigInt(CHUNK) - 1n;
      const [r] = await conn.query<RowDataPacket[]>(`${aggregate} WHERE ${key} BETWEEN ? AND ?`, [from.toString(), to.toString()]);
      const n = Number(r[0]!.n);
      if (n > 0) hash.update(`${from}\t${n}\t${String(r[0]!.x)}\n`);
      rows += n;
      progress(shape.name, Number(to));
    }
  }
  return { table: shape.name, rows, sha256: hash.digest('hex') };
}

/** Every base table of `database`, by name, with its row count and checksum. */
export async function tableChecksums(conn: QueryConnection, database: string, progress: (table: string, key: number) => void = () => {}): Promise<TableChecksum[]> {
  const out: TableChecksum[] = [];
  for (const shape of await tableShapes(conn, database)) out.push(await tableChecksum(conn, database, shape, progress));
  return out;
}
