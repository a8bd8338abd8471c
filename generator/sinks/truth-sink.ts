// Writes truth.csv, the answer key: which person every generated row belongs to, so a dedupe run can be scored.
import { rename, rm } from 'node:fs/promises';
import type { SourceName } from '../source-profiles';
import { TextFileWriter } from './text-file';

const TRUTH_COLUMNS = ['source', 'source_record_id', 'person_id'] as const;

export class TruthSink {
  private readonly writer: TextFileWriter;
  private readonly partial: string;

  constructor(private readonly path: string) {
    this.partial = `${path}.partial`;
    this.writer = new TextFileWriter(this.partial);
    this.writer.write(`${TRUTH_COLUMNS.join(',')}\n`);
  }

  add(source: SourceName, recordId: number, personId: number): void {
    this.writer.write(`${source},${recordId},${personId}\n`);
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
