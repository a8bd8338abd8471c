// Checks that a configured certificate or key path names a readable PEM file of the right kind, so a wrong path fails at start-up, not at the first TLS handshake.
import { readFileSync } from 'node:fs';

export type PemKind = 'CERTIFICATE' | 'PRIVATE KEY';

/** What is wrong with the file, or undefined when it holds at least one PEM block of the kind. */
export function pemFileProblem(path: string, kind: PemKind): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  // "PRIVATE KEY" also matches "RSA PRIVATE KEY" and "EC PRIVATE KEY".
  return new RegExp(`-----BEGIN [A-Z ]*${kind}-----`).test(text) ? undefined : `is not a PEM file holding a ${kind.toLowerCase()}`;
}

/** The file's text; throws naming the file and the problem. */
export function readPemFile(path: string, kind: PemKind, purpose: string): string {
  const problem = pemFileProblem(path, kind);
  if (problem) throw new Error(`${purpose}: ${path} ${problem}`);
  return readFileSync(path, 'utf8');
}
