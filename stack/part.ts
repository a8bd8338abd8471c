// The shape each local-stack part (Temporal, MariaDB, Redis, S3) has, and the error that names the part that failed.
import type { StackContext } from './context';

export type PartName = 'temporal' | 'mariadb' | 'redis' | 's3' | 'prometheus';

/** One line of the end-of-`up` summary, e.g. ['Temporal UI', 'http://127.0.0.1:8233']. */
export type SummaryLine = [label: string, value: string];

export interface PartStatus {
  part: PartName;
  label: string;
  up: boolean;
  /** Where it answers (credentials redacted). */
  url: string;
  /** Short facts: namespace, buckets, who started it, why it is down. */
  detail: string;
  /** The pid from `<data>/run/<part>.pid` when this stack started it and it is alive. */
  pid?: number;
}

export interface PartUp extends PartStatus {
  /** `started`: we started it now; `running`: we had started it before; `reused`: someone else's server answered. */
  action: 'started' | 'running' | 'reused';
  summary: SummaryLine[];
  warnings: string[];
}

export interface StackPart {
  name: PartName;
  label: string;
  /** Makes the part answer (reusing, or starting it), health-checks it and ensures what the project needs in it. */
  up(ctx: StackContext): Promise<PartUp>;
  status(ctx: StackContext): Promise<PartStatus>;
}

/** A part could not be started or is not usable; the message always names the part. */
export class StackPartError extends Error {
  override name = 'StackPartError';
  constructor(readonly part: PartName, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** `stackUp` failed for one or more parts; the message has one line per failed part. */
export class StackUpError extends Error {
  override name = 'StackUpError';
  constructor(readonly failures: StackPartError[]) {
    super(failures.map((f) => f.message).join('\n'));
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Only a server on this machine's loopback can be started by the stack. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || host.startsWith('127.');
}

export function secondsSince(startMs: number): string {
  return `${((Date.now() - startMs) / 1000).toFixed(1)}s`;
}

/** The port of a URL, falling back to the scheme's default. */
export function urlPort(url: URL, fallback: number): number {
  return url.port ? Number(url.port) : fallback;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
