// Writes rows as LOAD DATA's tab-separated text and streams it to the server: the set-based bulk path.
import { Readable } from 'node:stream';
import type { DbConnection } from './connection';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };

const NEEDS_ESCAPE = /[\\\t\n\r\0]/;
const ESCAPABLE = /[\\\t\n\r\0]/g;

/** One LOAD DATA field: NULL as \N, and backslash, tab, newline, CR and NUL escaped. */
export function tsvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPABLE, (c) => ESCAPES[c]!) : value;
}

/** One LOAD DATA line (hot path: a plain loop, no intermediate arrays). */
export function tsvLine(values: Array<string | number | null | undefined>): string {
  let line = tsvField(values[0]);
  for (let i = 1; i < values.length; i++) line += '\t' + tsvField(values[i]);
  return line + '\n';
}

/**
 * Runs `LOAD DATA LOCAL INFILE` for `lines` into `table(columns)`; `setClause` may compute columns
 * from @variables, with `?` placeholders bound to `values`. Returns the number of rows the server loaded.
 */
export async function loadData(conn: DbConnection, table: string, columns: string[], lines: string[], setClause = '', values: unknown[] = []): Promise<number> {
  if (lines.length === 0) return 0;
  const sql =
    `LOAD DATA LOCAL INFILE 'stream' INTO TABLE ${table} CHARACTER SET utf8mb4 ` +
    `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${columns.join(', ')})` +
    (setClause ? ` SET ${setClause}` : '');
  const [result] = await conn.query({
    sql,
    values,
    infileStreamFactory: () => Readable.from(chunked(lines), { objectMode: false }),
  });
  const loaded = (result as { affectedRows: number }).affectedRows;
  if (loaded !== lines.length) throw new Error(`LOAD DATA into ${table} loaded ${loaded} of ${lines.length} rows`);
  return loaded;
}

function* chunked(lines: string[]): Generator<Buffer> {
  const size = 2000;
  for (let i = 0; i < lines.length; i += size) yield Buffer.from(lines.slice(i, i + size).join(''), 'utf8');
}
