// A pass-through stream that counts and hashes the bytes of a backup object on their way to or from the object store.
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

export function hashingTap(onBytes: (bytes: number) => void = () => {}): { tap: Transform; done(): { bytes: number; sha256: string } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes(bytes);
      cb(null, chunk);
    },
  });
  return { tap, done: () => ({ bytes, sha256: hash.digest('hex') }) };
}
