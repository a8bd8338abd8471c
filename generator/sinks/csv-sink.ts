// Writes the vendor CSV drop (drop.csv): RFC 4180 quoting so names with commas, quotes and line breaks round-trip.
import { rename, rm } from 'node:fs/promises';
import { isoWithOffset } from '../dates';
import type { LegacyRow } from '../render';
import type { SourceSink } from './source-sink';
import { TextFileWriter } from './text-file';

export const CSV_COLUMNS = ['record_id', 'email', 'phone', 'first_name', 'last_name', 'address', 'city', 'state', 'zip', 'date_of_birth', 'updated_at'] as const;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV field: quoted (with doubled quotes) when it holds a delimiter, quote, line break or edge whitespace. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export class CsvSink implements SourceSink {
  readonly source = 'csv';
  private readonly writer: TextFileWriter;
  private readonly partial: string;

  constructor(private readonly path: string) {
    this.partial = `${path}.partial`;
    this.writer = new TextFileWriter(this.partial);
    this.writer.write(`${CSV_COLUMNS.join(',')}\n`);
  }

  add(id: number, r: LegacyRow): void {
    this.writer.write(
      `${id},${csvField(r.email)},${csvField(r.phone)},${csvField(r.firstName)},${csvField(r.lastName)},${csvField(r.street)},` +
        `${csvField(r.city)},${csvField(r.state)},${csvField(r.zip)},${csvField(r.dob)},${isoWithOffset(r.modified, r.modifiedOffset)}\n`,
    );
  }

  flush(): Promise<void> {
    return this.writer.drain();
  }

  async finish(): Promise<void> {
    await this.writer.close();
    await rename(this.partial, this.path);
  }

  async abort(): Promise<void> {
    this.writer.destroy();
    await rm(this.partial, { force: true });
  }
}
