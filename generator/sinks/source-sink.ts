// The contract every legacy-source writer follows, so the generator can drive MySQL, SQLite and CSV the same way.
import type { LegacyRow } from '../render';
import type { SourceName } from '../source-profiles';

export interface SourceSink {
  readonly source: SourceName;
  /** Appends one record with its source record id; synchronous so the generator loop stays fast. */
  add(id: number, row: LegacyRow): void;
  /** Applies back-pressure between batches (waits for pending disk writes or loads). */
  flush(): Promise<void>;
  /** Completes the source (last load, commit, rename into place). */
  finish(): Promise<void>;
  /** Best-effort cleanup after a failed run; never throws. */
  abort(): Promise<void>;
}
