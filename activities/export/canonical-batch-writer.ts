// Formats one batch of canonical rows as a deterministic RFC 4180 CSV object (fast-csv formatter) and hashes it.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { format, type CsvFormatterStream } from 'fast-csv';
import { CANONICAL_COLUMNS } from '../../domain/fields';

export interface FormattedBatch {
  body: Buffer;
  sha256: string;
  rows: number;
}

/**
 * Header line of CANONICAL_COLUMNS, then one line per row; LF line ends (also after the last row), UTF-8 without
 * BOM, a field quoted only when it contains a comma, quote, CR or LF, with quotes doubled. Same rows in, same bytes out.
 */
export class CanonicalBatchWriter {
  private readonly stream: CsvFormatterStream<string[], string[]>;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;
  private rows = 0;

  constructor() {
    this.stream = format<string[], string[]>({ headers: [...CANONICAL_COLUMNS], includeEndRowDelimiter: true, rowDelimiter: '\n' });
    this.stream.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = once(this.stream, 'end').then(() => undefined);
    // Observed by finish(); this handler only keeps an early stream error from being an unhandled rejection.
    this.ended.catch(() => undefined);
  }

  get rowCount(): number {
    return this.rows;
  }

  async write(row: string[]): Promise<void> {
    this.rows++;
    if (!this.stream.write(row)) await once(this.stream, 'drain');
  }

  async finish(): Promise<FormattedBatch> {
    this.stream.end();
    await this.ended;
    const body = Buffer.concat(this.chunks);
    this.chunks.length = 0;
    return { body, sha256: createHash('sha256').update(body).digest('hex'), rows: this.rows };
  }
}
