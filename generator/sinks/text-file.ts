// Buffered, back-pressured text output: rows are appended synchronously, written in ~1 MiB chunks, memory stays flat.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const CHUNK_CHARS = 1 << 20;

export class TextFileWriter {
  private parts: string[] = [];
  private size = 0;
  private readonly stream: WriteStream;
  private failure: Error | undefined;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'w', encoding: 'utf8' });
    this.stream.on('error', (err) => {
      this.failure ??= err;
    });
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK_CHARS) this.spill();
  }

  private spill(): void {
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.stream.write(chunk);
  }

  /** Waits until the OS has taken what was written so far (call between batches). */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.writableNeedDrain) return;
    await once(this.stream, 'drain'); // rejects if the stream emits 'error' meanwhile
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.spill();
    if (this.failure) throw this.failure;
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }

  /** Stops writing without waiting (used when a run fails). */
  destroy(): void {
    this.stream.destroy();
  }
}
