// Password hashes for the dashboard's users file: scrypt with a random salt, stored as one self-describing string.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LEN = 32;
/** N=2^15, r=8, p=1: ~32 MB and tens of milliseconds per check, OWASP's scrypt minimum or above. */
const DEFAULT_PARAMS: ScryptParams = { N: 32768, r: 8, p: 1 };

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) => scryptCb(password, salt, KEY_LEN, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$N$r$p$<salt base64>$<key base64>`. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export class PasswordHashFormatError extends Error {
  override name = 'PasswordHashFormatError';
}

/** Parses a stored hash; throws PasswordHashFormatError when it is not one hashPassword wrote. */
export function parsePasswordHash(stored: string): { N: number; r: number; p: number; salt: Buffer; key: Buffer } {
  const parts = stored.split('$');
  const [kind, n, r, p, salt, key] = parts;
  const nums = [n, r, p].map(Number);
  if (parts.length !== 6 || kind !== 'scrypt' || nums.some((x) => !Number.isInteger(x) || x < 1) || !salt || !key) {
    throw new PasswordHashFormatError('password hash must look like scrypt$N$r$p$salt$key (written by `npm run cli -- dashboard-user add`)');
  }
  return { N: nums[0]!, r: nums[1]!, p: nums[2]!, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/** Constant-time comparison of the password's key with the stored one. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parsePasswordHash(stored);
  const key = await scrypt(password, h.salt, h);
  return key.length === h.key.length && timingSafeEqual(key, h.key);
}
