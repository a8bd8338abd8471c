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

const CHUNK_BYTES = 1 << 20;

/** Finished LOAD DATA text: whole lines in buffers, and how many lines. */
export interface StageText {
  chunks: Buffer[];
  lines: number;
}

/**
 * LOAD DATA text built straight into 1 MB buffers, line by line: no array of line strings kept alive
 * until the load (they would outlive the young generation and cost a full collection each batch).
 */
export class TsvChunks {
  readonly chunks: Buffer[] = [];
  lines = 0;
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;

  /** Appends one complete line (ending in '\n'). */
  push(line: string): void {
    const worst = line.length * 3;
    if (this.pos + worst > this.buf.length) {
      this.seal();
      if (worst > this.buf.length) this.buf = Buffer.allocUnsafe(worst);
    }
    this.pos += this.buf.write(line, this.pos, 'utf8');
    this.lines += 1;
  }

  /** The filled buffers; call once, after the last line. */
  finish(): Buffer[] {
    this.seal();
    return this.chunks;
  }

  private seal(): void {
    if (this.pos > 0) this.chunks.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
    this.pos = 0;
  }
}

/**
 * Runs `LOAD DATA LOCAL INFILE` for `text` into `table(columns)`; `setClause` may compute columns from
 * @variables, with `?` placeholders bound to `values`. Returns the number of rows the server loaded.
 */
export async function loadData(conn: DbConnection, table: string, columns: string[], text: StageText, setClause = '', values: unknown[] = []): Promise<number> {
  const count = text.lines;
  if (count === 0) return 0;
  const sql =
    `LOAD DATA LOCAL INFILE 'stream' INTO TABLE ${table} CHARACTER SET utf8mb4 ` +
    `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${columns.join(', ')})` +
    (setClause ? ` SET ${setClause}` : '');
  const [result] = await conn.query({
    sql,
    values,
    infileStreamFactory: () => Readable.from(text.chunks, { objectMode: false }),
  });
  const loaded = (result as { affectedRows: number }).affectedRows;
  if (loaded !== count) throw new Error(`LOAD DATA into ${table} loaded ${loaded} of ${count} rows`);
  return loaded;
}
